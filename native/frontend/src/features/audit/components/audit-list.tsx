import { ErrorAlert } from '@/components/ui/alert';
import { Pagination } from '@/components/ui/pagination';
import { Loading } from '@/components/ui/spinner';
import { useI18n } from '@/lib/i18n';
import { useAudit, type AuditFilters } from '../api/get-audit';
import { AuditTable } from './audit-table';

type Props = { filters: AuditFilters; onPage: (page: number) => void; actorLink: (actorId: number) => string };

export function AuditList({ filters, onPage, actorLink }: Props) {
  const { t } = useI18n();
  const audit = useAudit(filters);
  if (audit.isPending) return <Loading />;
  if (audit.isError) return <ErrorAlert error={audit.error} />;
  const page = audit.data;
  return (
    <div aria-busy={audit.isFetching}>
      {page.items.length === 0 ? <p className="empty">{t('audit.empty')}</p> : <AuditTable entries={page.items} actorLink={actorLink} />}
      {page.total > 0 ? (
        <Pagination page={page.page} perPage={page.per_page} total={page.total} totalCapped={false} onPage={onPage}
          totalKey="audit.total" />
      ) : null}
    </div>
  );
}
