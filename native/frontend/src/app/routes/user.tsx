// Administrators: one account — change it, reset its password, or delete it.
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { Alert, ErrorAlert } from '@/components/ui/alert';
import { CodeLabel } from '@/components/ui/code-label';
import { Loading } from '@/components/ui/spinner';
import { useUser } from '@/features/users/api/get-user';
import { DeleteUser } from '@/features/users/components/delete-user';
import { EditUserForm } from '@/features/users/components/edit-user-form';
import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import { useCurrentUser } from '@/lib/use-current-user';
import { useDocumentTitle } from '@/lib/use-document-title';
import { NotAllowedRoute } from './not-allowed';
import { NotFoundRoute } from './not-found';

export function UserRoute() {
  const user = useCurrentUser();
  const { userId } = useParams();
  if (user.role !== 'admin') return <NotAllowedRoute reason="common.adminsOnly" />;
  const id = /^[1-9][0-9]{0,9}$/.test(userId ?? '') ? Number(userId) : null;
  if (id === null) return <NotFoundRoute />;
  return <UserPage key={id} id={id} selfId={user.id} />;
}

function UserPage({ id, selfId }: { id: number; selfId: number }) {
  const { t, formatDate } = useI18n();
  const account = useUser(id);
  const navigate = useNavigate();
  const created = (useLocation().state as { created?: boolean } | null)?.created === true;
  useDocumentTitle(account.data ? account.data.username : t('users.loading'));
  if (account.isPending) return <Loading label={t('users.loading')} />;
  if (account.isError) {
    if (isApiError(account.error) && account.error.status === 404) return <NotFoundRoute />;
    return <ErrorAlert error={account.error} />;
  }
  const data = account.data;
  const self = data.id === selfId;
  return (
    <section>
      <p className="back-link"><Link to="/users">{t('users.back')}</Link></p>
      {created ? <Alert tone="success">{t('users.created', { name: data.username })}</Alert> : null}
      <div className="page-head">
        <h1>{t('users.heading', { name: data.username })}</h1>
        <div className="page-head__actions">
          <CodeLabel kind="role" code={data.role} />
          <span className={data.is_active ? 'badge badge--active' : 'badge badge--inactive'}>
            {data.is_active ? t('users.active') : t('users.inactive')}
          </span>
        </div>
      </div>
      <p className="muted">{t('users.since', { date: formatDate(data.created_at) })}</p>
      {data.has_default_password ? <Alert tone="warning">{t('users.defaultPasswordWarning')}</Alert> : null}
      <div className="user-layout">
        <div className="card"><EditUserForm user={data} self={self} /></div>
        {self ? null : (
          <DeleteUser user={data} onDeleted={() => void navigate('/users', { replace: true, state: { deleted: data.username } })} />
        )}
      </div>
    </section>
  );
}
