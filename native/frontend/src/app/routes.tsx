// Every page of the SPA and the navigation, in one place. A page lives in src/app/routes/
// and composes features; add a route here and, when it belongs in the navigation, a nav item
// (with the roles that see it).
import { Navigate, type RouteObject } from 'react-router';
import type { NavItem } from '@/components/layout/app-layout';
import type { Role } from '@/lib/domain';
import { AppRoot } from './routes/app-root';
import { AuditRoute } from './routes/audit';
import { DashboardRoute } from './routes/dashboard';
import { LoginRoute } from './routes/login';
import { NewTicketRoute } from './routes/new-ticket';
import { NotFoundRoute } from './routes/not-found';
import { ProfileRoute } from './routes/profile';
import { RouteError } from './routes/route-error';
import { TicketRoute } from './routes/ticket';
import { TicketsRoute } from './routes/tickets';
import { UserRoute } from './routes/user';
import { NewUserRoute } from './routes/user-new';
import { UsersRoute } from './routes/users';

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginRoute />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <AppRoot />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/tickets" replace /> },
      { path: 'tickets', element: <TicketsRoute /> },
      { path: 'tickets/new', element: <NewTicketRoute /> },
      { path: 'tickets/:ticketId', element: <TicketRoute /> },
      { path: 'dashboard', element: <DashboardRoute /> },
      { path: 'users', element: <UsersRoute /> },
      { path: 'users/new', element: <NewUserRoute /> },
      { path: 'users/:userId', element: <UserRoute /> },
      { path: 'audit', element: <AuditRoute /> },
      { path: 'profile', element: <ProfileRoute /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export type AppNavItem = NavItem & { roles?: readonly Role[] };

export const navItems: readonly AppNavItem[] = [
  { to: '/tickets', label: 'nav.tickets', end: true },
  { to: '/tickets/new', label: 'nav.newTicket' },
  { to: '/dashboard', label: 'nav.dashboard', roles: ['support', 'admin'] },
  { to: '/users', label: 'nav.users', roles: ['admin'] },
  { to: '/audit', label: 'nav.audit', roles: ['admin'] },
  { to: '/profile', label: 'nav.profile' },
];

export function navFor(role: Role): NavItem[] {
  return navItems.filter((item) => !item.roles || item.roles.includes(role));
}
