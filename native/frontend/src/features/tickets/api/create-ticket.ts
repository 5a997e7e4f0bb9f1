import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '@/lib/api-client';
import { CATEGORIES, PRIORITIES, TEXT_MAX, TITLE_MAX } from '@/lib/domain';
import type { Translate } from '@/lib/i18n';
import { queryKeys } from '@/lib/query-keys';
import type { Ticket, TicketCreate } from '@/types/models';

/** The new-ticket form's rules: the API's TicketCreate (same lengths and codes). */
export function createTicketSchema(t: Translate) {
  return z.object({
    title: z.string().trim()
      .min(1, t('newTicket.titleRequired'))
      .max(TITLE_MAX, t('newTicket.titleTooLong', { max: TITLE_MAX })),
    description: z.string().max(TEXT_MAX, t('newTicket.descriptionTooLong', { max: TEXT_MAX })),
    category: z.enum(CATEGORIES as [string, ...string[]], { error: t('newTicket.categoryRequired') }),
    priority: z.enum(PRIORITIES as [string, ...string[]]),
  });
}

/** POST /tickets — the creator is the caller; the ticket starts as `new`. */
export function createTicket(body: TicketCreate): Promise<Ticket> {
  return api.post<Ticket>('/tickets', body);
}

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTicket,
    onSuccess: (ticket) => {
      queryClient.setQueryData(queryKeys.ticket(ticket.id), ticket);
      return queryClient.invalidateQueries({ queryKey: queryKeys.tickets });
    },
  });
}
