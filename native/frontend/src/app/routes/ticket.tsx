// A ticket's page: the summary, the creator's confirm/reopen, the conversation (replies and
// changes) with the one form for a reply and (staff) the ticket's details, the attachments,
// and deletion for administrators.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, ErrorAlert } from '@/components/ui/alert';
import { Loading } from '@/components/ui/spinner';
import { AttachmentsPanel } from '@/features/attachments/components/attachments-panel';
import { CommentsThread } from '@/features/comments/components/comments-thread';
import { useTicket } from '@/features/tickets/api/get-ticket';
import { CreatorActions } from '@/features/tickets/components/creator-actions';
import { DeleteTicket } from '@/features/tickets/components/delete-ticket';
import { EditTicket } from '@/features/tickets/components/edit-ticket';
import { ReplyForm } from '@/features/tickets/components/reply-form';
import { TicketSummary } from '@/features/tickets/components/ticket-summary';
import { isApiError } from '@/lib/api-client';
import { isStaff } from '@/lib/domain';
import { useI18n } from '@/lib/i18n';
import { queryKeys } from '@/lib/query-keys';
import { useCurrentUser } from '@/lib/use-current-user';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useFlash } from '@/lib/use-flash';
import { NotFoundRoute } from './not-found';

export function TicketRoute() {
  const { ticketId } = useParams();
  const id = /^[1-9][0-9]{0,9}$/.test(ticketId ?? '') ? Number(ticketId) : null;
  if (id === null) return <NotFoundRoute />;
  return <TicketPage key={id} id={id} />;
}

function TicketPage({ id }: { id: number }) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const ticket = useTicket(id);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const created = useFlash<number>('created') === id;
  useDocumentTitle(ticket.data ? `#${id} ${ticket.data.title}` : t('ticket.loading'));

  const loadedAt = ticket.dataUpdatedAt;
  useEffect(() => {
    // Opening the ticket marked its activity as read: refresh the badge. A poll already on
    // its way (the bell asks about this ticket from the moment it opens) may have counted it
    // before: it is cancelled, not waited for.
    if (!loadedAt) return;
    const badge = { queryKey: queryKeys.notifications };
    void queryClient.cancelQueries(badge).then(() => queryClient.invalidateQueries(badge));
  }, [loadedAt, queryClient]);

  if (ticket.isPending) return <Loading label={t('ticket.loading')} />;
  if (ticket.isError) {
    if (isApiError(ticket.error) && ticket.error.status === 404) return <NotFoundRoute />;
    return <ErrorAlert error={ticket.error} />;
  }
  const data = ticket.data;
  const staff = isStaff(user.role);
  const creator = data.created_by.id === user.id;
  return (
    <article className="ticket">
      <p className="back-link"><Link to="/tickets">{t('common.backToTickets')}</Link></p>
      {created ? <Alert tone="success">{t('newTicket.created', { id })}</Alert> : null}
      <div className="ticket-layout">
        <div className="ticket-main">
          <TicketSummary ticket={data} />
          {staff || creator ? <EditTicket ticket={data} /> : null}
          {!staff && creator ? <CreatorActions ticket={data} /> : null}
          <section className="panel" aria-labelledby="conversation-title">
            <h2 id="conversation-title">{t('comments.title')}</h2>
            <CommentsThread ticketId={id} />
            {staff || creator ? <ReplyForm ticket={data} user={user} /> : null}
          </section>
        </div>
        <aside className="ticket-side">
          <section className="panel" aria-labelledby="attachments-title">
            <h2 id="attachments-title">{t('attachments.title')}</h2>
            <AttachmentsPanel ticketId={id} user={user} />
          </section>
          {user.role === 'admin' ? (
            <DeleteTicket ticketId={id} onDeleted={() => void navigate('/tickets', { replace: true, state: { deleted: id } })} />
          ) : null}
        </aside>
      </div>
    </article>
  );
}
