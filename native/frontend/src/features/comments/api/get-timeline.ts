import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { Timeline } from '@/types/models';

/** GET /tickets/{id}/timeline — the ticket's changes of status and assignee, oldest first. */
export function getTimeline(ticketId: number, signal?: AbortSignal): Promise<Timeline> {
  return api.get<Timeline>(`/tickets/${ticketId}/timeline`, { signal });
}

export const timelineQueryOptions = (ticketId: number) =>
  queryOptions({ queryKey: queryKeys.timeline(ticketId), queryFn: ({ signal }) => getTimeline(ticketId, signal) });

export function useTimeline(ticketId: number) {
  return useQuery(timelineQueryOptions(ticketId));
}
