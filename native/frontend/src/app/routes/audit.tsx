// Administrators: the audit log with its filters and page in the URL.
import { auditFiltersFromSearch, type AuditFilters as Filters } from '@/features/audit/api/get-audit';
import { AuditFilters } from '@/features/audit/components/audit-filters';
import { AuditList } from '@/features/audit/components/audit-list';
import { useI18n } from '@/lib/i18n';
import { useCurrentUser } from '@/lib/use-current-user';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useFilterSearch } from '@/lib/use-filter-search';
import { NotAllowedRoute } from './not-allowed';

export function AuditRoute() {
  const user = useCurrentUser();
  if (user.role !== 'admin') return <NotAllowedRoute reason="common.adminsOnly" />;
  return <AuditPage />;
}

function AuditPage() {
  const { t } = useI18n();
  const [search, change, clear] = useFilterSearch<Filters>();
  const filters = auditFiltersFromSearch(search);
  useDocumentTitle(t('audit.title'));


  const actorLink = (actorId: number) => {
    const next = new URLSearchParams(search);
    next.set('actor_id', String(actorId));
    next.delete('page');
    return `/audit?${next.toString()}`;
  };

  return (
    <section>
      <div className="page-head">
        <h1>{t('audit.title')}</h1>
      </div>
      <p className="muted">{t('audit.intro')}</p>
      <AuditFilters filters={filters} onChange={change} onClear={clear} />
      <AuditList filters={filters} actorLink={actorLink} onPage={(page) => change({ page: page > 1 ? String(page) : '' })} />
    </section>
  );
}
