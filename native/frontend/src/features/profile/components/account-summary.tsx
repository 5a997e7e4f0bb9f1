import { CodeLabel } from '@/components/ui/code-label';
import { useI18n } from '@/lib/i18n';
import type { Me } from '@/types/models';

/** Who is signed in: name, e-mail, role, since when (read-only; administrators change these). */
export function AccountSummary({ user }: { user: Me }) {
  const { t, formatDate } = useI18n();
  return (
    <dl className="facts">
      <div><dt>{t('profile.username')}</dt><dd>{user.username}</dd></div>
      <div><dt>{t('profile.email')}</dt><dd className="cell-break">{user.email}</dd></div>
      <div><dt>{t('profile.role')}</dt><dd><CodeLabel kind="role" code={user.role} /></dd></div>
      <div><dt>{t('profile.since')}</dt><dd><time dateTime={user.created_at}>{formatDate(user.created_at)}</time></dd></div>
    </dl>
  );
}
