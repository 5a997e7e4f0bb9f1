import { useMemo, useState, type FormEvent } from 'react';
import { SelectField, TextField } from '@/components/form/field';
import { ErrorAlert, useFieldErrors } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ROLES } from '@/lib/domain';
import { LANGUAGES, useI18n } from '@/lib/i18n';
import { issuesByField } from '@/lib/form-errors';
import type { UserCreate, UserRead } from '@/types/models';
import { createUserSchema, useCreateUser } from '../api/create-user';
import { PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from '../api/rules';

export function CreateUserForm({ onCreated }: { onCreated: (user: UserRead) => void }) {
  const { t, language } = useI18n();
  const schema = useMemo(() => createUserSchema(t), [t]);
  const create = useCreateUser();
  const [errors, setErrors] = useState<Record<string, string>>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = schema.safeParse({
      username: data.get('username') ?? '',
      email: data.get('email') ?? '',
      password: data.get('password') ?? '',
      role: data.get('role') ?? 'user',
      language: data.get('language') ?? 'en',
    });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error.issues));
      return;
    }
    setErrors({});
    create.mutate(parsed.data as UserCreate, { onSuccess: onCreated });
  }

  const shown = { ...useFieldErrors(create.error), ...errors };
  return (
    <form className="form" onSubmit={submit} noValidate>
      {Object.keys(errors).length ? <p className="alert alert--error" role="alert">{t('common.fieldProblem')}</p> : null}
      <ErrorAlert error={create.error} />
      <div className="form__row">
        <TextField label={t('users.field.username')} name="username" required autoComplete="off" maxLength={USERNAME_MAX}
          hint={t('users.usernameHint', { min: USERNAME_MIN, max: USERNAME_MAX })} error={shown.username} />
        <TextField label={t('users.field.email')} name="email" type="email" required autoComplete="off" error={shown.email} />
      </div>
      <TextField label={t('users.field.initialPassword')} name="password" type="password" required autoComplete="new-password"
        hint={t('users.passwordHint', { min: PASSWORD_MIN })} error={shown.password} />
      <div className="form__row">
        <SelectField label={t('users.field.role')} name="role" defaultValue="user" error={shown.role}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        <SelectField label={t('users.field.language')} name="language" defaultValue={language} error={shown.language}
          options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))} />
      </div>
      <Button type="submit" disabled={create.isPending}>{create.isPending ? t('users.creating') : t('users.create')}</Button>
    </form>
  );
}
