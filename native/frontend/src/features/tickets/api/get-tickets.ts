import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, API_BASE, withQuery } from '@/lib/api-client';
import { CATEGORIES, PRIORITIES, SORTS, STATUSES } from '@/lib/domain';
import { queryKeys } from '@/lib/query-keys';
import type { TicketPage } from '@/types/models';

/** The list's filters exactly as they stand in the page's URL (and the API's query). */
export type TicketFilters = {
  status?: string; priority?: string; category?: string; assignee?: string; created_by?: string;
  q?: string; unread?: string; sort?: string; page?: string; per_page?: string;
};

export const FILTER_KEYS = ['status', 'priority', 'category', 'assignee', 'created_by', 'q', 'unread', 'sort', 'page', 'per_page'] as const;
export const PER_PAGE_CHOICES = ['10', '25', '50', '100'] as const;

const WHO = /^(me|none|[1-9][0-9]{0,9})$/;
const valid: Record<(typeof FILTER_KEYS)[number], (value: string) => boolean> = {
  status: (v) => (STATUSES as readonly string[]).includes(v),
  priority: (v) => (PRIORITIES as readonly string[]).includes(v),
  category: (v) => (CATEGORIES as readonly string[]).includes(v),
  assignee: (v) => WHO.test(v),
  created_by: (v) => WHO.test(v),
  q: (v) => v.trim().length > 0 && v.length <= 200,
  unread: (v) => v === 'true',
  sort: (v) => (SORTS as readonly string[]).includes(v),
  page: (v) => /^[1-9][0-9]{0,5}$/.test(v) && Number(v) <= 100000,
  per_page: (v) => (PER_PAGE_CHOICES as readonly string[]).includes(v),
};

/** Reads the filters from a URL query, dropping anything the API would refuse. */
export function filtersFromSearch(search: URLSearchParams): TicketFilters {
  const filters: TicketFilters = {};
  for (const key of FILTER_KEYS) {
    const value = search.get(key);
    if (value !== null && valid[key](value)) filters[key] = value;
  }
  return filters;
}

/** GET /tickets — one page of the tickets this person may see. */
export function getTickets(filters: TicketFilters, signal?: AbortSignal): Promise<TicketPage> {
  return api.get<TicketPage>('/tickets', { query: filters, signal });
}

export const ticketsQueryOptions = (filters: TicketFilters) =>
  queryOptions({
    queryKey: queryKeys.ticketList(filters as Record<string, string>),
    queryFn: ({ signal }) => getTickets(filters, signal),
    placeholderData: keepPreviousData,
  });

export function useTickets(filters: TicketFilters) {
  return useQuery(ticketsQueryOptions(filters));
}

/** The browser's IANA time zone (Europe/Berlin), or undefined where it names none. */
export function browserTimeZone(): string | undefined {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
}

/**
 * GET /tickets/export.csv with the same filters (a plain link: the browser downloads it),
 * in the page's language (`;` and German words for de) and the reader's clock.
 */
export function exportCsvUrl(filters: TicketFilters, lang: string, tz = browserTimeZone()): string {
  const { page: _page, per_page: _perPage, ...rest } = filters;
  return withQuery(`${API_BASE}/tickets/export.csv`, { ...rest, lang, tz });
}
