import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { Stats } from '@/types/models';

/**
 * GET /stats — the dashboard's figures over the tickets the caller may see (support and
 * administrators; others get 403): counts by status, priority and category, tickets opened
 * and resolved in each of the last 12 ISO weeks, and the median time to resolution.
 */
export function getStats(signal?: AbortSignal): Promise<Stats> {
  return api.get<Stats>('/stats', { signal });
}

export const statsQueryOptions = () =>
  queryOptions({ queryKey: ['stats'] as const, queryFn: ({ signal }) => getStats(signal), staleTime: 60_000 });

export function useStats() {
  return useQuery(statsQueryOptions());
}
