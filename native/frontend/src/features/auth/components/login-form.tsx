import { useState, type FormEvent } from 'react';
import { TextField } from '@/components/form/field';
import { ErrorAlert, useFieldErrors } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useI18n } from '@/lib/i18n';
import type { LoginResult } from '@/types/models';
import { loginSchema, useLogin } from '../api/login';

export function LoginForm({ onSuccess }: { onSuccess: (result: LoginResult) => void }) {
  const { t } = useI18n();
  const login = useLogin();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = loginSchema.safeParse({ username: data.get('username'), password: data.get('password') });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= t('common.required');
      setLocalErrors(errors);
      return;
    }
    setLocalErrors({});
    login.mutate(parsed.data, { onSuccess });
  }

  const errors = { ...useFieldErrors(login.error), ...localErrors };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorAlert error={login.error} />
      <TextField label={t('login.username')} name="username" autoComplete="username" required maxLength={64}
        error={errors.username} autoFocus />
      <TextField label={t('login.password')} name="password" type="password" autoComplete="current-password"
        required maxLength={256} error={errors.password} />
      <Button type="submit" disabled={login.isPending}>{login.isPending ? t('login.submitting') : t('login.submit')}</Button>
    </form>
  );
}
