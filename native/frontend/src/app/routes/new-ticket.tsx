import { useNavigate } from 'react-router';
import { CreateTicketForm } from '@/features/tickets/components/create-ticket-form';
import { useI18n } from '@/lib/i18n';
import { useDocumentTitle } from '@/lib/use-document-title';

export function NewTicketRoute() {
  const { t } = useI18n();
  const navigate = useNavigate();
  useDocumentTitle(t('newTicket.title'));
  return (
    <section className="card">
      <h1>{t('newTicket.title')}</h1>
      <p className="muted">{t('newTicket.intro')}</p>
      <CreateTicketForm onCreated={(ticket) => void navigate(`/tickets/${ticket.id}`, { state: { created: ticket.id } })} />
    </section>
  );
}
