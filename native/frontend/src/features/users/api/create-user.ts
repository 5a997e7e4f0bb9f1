import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '@/lib/api-client';
import { ROLES } from '@/lib/domain';
import { LANGUAGES, type Translate } from '@/lib/i18n';
import type { UserCreate, UserRead } from '@/types/models';
import { usersKeys } from './get-users';
import { emailSchema, passwordSchema, USERNAME_MAX, USERNAME_MIN, USERNAME_PATTERN } from './rules';

/** The new-account form's rules: the API's UserCreate (same lengths, pattern and codes). */
export function createUserSchema(t: Translate) {
  return z.object({
    username: z.string().trim()
      .min(1, t('users.usernameRequired'))
      .min(USERNAME_MIN, t('users.usernameTooShort', { min: USERNAME_MIN }))
      .max(USERNAME_MAX, t('users.usernameTooLong', { max: USERNAME_MAX }))
      .regex(USERNAME_PATTERN, t('users.usernameInvalid')),
    email: emailSchema(t),
    password: z.string(),
    role: z.enum(ROLES as [string, ...string[]]),
    language: z.enum(LANGUAGES),
  }).superRefine((data, context) => {
    const checked = passwordSchema(t, () => data.username).safeParse(data.password);
    if (!checked.success) {
      context.addIssue({ code: 'custom', path: ['password'], message: checked.error.issues[0]?.message ?? '' });
    }
  });
}

/** POST /users — administrators only; a taken username is a 409 naming `username`. */
export function createUser(body: UserCreate): Promise<UserRead> {
  return api.post<UserRead>('/users', body);
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: (user) => {
      queryClient.setQueryData(usersKeys.detail(user.id), user);
      return queryClient.invalidateQueries({ queryKey: usersKeys.all });
    },
  });
}
