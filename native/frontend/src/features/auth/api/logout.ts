import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/** POST /auth/logout — revokes this sign-in's tokens and removes the cookies. */
export function logout(): Promise<void> {
  return api.post<void>('/auth/logout');
}

export function useLogout({ onDone }: { onDone?: () => void | Promise<void> } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    // Signed out or not (an expired session fails here too), nothing of it stays in memory:
    // onDone goes to the login page, which empties the cache once the signed-in pages are
    // gone (cleared earlier, their queries would refetch). Without onDone, clear it here.
    onSettled: () => (onDone ? onDone() : queryClient.clear()),
  });
}
