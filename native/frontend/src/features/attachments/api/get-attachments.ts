import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, API_BASE } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { Attachment } from '@/types/models';

/** GET /tickets/{id}/attachments — the files' metadata. */
export function getAttachments(ticketId: number, signal?: AbortSignal): Promise<{ items: Attachment[] }> {
  return api.get<{ items: Attachment[] }>(`/tickets/${ticketId}/attachments`, { signal });
}

export const attachmentsQueryOptions = (ticketId: number) =>
  queryOptions({ queryKey: queryKeys.attachments(ticketId), queryFn: ({ signal }) => getAttachments(ticketId, signal) });

export function useAttachments(ticketId: number) {
  return useQuery(attachmentsQueryOptions(ticketId));
}

/** GET /attachments/{id} — a plain link; the API sends the file as a download. */
export function attachmentUrl(id: number): string {
  return `${API_BASE}/attachments/${id}`;
}
