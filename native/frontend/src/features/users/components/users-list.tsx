import { ErrorAlert } from '@/components/ui/alert';
import { Pagination } from '@/components/ui/pagination';
import { Loading } from '@/components/ui/spinner';
import { useI18n } from '@/lib/i18n';
import { useUsers, type UserFilters } from '../api/get-users';
import { UsersTable } from './users-table';

export function UsersList({ filters, onPage }: { filters: UserFilters; onPage: (page: number) => void }) {
  const { t } = useI18n();
  const users = useUsers(filters);
  if (users.isPending) return <Loading />;
  if (users.isError) return <ErrorAlert error={users.error} />;
  const page = users.data;
  return (
    <div aria-busy={users.isFetching}>
      {page.items.length === 0 ? <p className="empty">{t('users.empty')}</p> : <UsersTable users={page.items} />}
      {page.total > 0 ? (
        <Pagination page={page.page} perPage={page.per_page} total={page.total} totalCapped={false} onPage={onPage}
          totalKey="users.total" />
      ) : null}
    </div>
  );
}
