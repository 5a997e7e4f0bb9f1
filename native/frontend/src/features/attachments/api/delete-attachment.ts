import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** DELETE /attachments/{id} — staff or the uploader. */
export function deleteAttachment(id: number): Promise<void> {
  return api.delete(`/attachments/${id}`);
}

export function useDeleteAttachment(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteAttachment,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.attachments(ticketId) }),
  });
}
