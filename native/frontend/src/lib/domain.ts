// The product's codes and workflow, mirrored from the API's domain rules
// (native/backend/helpdesk/domain.py) so the UI only offers what the server accepts.
import type { components } from '@/types/api';

type Schemas = components['schemas'];
export type Role = Schemas['Me']['role'];
export type Status = Schemas['TicketRead-Output']['status'];
export type Priority = Schemas['TicketRead-Output']['priority'];
export type Category = Schemas['TicketRead-Output']['category'];

export const ROLES: readonly Role[] = ['user', 'support', 'admin'];
export const STAFF_ROLES: readonly Role[] = ['support', 'admin'];
export const STATUSES: readonly Status[] = ['new', 'in_progress', 'resolved', 'closed'];
export const PRIORITIES: readonly Priority[] = ['low', 'medium', 'high'];
export const CATEGORIES: readonly Category[] = ['bug', 'feature', 'support'];
export const SORTS = ['-updated', 'updated', '-created', 'created', '-priority', 'priority'] as const;
export type Sort = (typeof SORTS)[number];

export const TITLE_MAX = 200;
export const TEXT_MAX = 20_000;

const STAFF_TRANSITIONS: ReadonlyArray<readonly [Status, Status]> = [
  ['new', 'in_progress'],
  ['in_progress', 'resolved'],
  ['resolved', 'closed'],
  ['resolved', 'in_progress'],
  ['closed', 'in_progress'],
];
const CREATOR_TRANSITIONS: ReadonlyArray<readonly [Status, Status]> = [
  ['resolved', 'closed'],
  ['resolved', 'in_progress'],
];

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}

/** The statuses this person may move the ticket to from `from`. */
export function nextStatuses(actor: { id: number; role: Role }, ticket: { status: Status; created_by: { id: number } }): Status[] {
  const allowed = new Set<Status>();
  if (isStaff(actor.role)) {
    for (const [a, b] of STAFF_TRANSITIONS) if (a === ticket.status) allowed.add(b);
  }
  if (ticket.created_by.id === actor.id) {
    for (const [a, b] of CREATOR_TRANSITIONS) if (a === ticket.status) allowed.add(b);
  }
  return STATUSES.filter((s) => allowed.has(s));
}
