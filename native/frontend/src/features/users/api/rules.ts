// The API's account rules (helpdesk/users/schemas.py and domain.password_problem), so the
// forms refuse on the spot what the server would refuse.
import { z } from 'zod';
import type { Translate } from '@/lib/i18n';

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 64;
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]+$/;
export const EMAIL_PATTERN = /^[^@\s<>"']+@[^@\s<>"']+\.[^@\s<>"']+$/;

export function emailSchema(t: Translate) {
  return z.string().trim()
    .min(1, t('users.emailRequired'))
    .max(EMAIL_MAX, t('users.emailTooLong', { max: EMAIL_MAX }))
    .regex(EMAIL_PATTERN, t('users.emailInvalid'));
}

/** A new password: at least 8 characters, at most 256, not the username. */
export function passwordSchema(t: Translate, username: () => string) {
  return z.string()
    .min(PASSWORD_MIN, t('users.passwordTooShort', { min: PASSWORD_MIN }))
    .max(PASSWORD_MAX, t('users.passwordTooLong', { max: PASSWORD_MAX }))
    .refine((value) => value.trim().toLowerCase() !== username().trim().toLowerCase(), t('users.passwordIsUsername'));
}
