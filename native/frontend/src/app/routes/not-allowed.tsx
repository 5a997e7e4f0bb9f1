// What a signed-in person sees on a page their role may not use (the API refuses it anyway).
import { Link } from 'react-router';
import { useI18n, type MessageKey } from '@/lib/i18n';
import { useDocumentTitle } from '@/lib/use-document-title';

export function NotAllowedRoute({ reason }: { reason: MessageKey }) {
  const { t } = useI18n();
  useDocumentTitle(t('common.notAllowed'));
  return (
    <section className="card" aria-labelledby="not-allowed-title">
      <h1 id="not-allowed-title">{t('common.notAllowed')}</h1>
      <p>{t(reason)}</p>
      <p><Link to="/tickets">{t('common.backToTickets')}</Link></p>
    </section>
  );
}
