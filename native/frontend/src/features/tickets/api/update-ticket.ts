import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { Ticket, TicketUpdate } from '@/types/models';

/** PATCH /tickets/{id} — `version` makes the API refuse (409) a change to a newer ticket;
 * `reply` adds a reply in the same transaction. */
export function updateTicket(id: number, changes: TicketUpdate): Promise<Ticket> {
  return api.patch<Ticket>(`/tickets/${id}`, changes);
}

export function useUpdateTicket(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: TicketUpdate) => updateTicket(id, changes),
    onSuccess: (ticket) => {
      queryClient.setQueryData(queryKeys.ticket(id), ticket);
      // A reply, a new status or assignee: the conversation shows them.
      void queryClient.invalidateQueries({ queryKey: queryKeys.comments(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.timeline(id) });
      void queryClient.invalidateQueries({ queryKey: ['tickets', 'list'] });
    },
    onError: (error) => {
      // Someone else saved first: load their version so the person sees what changed.
      if (isApiError(error) && error.status === 409) void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(id) });
    },
  });
}
