import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useMatch } from 'react-router';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { Notifications } from '@/types/models';

/** Until the API has said otherwise (its `poll_seconds`, NOTIFICATIONS_POLL_SECONDS). */
export const NOTIFICATIONS_INTERVAL_MS = 30_000;

/** GET /notifications — the tickets with unread activity for the signed-in person, and the
 * version of the ticket open on screen (`ticket`), so one poll also tells that it changed. */
export function getNotifications(ticket: number | null): Promise<Notifications> {
  return api.get<Notifications>('/notifications', { query: { ticket } });
}

/** The poll's interval: the server's setting once known. */
export function pollInterval(data: Notifications | undefined): number {
  return data?.poll_seconds ? data.poll_seconds * 1000 : NOTIFICATIONS_INTERVAL_MS;
}

export const notificationsQueryOptions = (ticket: number | null = null) =>
  queryOptions({
    queryKey: [...queryKeys.notifications, ticket] as const,
    queryFn: () => getNotifications(ticket),
    staleTime: 0,
    refetchOnWindowFocus: 'always',
    refetchInterval: (query) => pollInterval(query.state.data),
    // Opening another ticket asks anew; the bell keeps its count meanwhile.
    placeholderData: keepPreviousData,
  });

/** The id of the ticket whose page is open, or null. */
export function useOpenTicketId(): number | null {
  const match = useMatch('/tickets/:ticketId');
  const id = match?.params.ticketId ?? '';
  return /^[1-9][0-9]{0,9}$/.test(id) ? Number(id) : null;
}

export function useNotifications({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...notificationsQueryOptions(useOpenTicketId()), enabled });
}

/** The ids of the tickets with unread activity (for markers in the list). */
export function useUnreadTicketIds(): ReadonlySet<number> {
  const { data } = useNotifications();
  return new Set(data?.tickets.map((ticket) => ticket.id) ?? []);
}
