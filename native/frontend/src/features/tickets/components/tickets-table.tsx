import { Link } from 'react-router';
import { CodeLabel } from '@/components/ui/code-label';
import { useI18n } from '@/lib/i18n';
import type { Ticket } from '@/types/models';

type Props = { tickets: readonly Ticket[]; unreadIds: ReadonlySet<number> };

/** The ticket list: a table on wide screens, one card per ticket on a phone (CSS). */
export function TicketsTable({ tickets, unreadIds }: Props) {
  const { t, formatDate } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table table--cards">
        <caption className="visually-hidden">{t('tickets.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tickets.col.id')}</th>
            <th scope="col">{t('tickets.col.title')}</th>
            <th scope="col">{t('tickets.col.status')}</th>
            <th scope="col">{t('tickets.col.priority')}</th>
            <th scope="col">{t('tickets.col.category')}</th>
            <th scope="col">{t('tickets.col.createdBy')}</th>
            <th scope="col">{t('tickets.col.assignee')}</th>
            <th scope="col">{t('tickets.col.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => {
            const unread = ticket.unread || unreadIds.has(ticket.id);
            return (
              <tr key={ticket.id} className={unread ? 'is-unread' : undefined}>
                <td data-label={t('tickets.col.id')}>#{ticket.id}</td>
                <td data-label={t('tickets.col.title')} className="cell-title">
                  {/* One grid item on a phone card: the dot stays beside the title. */}
                  <span className="cell-title__text">
                    {unread ? <span className="unread-dot" role="img" aria-label={t('tickets.unread')} title={t('tickets.unread')} /> : null}
                    <Link to={`/tickets/${ticket.id}`}>{ticket.title}</Link>
                  </span>
                </td>
                <td data-label={t('tickets.col.status')}><CodeLabel kind="status" code={ticket.status} /></td>
                <td data-label={t('tickets.col.priority')}><CodeLabel kind="priority" code={ticket.priority} /></td>
                <td data-label={t('tickets.col.category')}><CodeLabel kind="category" code={ticket.category} /></td>
                <td data-label={t('tickets.col.createdBy')}>{ticket.created_by.username}</td>
                <td data-label={t('tickets.col.assignee')}>{ticket.assigned_to?.username ?? t('tickets.nobody')}</td>
                <td data-label={t('tickets.col.updated')}><time dateTime={ticket.updated_at}>{formatDate(ticket.updated_at)}</time></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
