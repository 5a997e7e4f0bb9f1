import { Link } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { useUnreadTicketIds } from '@/features/notifications/api/get-notifications';
import { exportCsvUrl, filtersFromSearch, type TicketFilters as Filters } from '@/features/tickets/api/get-tickets';
import { TicketFilters } from '@/features/tickets/components/ticket-filters';
import { TicketsList } from '@/features/tickets/components/tickets-list';
import { isStaff } from '@/lib/domain';
import { useI18n } from '@/lib/i18n';
import { useCurrentUser } from '@/lib/use-current-user';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useFilterSearch } from '@/lib/use-filter-search';
import { useFlash } from '@/lib/use-flash';

export function TicketsRoute() {
  const { t, language } = useI18n();
  const user = useCurrentUser();
  const [search, change, clear] = useFilterSearch<Filters>();
  const filters = filtersFromSearch(search);
  const unreadIds = useUnreadTicketIds();
  const deleted = useFlash<number>('deleted');
  useDocumentTitle(t('tickets.title'));


  return (
    <section>
      <div className="page-head">
        <h1>{t('tickets.title')}</h1>
        <div className="page-head__actions">
          <a className="btn btn--secondary" href={exportCsvUrl(filters, language)} download>{t('tickets.export')}</a>
          <Link className="btn btn--primary" to="/tickets/new">{t('tickets.newButton')}</Link>
        </div>
      </div>
      {deleted ? <Alert tone="success">{t('ticket.deleted', { id: deleted })}</Alert> : null}
      <TicketFilters filters={filters} onChange={change} onClear={clear} staff={isStaff(user.role)} />
      <TicketsList filters={filters} unreadIds={unreadIds} onPage={(page) => change({ page: page > 1 ? String(page) : '' })} />
    </section>
  );
}
