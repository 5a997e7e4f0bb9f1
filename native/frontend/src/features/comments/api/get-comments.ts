import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { CommentPage } from '@/types/models';

/** GET /tickets/{id}/comments — one page of the thread: the newest replies, or those before
 * `before`; `older` is the cursor to the page before it. Internal notes only for staff. */
export function getComments(ticketId: number, before: number | null, signal?: AbortSignal): Promise<CommentPage> {
  return api.get<CommentPage>(`/tickets/${ticketId}/comments`, { query: { before }, signal });
}

/** The pages loaded so far, newest first; each page's replies are oldest first. */
export const commentsQueryOptions = (ticketId: number) =>
  infiniteQueryOptions({
    queryKey: queryKeys.comments(ticketId),
    queryFn: ({ pageParam, signal }) => getComments(ticketId, pageParam, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (page: CommentPage) => page.older,
  });

export function useComments(ticketId: number) {
  return useInfiniteQuery(commentsQueryOptions(ticketId));
}
