// Query keys shared across features, so one feature can refresh another's data
// (a reply changes the ticket; opening a ticket clears a notification) without importing it.
export const queryKeys = {
  me: ['auth', 'me'] as const,
  notifications: ['notifications'] as const,
  tickets: ['tickets'] as const,
  ticketList: (filters: Record<string, string>) => ['tickets', 'list', filters] as const,
  ticket: (id: number) => ['tickets', 'detail', id] as const,
  comments: (ticketId: number) => ['tickets', 'detail', ticketId, 'comments'] as const,
  attachments: (ticketId: number) => ['tickets', 'detail', ticketId, 'attachments'] as const,
  timeline: (ticketId: number) => ['tickets', 'detail', ticketId, 'timeline'] as const,
  assignable: ['users', 'assignable'] as const,
};
