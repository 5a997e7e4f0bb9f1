import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import type { Credentials, LoginResult } from '@/types/models';

/** The form's rules, the same as the API's Credentials schema. */
export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

/** POST /auth/login — the API answers with HttpOnly session cookies and the account. */
export function login(credentials: Credentials): Promise<LoginResult> {
  return api.post<LoginResult>('/auth/login', credentials);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: () => {
      // Whatever was cached belonged to no one or someone else: start clean.
      queryClient.clear();
      return queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
}
