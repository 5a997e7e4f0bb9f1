import { Link } from 'react-router';
import { useI18n } from '@/lib/i18n';
import { useDocumentTitle } from '@/lib/use-document-title';

export function NotFoundRoute() {
  const { t } = useI18n();
  useDocumentTitle(t('common.notFound'));
  return (
    <section>
      <h1>{t('common.notFound')}</h1>
      <p>{t('common.notFoundText')}</p>
      <p><Link to="/tickets">{t('common.backToTickets')}</Link></p>
    </section>
  );
}
