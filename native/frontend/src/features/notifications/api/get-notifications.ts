import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { Notifications } from '@/types/models';

export const NOTIFICATIONS_INTERVAL_MS = 30_000;

/** GET /notifications — the tickets with unread activity for the signed-in person. */
export function getNotifications(): Promise<Notifications> {
  return api.get<Notifications>('/notifications');
}

export const notificationsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.notifications,
    queryFn: getNotifications,
    staleTime: 0,
    refetchOnWindowFocus: 'always',
    refetchInterval: NOTIFICATIONS_INTERVAL_MS,
  });

export function useNotifications({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...notificationsQueryOptions(), enabled });
}

/** The ids of the tickets with unread activity (for markers in the list). */
export function useUnreadTicketIds(): ReadonlySet<number> {
  const { data } = useNotifications();
  return new Set(data?.tickets.map((ticket) => ticket.id) ?? []);
}
