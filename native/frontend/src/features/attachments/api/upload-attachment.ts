import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '@/lib/query-keys';
import { uploadFile, type Progress } from '@/lib/upload';
import type { Attachment } from '@/types/models';

/** POST /tickets/{id}/attachments — multipart field `file`, with upload progress. */
export function uploadAttachment(ticketId: number, file: File, onProgress?: (p: Progress) => void): Promise<Attachment> {
  return uploadFile<Attachment>(`/tickets/${ticketId}/attachments`, file, { field: 'file', onProgress });
}

export function useUploadAttachment(ticketId: number) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<Progress | null>(null);
  const mutation = useMutation({
    mutationFn: (file: File) => {
      setProgress({ loaded: 0, total: file.size });
      return uploadAttachment(ticketId, file, setProgress);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.attachments(ticketId) }),
    onSettled: () => setProgress(null),
  });
  return { ...mutation, progress };
}
