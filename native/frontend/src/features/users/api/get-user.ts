import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { UserRead } from '@/types/models';
import { usersKeys } from './get-users';

/** GET /users/{id} — one account (administrators only). */
export function getUser(id: number, signal?: AbortSignal): Promise<UserRead> {
  return api.get<UserRead>(`/users/${id}`, { signal });
}

export const userQueryOptions = (id: number) =>
  queryOptions({ queryKey: usersKeys.detail(id), queryFn: ({ signal }) => getUser(id, signal) });

export function useUser(id: number) {
  return useQuery(userQueryOptions(id));
}
