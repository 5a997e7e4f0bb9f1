// The frame of every signed-in page: probes the session (GET /auth/me), sends anyone without
// one to the login page, and applies the profile's saved language once the user is loaded.
import { useEffect, useRef } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { AppLayout } from '@/components/layout/app-layout';
import { Alert, ErrorAlert } from '@/components/ui/alert';
import { Loading } from '@/components/ui/spinner';
import { useMe } from '@/features/auth/api/get-me';
import { useLogout } from '@/features/auth/api/logout';
import { useUpdateMe } from '@/features/auth/api/update-me';
import { NotificationBadge } from '@/features/notifications/components/notification-badge';
import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import { navFor } from '../routes';

export function AppRoot() {
  const { t, language, setLanguage } = useI18n();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const updateMe = useUpdateMe();
  const logout = useLogout({ onDone: () => navigate('/login?reason=logged-out', { replace: true }) });
  const appliedFor = useRef<number | null>(null);
  const user = me.data;

  useEffect(() => {
    if (user && appliedFor.current !== user.id) {
      appliedFor.current = user.id;
      if (user.language !== language) setLanguage(user.language);
    }
  }, [user, language, setLanguage]);

  if (me.isPending) {
    return <AppLayout nav={[]}><Loading /></AppLayout>;
  }
  if (me.isError || !user) {
    if (isApiError(me.error) && me.error.status === 401) {
      const next = encodeURIComponent(location.pathname + location.search);
      return <Navigate to={`/login?next=${next}`} replace />;
    }
    return <AppLayout nav={[]}><ErrorAlert error={me.error} /></AppLayout>;
  }
  const others = user.default_password_accounts.filter((name) => name !== user.username);
  return (
    <AppLayout
      nav={navFor(user.role)}
      user={user}
      extra={<NotificationBadge />}
      onLogout={() => logout.mutate()}
      onLanguageChange={(next) => updateMe.mutate({ language: next })}
    >
      {user.has_default_password ? <Alert tone="warning">{t('shell.ownDefaultPassword')}</Alert> : null}
      {others.length ? <Alert tone="warning">{t('shell.defaultPasswords', { names: others.join(', ') })}</Alert> : null}
      <Outlet context={user} />
    </AppLayout>
  );
}
