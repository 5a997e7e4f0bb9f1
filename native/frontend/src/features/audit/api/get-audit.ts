import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { AuditPage } from '@/types/models';

/** What the audit log records (audit.record(action=…) in the API's services). */
export const AUDIT_ACTIONS = [
  'auth.login', 'auth.login_failed', 'auth.logout', 'auth.refresh_reuse',
  'user.create', 'user.update', 'user.delete', 'user.password', 'user.profile',
  'ticket.create', 'ticket.update', 'ticket.status', 'ticket.assign', 'ticket.delete', 'ticket.export',
  'comment.create', 'attachment.create', 'attachment.delete', 'archive.export', 'archive.import',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_ENTITIES = ['user', 'ticket', 'comment', 'attachment', 'archive'] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/**
 * The filters as they stand in the page's URL. `from` and `to` are calendar days (inclusive)
 * in the viewer's time zone; the API gets them as `since` / `until` instants.
 */
export type AuditFilters = {
  action?: string; actor_id?: string; entity_type?: string; entity_id?: string;
  from?: string; to?: string; page?: string;
};

export const AUDIT_FILTER_KEYS = ['action', 'actor_id', 'entity_type', 'entity_id', 'from', 'to', 'page'] as const;

const ID = /^[1-9][0-9]{0,9}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (v: string) => DAY.test(v) && !Number.isNaN(localMidnight(v).getTime());
const valid: Record<(typeof AUDIT_FILTER_KEYS)[number], (value: string) => boolean> = {
  action: (v) => (AUDIT_ACTIONS as readonly string[]).includes(v),
  actor_id: (v) => ID.test(v) && Number(v) <= 2147483647,
  entity_type: (v) => (AUDIT_ENTITIES as readonly string[]).includes(v),
  entity_id: (v) => ID.test(v) && Number(v) <= 2147483647,
  from: isDay,
  to: isDay,
  page: (v) => /^[1-9][0-9]{0,5}$/.test(v) && Number(v) <= 100000,
};

/** Reads the filters from a URL query, dropping anything the API would refuse. */
export function auditFiltersFromSearch(search: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = search.get(key);
    if (value !== null && valid[key](value)) filters[key] = value;
  }
  return filters;
}

function localMidnight(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d ? date : new Date(NaN);
}

/** The API's query: the days become the start of `from` and the end of `to` (exclusive). */
export function auditQuery(filters: AuditFilters): Record<string, string | undefined> {
  const { from, to, ...rest } = filters;
  const query: Record<string, string | undefined> = { ...rest };
  if (from) query.since = localMidnight(from).toISOString();
  if (to) {
    const end = localMidnight(to);
    end.setDate(end.getDate() + 1);
    query.until = end.toISOString();
  }
  return query;
}

/** GET /audit — one page of the audit log, newest first (administrators only). */
export function getAudit(filters: AuditFilters, signal?: AbortSignal): Promise<AuditPage> {
  return api.get<AuditPage>('/audit', { query: auditQuery(filters), signal });
}

export const auditQueryOptions = (filters: AuditFilters) =>
  queryOptions({
    queryKey: ['audit', filters] as const,
    queryFn: ({ signal }) => getAudit(filters, signal),
    placeholderData: keepPreviousData,
  });

export function useAudit(filters: AuditFilters) {
  return useQuery(auditQueryOptions(filters));
}
