import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { Ticket } from '@/types/models';

/** GET /tickets/{id} — opening it also marks its activity as read for this person. */
export function getTicket(id: number, signal?: AbortSignal): Promise<Ticket> {
  return api.get<Ticket>(`/tickets/${id}`, { signal });
}

export const ticketQueryOptions = (id: number) =>
  queryOptions({ queryKey: queryKeys.ticket(id), queryFn: ({ signal }) => getTicket(id, signal) });

export function useTicket(id: number) {
  return useQuery(ticketQueryOptions(id));
}
