import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { usersKeys } from './get-users';

/**
 * DELETE /users/{id} — administrators only; the API refuses (409) an account with tickets
 * or comments and the caller's own account, with a message saying so.
 */
export function deleteUser(id: number): Promise<void> {
  return api.delete(`/users/${id}`);
}

export function useDeleteUser(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteUser(id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: usersKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: usersKeys.all });
    },
  });
}
