import { Link, useNavigate } from 'react-router';
import { CreateUserForm } from '@/features/users/components/create-user-form';
import { useI18n } from '@/lib/i18n';
import { useCurrentUser } from '@/lib/use-current-user';
import { useDocumentTitle } from '@/lib/use-document-title';
import { NotAllowedRoute } from './not-allowed';

export function NewUserRoute() {
  const user = useCurrentUser();
  if (user.role !== 'admin') return <NotAllowedRoute reason="common.adminsOnly" />;
  return <NewUserPage />;
}

function NewUserPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  useDocumentTitle(t('users.newTitle'));
  return (
    <section>
      <p className="back-link"><Link to="/users">{t('users.back')}</Link></p>
      <div className="card">
        <h1>{t('users.newTitle')}</h1>
        <p className="muted">{t('users.newIntro')}</p>
        <CreateUserForm onCreated={(created) => void navigate(`/users/${created.id}`, { state: { created: true } })} />
      </div>
    </section>
  );
}
