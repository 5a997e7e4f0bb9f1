import { Link } from 'react-router';
import { CodeLabel } from '@/components/ui/code-label';
import { useI18n } from '@/lib/i18n';
import type { UserRead } from '@/types/models';

/** The accounts: a table on wide screens, one card per account on a phone (CSS). */
export function UsersTable({ users }: { users: readonly UserRead[] }) {
  const { t, formatDate } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">{t('users.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.col.username')}</th>
            <th scope="col">{t('users.col.email')}</th>
            <th scope="col">{t('users.col.role')}</th>
            <th scope="col">{t('users.col.state')}</th>
            <th scope="col">{t('users.col.language')}</th>
            <th scope="col">{t('users.col.created')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className={user.is_active ? undefined : 'is-inactive'}>
              <td data-label={t('users.col.username')} className="cell-title">
                <div>
                  <Link to={`/users/${user.id}`} aria-label={t('users.editLink', { name: user.username })}>{user.username}</Link>
                  {user.has_default_password ? <span className="badge badge--warning">{t('users.defaultPassword')}</span> : null}
                </div>
              </td>
              <td data-label={t('users.col.email')} className="cell-break">{user.email}</td>
              <td data-label={t('users.col.role')}><CodeLabel kind="role" code={user.role} /></td>
              <td data-label={t('users.col.state')}>
                <span className={user.is_active ? 'badge badge--active' : 'badge badge--inactive'}>
                  {user.is_active ? t('users.active') : t('users.inactive')}
                </span>
              </td>
              <td data-label={t('users.col.language')}>{t(`language.${user.language}`)}</td>
              <td data-label={t('users.col.created')}><time dateTime={user.created_at}>{formatDate(user.created_at)}</time></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
