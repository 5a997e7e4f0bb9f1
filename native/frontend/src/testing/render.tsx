// Renders a component with everything the app gives it: a fresh query cache, i18n and a
// memory router (with the signed-in user as outlet context, like the app's frame).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, Outlet, RouterProvider, useLocation, type RouteObject } from 'react-router';
import { I18nProvider, type Language } from '@/lib/i18n';
import type { Me } from '@/types/models';

export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } });
}

/** Shows the router's current location, so tests can assert navigation and the URL query. */
export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

type Options = { path?: string; url?: string; user?: Me; language?: Language; routes?: RouteObject[]; queryClient?: QueryClient };

export function renderWithApp(ui: ReactNode, options: Options = {}) {
  const queryClient = options.queryClient ?? testQueryClient();
  const path = options.path ?? '/';
  const routes: RouteObject[] = [
    {
      element: <><Outlet context={options.user} /><LocationProbe /></>,
      children: [{ path, element: ui }, ...(options.routes ?? [])],
    },
  ];
  const router = createMemoryRouter(routes, { initialEntries: [options.url ?? path] });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <I18nProvider language={options.language ?? 'en'}>
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryClientProvider>,
  );
  return { ...result, router, queryClient };
}
