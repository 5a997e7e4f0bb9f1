import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { makeMe, staffMe } from '@/testing/data';
import { renderWithApp } from '@/testing/render';
import { API, server } from '@/testing/server';
import { App } from '../index';
import { navFor } from '../routes';
import { AuditRoute } from './audit';
import { DashboardRoute } from './dashboard';
import { UserRoute } from './user';
import { UsersRoute } from './users';

const admin = () => makeMe({ id: 1, username: 'admin', role: 'admin' });

function location() {
  return screen.getByTestId('location').textContent ?? '';
}

describe('navigation by role', () => {
  it('shows the dashboard to staff and users and the audit log to administrators only', () => {
    const links = (role: 'user' | 'support' | 'admin') => navFor(role).map((item) => item.to);
    expect(links('user')).toEqual(['/tickets', '/tickets/new', '/profile']);
    expect(links('support')).toEqual(['/tickets', '/tickets/new', '/dashboard', '/profile']);
    expect(links('admin')).toEqual(['/tickets', '/tickets/new', '/dashboard', '/users', '/audit', '/profile']);
  });

  it('gives a user who types /users into the address bar a clear message inside the app', async () => {
    window.history.replaceState(null, '', '/users');
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Profile' })).toBeInTheDocument();
  });
});

describe('admin pages', () => {
  it.each([
    ['/users', <UsersRoute />, '/users'],
    ['/users/:userId', <UserRoute />, '/users/5'],
    ['/audit', <AuditRoute />, '/audit'],
  ])('tell a support account that %s is not allowed, without asking the API', (path, element, url) => {
    const asked = vi.fn();
    server.use(http.get(`${API}/*`, () => {
      asked();
      return HttpResponse.json({});
    }));
    renderWithApp(element, { path, url, user: staffMe() });
    expect(screen.getByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
    expect(screen.getByText(/for administrators only/)).toBeInTheDocument();
    expect(asked).not.toHaveBeenCalled();
  });

  it('tells a user that the dashboard is for staff, in German too', () => {
    renderWithApp(<DashboardRoute />, { path: '/dashboard', user: makeMe(), language: 'de' });
    expect(screen.getByRole('heading', { name: 'Nicht erlaubt' })).toBeInTheDocument();
    expect(screen.getByText(/nur für Support und Administratoren/)).toBeInTheDocument();
  });

  it('keeps the account filters in the URL', async () => {
    const queries: string[] = [];
    server.use(http.get(`${API}/users`, ({ request }) => {
      queries.push(new URL(request.url).search);
      return HttpResponse.json({ items: [], total: 0, page: 1, per_page: 25 });
    }));
    renderWithApp(<UsersRoute />, { path: '/users', url: '/users?role=bogus&active=false', user: admin() });
    expect(await screen.findByText('No accounts match these filters.')).toBeInTheDocument();
    expect(queries[0]).toBe('?active=false');
    await userEvent.selectOptions(screen.getByLabelText('Role'), 'admin');
    expect(location()).toBe('/users?role=admin&active=false');
    await userEvent.type(screen.getByLabelText('Search'), 'ann');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(new URLSearchParams(location().split('?')[1]).get('q')).toBe('ann');
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(location()).toBe('/users');
  });

  it('shows an account with its edit form and no delete button for oneself', async () => {
    server.use(http.get(`${API}/users/1`, () => HttpResponse.json({
      id: 1, username: 'admin', email: 'admin@example.com', role: 'admin', is_active: true, language: 'en',
      email_notifications: true, has_default_password: true, created_at: '2026-01-05T09:00:00Z',
    })));
    renderWithApp(<UserRoute />, { path: '/users/:userId', url: '/users/1', user: admin() });
    expect(await screen.findByRole('heading', { level: 1, name: 'Account admin' })).toBeInTheDocument();
    expect(screen.getByText(/still has its documented default password/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^E-mail address/)).toHaveValue('admin@example.com');
    expect(screen.queryByRole('button', { name: /Delete account/ })).not.toBeInTheDocument();
  });
});
