import { Dashboard } from '@/features/dashboard/components/dashboard';
import { isStaff } from '@/lib/domain';
import { useI18n } from '@/lib/i18n';
import { useCurrentUser } from '@/lib/use-current-user';
import { useDocumentTitle } from '@/lib/use-document-title';
import { NotAllowedRoute } from './not-allowed';

export function DashboardRoute() {
  const user = useCurrentUser();
  if (!isStaff(user.role)) return <NotAllowedRoute reason="common.staffOnly" />;
  return <DashboardPage />;
}

function DashboardPage() {
  const { t } = useI18n();
  useDocumentTitle(t('dashboard.title'));
  return (
    <section>
      <div className="page-head">
        <h1>{t('dashboard.title')}</h1>
      </div>
      <p className="muted">{t('dashboard.intro')}</p>
      <Dashboard />
    </section>
  );
}
