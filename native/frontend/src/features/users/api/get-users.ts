import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { ROLES } from '@/lib/domain';
import type { UserPage } from '@/types/models';

/** The account list's filters exactly as they stand in the page's URL (and the API's query). */
export type UserFilters = { q?: string; role?: string; active?: string; page?: string };

export const USER_FILTER_KEYS = ['q', 'role', 'active', 'page'] as const;

const valid: Record<(typeof USER_FILTER_KEYS)[number], (value: string) => boolean> = {
  q: (v) => v.trim().length > 0 && v.length <= 64,
  role: (v) => (ROLES as readonly string[]).includes(v),
  active: (v) => v === 'true' || v === 'false',
  page: (v) => /^[1-9][0-9]{0,5}$/.test(v) && Number(v) <= 100000,
};

/** Reads the filters from a URL query, dropping anything the API would refuse. */
export function userFiltersFromSearch(search: URLSearchParams): UserFilters {
  const filters: UserFilters = {};
  for (const key of USER_FILTER_KEYS) {
    const value = search.get(key);
    if (value !== null && valid[key](value)) filters[key] = value;
  }
  return filters;
}

/** Query keys of this feature; ['users'] also covers the assignable staff list. */
export const usersKeys = {
  all: ['users'] as const,
  list: (filters: UserFilters) => ['users', 'list', filters] as const,
  detail: (id: number) => ['users', 'detail', id] as const,
};

/** GET /users — one page of accounts, ordered by username (administrators only). */
export function getUsers(filters: UserFilters, signal?: AbortSignal): Promise<UserPage> {
  return api.get<UserPage>('/users', { query: filters, signal });
}

export const usersQueryOptions = (filters: UserFilters) =>
  queryOptions({
    queryKey: usersKeys.list(filters),
    queryFn: ({ signal }) => getUsers(filters, signal),
    placeholderData: keepPreviousData,
  });

export function useUsers(filters: UserFilters) {
  return useQuery(usersQueryOptions(filters));
}
