// Everyone: their account, language and e-mail notifications, and a new password.
import { AccountSummary } from '@/features/profile/components/account-summary';
import { PasswordForm } from '@/features/profile/components/password-form';
import { PreferencesForm } from '@/features/profile/components/preferences-form';
import { useI18n } from '@/lib/i18n';
import { useCurrentUser } from '@/lib/use-current-user';
import { useDocumentTitle } from '@/lib/use-document-title';

export function ProfileRoute() {
  const { t } = useI18n();
  const user = useCurrentUser();
  useDocumentTitle(t('profile.title'));
  return (
    <section>
      <div className="page-head">
        <h1>{t('profile.title')}</h1>
      </div>
      <div className="card profile-account"><AccountSummary user={user} /></div>
      <div className="profile-layout">
        <div className="card"><PreferencesForm user={user} /></div>
        <div className="card"><PasswordForm username={user.username} /></div>
      </div>
    </section>
  );
}
