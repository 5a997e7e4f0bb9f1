// Administrators: the accounts, with search, role and state filters and paging in the URL.
import { Link, useLocation } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { userFiltersFromSearch, type UserFilters } from '@/features/users/api/get-users';
import { UsersFilters } from '@/features/users/components/users-filters';
import { UsersList } from '@/features/users/components/users-list';
import { useI18n } from '@/lib/i18n';
import { useCurrentUser } from '@/lib/use-current-user';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useFilterSearch } from '@/lib/use-filter-search';
import { NotAllowedRoute } from './not-allowed';

export function UsersRoute() {
  const user = useCurrentUser();
  if (user.role !== 'admin') return <NotAllowedRoute reason="common.adminsOnly" />;
  return <UsersPage />;
}

function UsersPage() {
  const { t } = useI18n();
  const [search, change, clear] = useFilterSearch<UserFilters>();
  const filters = userFiltersFromSearch(search);
  const deleted = (useLocation().state as { deleted?: string } | null)?.deleted;
  useDocumentTitle(t('users.title'));


  return (
    <section>
      <div className="page-head">
        <h1>{t('users.title')}</h1>
        <div className="page-head__actions">
          <Link className="btn btn--primary" to="/users/new">{t('users.new')}</Link>
        </div>
      </div>
      {deleted ? <Alert tone="success">{t('users.deleted', { name: deleted })}</Alert> : null}
      <UsersFilters filters={filters} onChange={change} onClear={clear} />
      <UsersList filters={filters} onPage={(page) => change({ page: page > 1 ? String(page) : '' })} />
    </section>
  );
}
