import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '@/lib/api-client';
import { STATUSES, TEXT_MAX } from '@/lib/domain';
import type { Translate } from '@/lib/i18n';
import { queryKeys } from '@/lib/query-keys';
import type { CommentCreate, CommentCreated } from '@/types/models';

/** The reply form's rules: the API's CommentCreate. */
export function commentSchema(t: Translate) {
  return z.object({
    body: z.string().refine((v) => v.trim().length > 0, t('comments.bodyRequired'))
      .refine((v) => v.length <= TEXT_MAX, t('comments.bodyTooLong', { max: TEXT_MAX })),
    internal: z.boolean().optional(),
    status: z.enum(STATUSES as [string, ...string[]]).optional(),
  });
}

/** POST /tickets/{id}/comments — staff may add `internal` and a new `status` in one action. */
export function createComment(ticketId: number, body: CommentCreate): Promise<CommentCreated> {
  return api.post<CommentCreated>(`/tickets/${ticketId}/comments`, body);
}

export function useCreateComment(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CommentCreate) => createComment(ticketId, body),
    onSuccess: ({ ticket }) => {
      queryClient.setQueryData(queryKeys.ticket(ticketId), ticket);
      void queryClient.invalidateQueries({ queryKey: queryKeys.comments(ticketId) });
      void queryClient.invalidateQueries({ queryKey: ['tickets', 'list'] });
    },
  });
}
