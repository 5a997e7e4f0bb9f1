import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { useUnreadTicketIds } from '@/features/notifications/api/get-notifications';
import { exportCsvUrl, filtersFromSearch, type TicketFilters as Filters } from '@/features/tickets/api/get-tickets';
import { TicketFilters } from '@/features/tickets/components/ticket-filters';
import { TicketsList } from '@/features/tickets/components/tickets-list';
import { isStaff } from '@/lib/domain';
import { useI18n } from '@/lib/i18n';
import { useCurrentUser } from '@/lib/use-current-user';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useFlash } from '@/lib/use-flash';

export function TicketsRoute() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const unreadIds = useUnreadTicketIds();
  const deleted = useFlash<number>('deleted');
  useDocumentTitle(t('tickets.title'));

  const change = useCallback((changes: Partial<Filters>) => {
    setSearch((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      if (!('page' in changes)) next.delete('page');
      return next;
    });
  }, [setSearch]);

  return (
    <section>
      <div className="page-head">
        <h1>{t('tickets.title')}</h1>
        <div className="page-head__actions">
          <a className="btn btn--secondary" href={exportCsvUrl(filters)} download>{t('tickets.export')}</a>
          <Link className="btn btn--primary" to="/tickets/new">{t('tickets.newButton')}</Link>
        </div>
      </div>
      {deleted ? <Alert tone="success">{t('ticket.deleted', { id: deleted })}</Alert> : null}
      <TicketFilters filters={filters} onChange={change} onClear={() => setSearch(new URLSearchParams())} staff={isStaff(user.role)} />
      <TicketsList filters={filters} unreadIds={unreadIds} onPage={(page) => change({ page: page > 1 ? String(page) : '' })} />
    </section>
  );
}
