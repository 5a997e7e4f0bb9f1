import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/** POST /auth/logout — revokes this sign-in's tokens and removes the cookies. */
export function logout(): Promise<void> {
  return api.post<void>('/auth/logout');
}

export function useLogout({ onDone }: { onDone?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    // Signed out or not (an expired session fails here too), nothing of it stays in memory.
    // Leave the signed-in pages first, so nothing there refetches the cleared queries.
    onSettled: () => {
      onDone?.();
      queryClient.clear();
    },
  });
}
