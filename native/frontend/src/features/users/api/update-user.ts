import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '@/lib/api-client';
import { ROLES } from '@/lib/domain';
import { LANGUAGES, type Translate } from '@/lib/i18n';
import type { UserRead, UserUpdate } from '@/types/models';
import { usersKeys } from './get-users';
import { emailSchema, passwordSchema } from './rules';

/** The edit form's rules: the API's UserUpdate; an empty password keeps the current one. */
export function updateUserSchema(t: Translate, username: string) {
  return z.object({
    email: emailSchema(t),
    role: z.enum(ROLES as [string, ...string[]]),
    is_active: z.boolean(),
    language: z.enum(LANGUAGES),
    email_notifications: z.boolean(),
    password: z.union([z.literal(''), passwordSchema(t, () => username)]),
  });
}

/**
 * PATCH /users/{id} — administrators only. The API refuses (409) to demote or deactivate
 * the last active administrator; a role change, deactivation or password reset ends every
 * sign-in of that account.
 */
export function updateUser(id: number, changes: UserUpdate): Promise<UserRead> {
  return api.patch<UserRead>(`/users/${id}`, changes);
}

export function useUpdateUser(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: UserUpdate) => updateUser(id, changes),
    onSuccess: (user) => {
      queryClient.setQueryData(usersKeys.detail(id), user);
      return queryClient.invalidateQueries({ queryKey: ['users', 'list'] });
    },
  });
}
