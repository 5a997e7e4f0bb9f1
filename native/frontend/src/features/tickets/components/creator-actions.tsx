// The creator's part of the workflow: a resolved ticket is confirmed (closed) or reopened.
import { Alert, ErrorAlert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import type { Ticket } from '@/types/models';
import { useUpdateTicket } from '../api/update-ticket';

export function CreatorActions({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const update = useUpdateTicket(ticket.id);
  if (ticket.status !== 'resolved' && !update.isError) return null;
  const conflict = isApiError(update.error) && update.error.status === 409;
  return (
    <div className="panel creator-actions">
      {conflict ? <Alert tone="error">{t('ticket.conflict')}</Alert> : <ErrorAlert error={update.error} />}
      {ticket.status === 'resolved' ? (
        <>
          <p>{t('ticket.resolvedQuestion')}</p>
          <div className="button-row">
            <Button disabled={update.isPending} onClick={() => update.mutate({ status: 'closed', version: ticket.version })}>
              {t('ticket.confirmFix')}
            </Button>
            <Button variant="secondary" disabled={update.isPending}
              onClick={() => update.mutate({ status: 'in_progress', version: ticket.version })}>
              {t('ticket.reopen')}
            </Button>
          </div>
        </>
      ) : null}
    </div>
  );
}
