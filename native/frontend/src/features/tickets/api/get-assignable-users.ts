import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { UserRef } from '@/types/models';

/** GET /users/assignable — active support and admin accounts (staff only). */
export function getAssignableUsers(): Promise<{ items: UserRef[] }> {
  return api.get<{ items: UserRef[] }>('/users/assignable');
}

export const assignableUsersQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.assignable, queryFn: getAssignableUsers, staleTime: 5 * 60_000 });

export function useAssignableUsers({ enabled }: { enabled: boolean }) {
  return useQuery({ ...assignableUsersQueryOptions(), enabled });
}
