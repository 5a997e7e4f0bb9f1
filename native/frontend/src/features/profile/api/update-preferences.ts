import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '@/lib/api-client';
import { LANGUAGES } from '@/lib/i18n';
import { queryKeys } from '@/lib/query-keys';
import type { Me, ProfileUpdate, UserRead } from '@/types/models';

/** The form's rules: the API's ProfileUpdate. */
export const preferencesSchema = z.object({
  language: z.enum(LANGUAGES),
  email_notifications: z.boolean(),
});

/** PATCH /auth/me — the signed-in account's language and e-mail notifications. */
export function updatePreferences(changes: ProfileUpdate): Promise<UserRead> {
  return api.patch<UserRead>('/auth/me', changes);
}

export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePreferences,
    onSuccess: (user) =>
      queryClient.setQueryData<Me>(queryKeys.me, (old) => (old ? { ...old, ...user } : old)),
  });
}
