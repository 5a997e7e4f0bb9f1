import { useMemo, useState, type FormEvent } from 'react';
import { TextField } from '@/components/form/field';
import { Alert, ErrorAlert, useFieldErrors } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { issuesByField } from '@/lib/form-errors';
import { useI18n } from '@/lib/i18n';
import { changePasswordSchema, PASSWORD_MIN, useChangePassword } from '../api/change-password';

export function PasswordForm({ username }: { username: string }) {
  const { t } = useI18n();
  const schema = useMemo(() => changePasswordSchema(t, username), [t, username]);
  const change = useChangePassword();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formKey, setFormKey] = useState(0);
  const [done, setDone] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = schema.safeParse({
      current_password: data.get('current_password') ?? '',
      new_password: data.get('new_password') ?? '',
      repeat: data.get('repeat') ?? '',
    });
    setDone(false);
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error.issues));
      return;
    }
    setErrors({});
    const { current_password, new_password } = parsed.data;
    change.mutate({ current_password, new_password }, {
      onSuccess: () => {
        setDone(true);
        setFormKey((k) => k + 1); // empty the fields
      },
    });
  }

  const shown = { ...useFieldErrors(change.error), ...errors };
  return (
    <form key={formKey} className="form" onSubmit={submit} noValidate aria-labelledby="password-title">
      <h2 id="password-title">{t('profile.passwordTitle')}</h2>
      <p className="muted">{t('profile.passwordIntro')}</p>
      {Object.keys(errors).length ? <p className="alert alert--error" role="alert">{t('common.fieldProblem')}</p> : null}
      <ErrorAlert error={change.error} />
      {done ? <Alert tone="success">{t('profile.passwordChanged')}</Alert> : null}
      <TextField label={t('profile.currentPassword')} name="current_password" type="password" required autoComplete="current-password"
        error={shown.current_password} />
      <TextField label={t('profile.newPassword')} name="new_password" type="password" required autoComplete="new-password"
        hint={t('profile.passwordHint', { min: PASSWORD_MIN })} error={shown.new_password} />
      <TextField label={t('profile.repeatPassword')} name="repeat" type="password" required autoComplete="new-password"
        error={shown.repeat} />
      <Button type="submit" disabled={change.isPending}>{change.isPending ? t('profile.changing') : t('profile.changePassword')}</Button>
    </form>
  );
}
