import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { PlainLayout } from '@/components/layout/app-layout';
import { Alert } from '@/components/ui/alert';
import { LoginForm } from '@/features/auth/components/login-form';
import { useI18n } from '@/lib/i18n';
import { safeLocalPath } from '@/lib/safe-path';
import { useDocumentTitle } from '@/lib/use-document-title';

export function LoginRoute() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const reason = params.get('reason');
  const queryClient = useQueryClient();
  useEffect(() => {
    // Whoever arrives here (signed out, session ended, first visit) leaves nothing of a
    // previous session in memory. Done here, after the signed-in pages are gone, because
    // their queries would fetch again if the cache were emptied while they were shown.
    queryClient.clear();
  }, [queryClient]);
  useDocumentTitle(t('login.title'));
  return (
    <PlainLayout>
      <section className="card card--narrow">
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        {reason === 'expired' ? <Alert tone="info">{t('login.expired')}</Alert> : null}
        {reason === 'logged-out' ? <Alert tone="success">{t('login.loggedOut')}</Alert> : null}
        <LoginForm onSuccess={() => void navigate(safeLocalPath(params.get('next')), { replace: true })} />
      </section>
    </PlainLayout>
  );
}
