import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { Me, ProfileUpdate, UserRead } from '@/types/models';

/** PATCH /auth/me — language and e-mail preference of the signed-in account. */
export function updateMe(changes: ProfileUpdate): Promise<UserRead> {
  return api.patch<UserRead>('/auth/me', changes);
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (user) =>
      queryClient.setQueryData<Me>(queryKeys.me, (old) => (old ? { ...old, ...user } : old)),
  });
}
