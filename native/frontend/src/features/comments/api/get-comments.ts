import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { Comment } from '@/types/models';

/** GET /tickets/{id}/comments — internal notes only for staff (the API filters them). */
export function getComments(ticketId: number, signal?: AbortSignal): Promise<{ items: Comment[] }> {
  return api.get<{ items: Comment[] }>(`/tickets/${ticketId}/comments`, { signal });
}

export const commentsQueryOptions = (ticketId: number) =>
  queryOptions({ queryKey: queryKeys.comments(ticketId), queryFn: ({ signal }) => getComments(ticketId, signal) });

export function useComments(ticketId: number) {
  return useQuery(commentsQueryOptions(ticketId));
}
