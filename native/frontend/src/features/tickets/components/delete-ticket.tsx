// Administrators delete a ticket after confirming it in place (no browser dialog).
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useI18n } from '@/lib/i18n';
import { useDeleteTicket } from '../api/delete-ticket';

export function DeleteTicket({ ticketId, onDeleted }: { ticketId: number; onDeleted: () => void }) {
  const { t } = useI18n();
  const remove = useDeleteTicket(ticketId);
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return <Button variant="danger" onClick={() => setAsking(true)}>{t('ticket.delete')}</Button>;
  }
  return (
    <div className="panel panel--danger" role="group" aria-labelledby="delete-question">
      <ErrorAlert error={remove.error} />
      <p id="delete-question">{t('ticket.deleteConfirm', { id: ticketId })}</p>
      <div className="button-row">
        <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(undefined, { onSuccess: onDeleted })}>
          {t('ticket.deleteYes', { id: ticketId })}
        </Button>
        <Button variant="secondary" onClick={() => setAsking(false)}>{t('common.cancel')}</Button>
      </div>
    </div>
  );
}
