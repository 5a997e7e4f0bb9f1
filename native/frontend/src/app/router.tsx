import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { onSessionExpired } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { routes } from './routes';

export function AppRouter() {
  const queryClient = useQueryClient();
  const [router] = useState(() => createBrowserRouter(routes));
  useEffect(() => {
    // The session could not be renewed: go to the login page, remembering where the person
    // was (a local path only; see safeLocalPath).
    onSessionExpired(() => {
      // The login page empties the query cache when it opens (see routes/login.tsx).
      const { pathname, search } = router.state.location;
      if (pathname === '/login') return;
      const wasSignedIn = queryClient.getQueryData(queryKeys.me) !== undefined;
      const params = new URLSearchParams({ next: pathname + search });
      if (wasSignedIn) params.set('reason', 'expired');
      void router.navigate(`/login?${params.toString()}`, { replace: true });
    });
    return () => onSessionExpired(null);
  }, [queryClient, router]);
  return <RouterProvider router={router} />;
}
