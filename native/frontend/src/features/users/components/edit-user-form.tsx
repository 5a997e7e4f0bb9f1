// An administrator changes an account: e-mail, role, active flag, language, e-mail
// notifications, and optionally sets a new password. Only changed fields are sent.
import { useMemo, useState, type FormEvent } from 'react';
import { CheckboxField, SelectField, TextField } from '@/components/form/field';
import { Alert, ErrorAlert, useFieldErrors } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ROLES } from '@/lib/domain';
import { LANGUAGES, useI18n } from '@/lib/i18n';
import { issuesByField } from '@/lib/form-errors';
import type { UserRead, UserUpdate } from '@/types/models';
import { PASSWORD_MIN } from '../api/rules';
import { updateUserSchema, useUpdateUser } from '../api/update-user';

type Props = { user: UserRead; self: boolean };

export function EditUserForm({ user, self }: Props) {
  const { t } = useI18n();
  const schema = useMemo(() => updateUserSchema(t, user.username), [t, user.username]);
  const update = useUpdateUser(user.id);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<'saved' | 'unchanged' | null>(null);
  const [formKey, setFormKey] = useState(0);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = schema.safeParse({
      email: data.get('email') ?? '',
      role: data.get('role') ?? user.role,
      is_active: data.get('is_active') === 'on',
      language: data.get('language') ?? user.language,
      email_notifications: data.get('email_notifications') === 'on',
      password: self ? '' : data.get('password') ?? '',
    });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error.issues));
      setNotice(null);
      return;
    }
    setErrors({});
    const value = parsed.data;
    const changes: UserUpdate = {};
    if (value.email !== user.email) changes.email = value.email;
    if (value.role !== user.role) changes.role = value.role as UserRead['role'];
    if (value.is_active !== user.is_active) changes.is_active = value.is_active;
    if (value.language !== user.language) changes.language = value.language;
    if (value.email_notifications !== user.email_notifications) changes.email_notifications = value.email_notifications;
    if (value.password) changes.password = value.password;
    if (Object.keys(changes).length === 0) {
      setNotice('unchanged');
      return;
    }
    setNotice(null);
    update.mutate(changes, {
      onSuccess: () => {
        setNotice('saved');
        setFormKey((k) => k + 1); // show the saved values; the password field empties
      },
    });
  }

  const shown = { ...useFieldErrors(update.error), ...errors };
  return (
    <form key={formKey} className="form" onSubmit={submit} noValidate aria-labelledby="edit-user-title">
      <h2 id="edit-user-title">{t('users.editTitle')}</h2>
      {Object.keys(errors).length ? <p className="alert alert--error" role="alert">{t('common.fieldProblem')}</p> : null}
      <ErrorAlert error={update.error} />
      {notice === 'saved' && !update.isError ? <Alert tone="success">{t('users.saved', { name: user.username })}</Alert> : null}
      {notice === 'unchanged' ? <Alert tone="info">{t('users.noChanges')}</Alert> : null}
      {self ? <Alert tone="info">{t('users.selfHint')}</Alert> : null}
      <TextField label={t('users.field.email')} name="email" type="email" required defaultValue={user.email} error={shown.email} />
      <div className="form__row">
        <SelectField label={t('users.field.role')} name="role" defaultValue={user.role} error={shown.role}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        <SelectField label={t('users.field.language')} name="language" defaultValue={user.language} error={shown.language}
          options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))} />
      </div>
      <CheckboxField label={t('users.field.active')} name="is_active" defaultChecked={user.is_active}
        hint={t('users.activeHint')} error={shown.is_active} />
      <CheckboxField label={t('users.field.notifications')} name="email_notifications" defaultChecked={user.email_notifications}
        error={shown.email_notifications} />
      {self ? null : (
        <TextField label={t('users.field.newPassword')} name="password" type="password" autoComplete="new-password"
          hint={t('users.resetHint', { min: PASSWORD_MIN })} error={shown.password} />
      )}
      <Button type="submit" disabled={update.isPending}>{t('common.save')}</Button>
    </form>
  );
}
