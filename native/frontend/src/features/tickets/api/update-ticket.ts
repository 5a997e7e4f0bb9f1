import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { Ticket, TicketUpdate } from '@/types/models';

/** PATCH /tickets/{id} — `version` makes the API refuse (409) a change to a newer ticket. */
export function updateTicket(id: number, changes: TicketUpdate): Promise<Ticket> {
  return api.patch<Ticket>(`/tickets/${id}`, changes);
}

/** Marks this form's own saves, so the ticket page can tell them from other actions. */
export const UPDATE_TICKET_KEY = 'update-ticket';

export function useUpdateTicket(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [UPDATE_TICKET_KEY, id],
    mutationFn: (changes: TicketUpdate) => updateTicket(id, changes),
    onSuccess: (ticket) => {
      queryClient.setQueryData(queryKeys.ticket(id), ticket);
      void queryClient.invalidateQueries({ queryKey: ['tickets', 'list'] });
    },
    onError: (error) => {
      // Someone else saved first: load their version so the person sees what changed.
      if (isApiError(error) && error.status === 409) void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(id) });
    },
  });
}
