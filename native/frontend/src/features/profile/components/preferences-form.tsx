// Language and e-mail notifications of the signed-in account (PATCH /auth/me); the page
// switches to the saved language at once.
import { useState, type FormEvent } from 'react';
import { CheckboxField, SelectField } from '@/components/form/field';
import { Alert, ErrorAlert, useFieldErrors } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { LANGUAGES, useI18n } from '@/lib/i18n';
import type { Me, ProfileUpdate } from '@/types/models';
import { preferencesSchema, useUpdatePreferences } from '../api/update-preferences';

export function PreferencesForm({ user }: { user: Me }) {
  const { t, setLanguage } = useI18n();
  const update = useUpdatePreferences();
  const [notice, setNotice] = useState<'saved' | 'unchanged' | null>(null);
  const [language, setChosenLanguage] = useState(user.language);
  const [notifications, setNotifications] = useState(user.email_notifications);
  const [basedOn, setBasedOn] = useState(user);
  if (basedOn.language !== user.language || basedOn.email_notifications !== user.email_notifications) {
    // Saved here or elsewhere (the language switcher in the navigation): show the account's values.
    setBasedOn(user);
    setChosenLanguage(user.language);
    setNotifications(user.email_notifications);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = preferencesSchema.safeParse({ language, email_notifications: notifications });
    if (!parsed.success) return;
    const changes: ProfileUpdate = {};
    if (parsed.data.language !== user.language) changes.language = parsed.data.language;
    if (parsed.data.email_notifications !== user.email_notifications) changes.email_notifications = parsed.data.email_notifications;
    if (Object.keys(changes).length === 0) {
      setNotice('unchanged');
      return;
    }
    setNotice(null);
    update.mutate(changes, {
      onSuccess: (saved) => {
        setLanguage(saved.language);
        setNotice('saved');
      },
    });
  }

  const errors = useFieldErrors(update.error);
  return (
    <form className="form" onSubmit={submit} aria-labelledby="preferences-title">
      <h2 id="preferences-title">{t('profile.preferencesTitle')}</h2>
      <ErrorAlert error={update.error} />
      {notice === 'saved' && !update.isError ? <Alert tone="success">{t('profile.preferencesSaved')}</Alert> : null}
      {notice === 'unchanged' ? <Alert tone="info">{t('profile.noChanges')}</Alert> : null}
      <SelectField label={t('profile.language')} name="language" value={language} error={errors.language}
        onChange={(e) => setChosenLanguage(e.target.value as Me['language'])}
        options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))} />
      <CheckboxField label={t('profile.notifications')} name="email_notifications" checked={notifications}
        onChange={(e) => setNotifications(e.target.checked)}
        hint={t('profile.notificationsHint')} error={errors.email_notifications} />
      <Button type="submit" disabled={update.isPending}>{t('profile.savePreferences')}</Button>
    </form>
  );
}
