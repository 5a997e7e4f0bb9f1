import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '@/lib/api-client';
import type { Translate } from '@/lib/i18n';
import { queryKeys } from '@/lib/query-keys';
import type { PasswordChange, SessionRenewed } from '@/types/models';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** The form's rules: the API's PasswordChange plus its password policy (domain.password_problem). */
export function changePasswordSchema(t: Translate, username: string) {
  return z.object({
    current_password: z.string().min(1, t('profile.currentRequired')).max(PASSWORD_MAX),
    new_password: z.string()
      .min(PASSWORD_MIN, t('profile.passwordTooShort', { min: PASSWORD_MIN }))
      .max(PASSWORD_MAX, t('profile.passwordTooLong', { max: PASSWORD_MAX }))
      .refine((value) => value.trim().toLowerCase() !== username.trim().toLowerCase(), t('profile.passwordIsUsername')),
    repeat: z.string(),
  }).refine((data) => data.new_password === data.repeat, { path: ['repeat'], message: t('profile.repeatMismatch') });
}

/**
 * POST /auth/password — needs the current password. The API ends every other sign-in of the
 * account and gives this browser fresh session cookies.
 */
export function changePassword(body: PasswordChange): Promise<SessionRenewed> {
  return api.post<SessionRenewed>('/auth/password', body);
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    // The default-password warning may be gone now.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.me }),
  });
}
