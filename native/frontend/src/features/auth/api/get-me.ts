import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { Me } from '@/types/models';

/** GET /auth/me — the session probe: the signed-in account, or a 401. */
export function getMe(): Promise<Me> {
  return api.get<Me>('/auth/me');
}

export const meQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.me, queryFn: getMe, staleTime: 60_000, retry: false });

export function useMe() {
  return useQuery(meQueryOptions());
}
