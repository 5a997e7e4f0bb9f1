import { CodeLabel } from '@/components/ui/code-label';
import { useI18n } from '@/lib/i18n';
import type { Ticket } from '@/types/models';

/** The ticket's heading, its codes (status always visible) and description, as text only. */
export function TicketSummary({ ticket }: { ticket: Ticket }) {
  const { t, formatDate } = useI18n();
  return (
    <header className="ticket-head">
      <h1>{t('ticket.heading', { id: ticket.id, title: ticket.title })}</h1>
      <div className="ticket-head__codes">
        {/* Each badge with its field name for screen readers: "Status: In progress". */}
        <span><span className="visually-hidden">{t('ticket.field.status')}: </span><CodeLabel kind="status" code={ticket.status} /></span>
        <span><span className="visually-hidden">{t('ticket.field.priority')}: </span><CodeLabel kind="priority" code={ticket.priority} /></span>
        <span><span className="visually-hidden">{t('ticket.field.category')}: </span><CodeLabel kind="category" code={ticket.category} /></span>
      </div>
      <p className="muted">
        {t('ticket.createdBy', { name: ticket.created_by.username, date: formatDate(ticket.created_at) })}
        {' · '}
        {ticket.last_updated_by
          ? t('ticket.updatedBy', { date: formatDate(ticket.updated_at), name: ticket.last_updated_by.username })
          : t('ticket.updated', { date: formatDate(ticket.updated_at) })}
        {' · '}
        {t('ticket.field.assignee')}: {ticket.assigned_to?.username ?? t('ticket.unassigned')}
      </p>
      <h2 className="visually-hidden">{t('ticket.description')}</h2>
      <div className="ticket-description">
        {ticket.description ? <p className="pre-wrap">{ticket.description}</p> : <p className="muted">{t('ticket.noDescription')}</p>}
      </div>
    </header>
  );
}
