// What a person sees when a page fails to render: a plain message and a way on, never a
// stack trace (the error goes to the browser console for developers).
import { useEffect } from 'react';
import { Link, useRouteError } from 'react-router';
import { PlainLayout } from '@/components/layout/app-layout';
import { Button } from '@/components/ui/button';
import { useI18n } from '@/lib/i18n';
import { useDocumentTitle } from '@/lib/use-document-title';

export function RouteError() {
  const { t } = useI18n();
  const error = useRouteError();
  useDocumentTitle(t('common.crashTitle'));
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <PlainLayout>
      <section className="card card--narrow" role="alert">
        <h1>{t('common.crashTitle')}</h1>
        <p>{t('common.crashText')}</p>
        <div className="button-row">
          <Button onClick={() => window.location.reload()}>{t('common.reload')}</Button>
          <Link className="btn btn--secondary" to="/tickets">{t('common.backToTickets')}</Link>
        </div>
      </section>
    </PlainLayout>
  );
}
