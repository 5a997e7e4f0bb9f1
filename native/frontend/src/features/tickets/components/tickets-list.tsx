import { ErrorAlert } from '@/components/ui/alert';
import { Pagination } from '@/components/ui/pagination';
import { Loading } from '@/components/ui/spinner';
import { useI18n } from '@/lib/i18n';
import { useTickets, type TicketFilters } from '../api/get-tickets';
import { TicketsTable } from './tickets-table';

type Props = { filters: TicketFilters; unreadIds: ReadonlySet<number>; onPage: (page: number) => void };

export function TicketsList({ filters, unreadIds, onPage }: Props) {
  const { t } = useI18n();
  const tickets = useTickets(filters);
  if (tickets.isPending) return <Loading />;
  if (tickets.isError) return <ErrorAlert error={tickets.error} />;
  const page = tickets.data;
  return (
    <div aria-busy={tickets.isFetching}>
      {page.items.length === 0 ? <p className="empty">{t('tickets.empty')}</p> : <TicketsTable tickets={page.items} unreadIds={unreadIds} />}
      {page.total > 0 ? (
        <Pagination page={page.page} perPage={page.per_page} total={page.total} totalCapped={page.total_capped} onPage={onPage} />
      ) : null}
    </div>
  );
}
