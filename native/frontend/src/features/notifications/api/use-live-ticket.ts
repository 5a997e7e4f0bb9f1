import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from '@/lib/query-keys';
import type { Notifications, Ticket } from '@/types/models';

/** When the poll reports a newer version of the open ticket than the one on screen (a reply,
 * a new status, someone else's change), reload the ticket, its conversation, timeline and
 * attachments: the person sees it without touching anything. */
export function useLiveTicket(data: Notifications | undefined): void {
  const queryClient = useQueryClient();
  const watched = data?.watched;
  useEffect(() => {
    if (!watched) return;
    const shown = queryClient.getQueryData<Ticket>(queryKeys.ticket(watched.id));
    if (shown && shown.version < watched.version) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(watched.id) });
    }
  }, [watched, queryClient]);
}
