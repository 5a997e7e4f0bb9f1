// The whole app in jsdom: session probe, redirect to login with the intended path, login,
// return to that path, language from the profile, logout.
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { makeMe, makePage, makeTicket } from '@/testing/data';
import { API, apiError, server } from '@/testing/server';
import { App } from './index';

function at(path: string) {
  window.history.replaceState(null, '', path);
}

describe('App', () => {
  it('sends a visitor without a session to the login page and back after signing in', async () => {
    let signedIn = false;
    let refreshes = 0;
    server.use(
      http.get(`${API}/auth/me`, () => (signedIn ? HttpResponse.json(makeMe()) : apiError(401, 'Missing cookie'))),
      http.post(`${API}/auth/refresh`, () => {
        refreshes += 1;
        return apiError(401, 'Missing refresh cookie');
      }),
      http.post(`${API}/auth/login`, () => {
        signedIn = true;
        return HttpResponse.json({ user: makeMe(), expires_in: 900 });
      }),
      http.get(`${API}/tickets`, () => HttpResponse.json(makePage([makeTicket()]))),
      http.get(`${API}/tickets/7`, () => HttpResponse.json(makeTicket())),
      http.get(`${API}/tickets/7/comments`, () => HttpResponse.json({ items: [], older: null })),
      http.get(`${API}/tickets/7/attachments`, () => HttpResponse.json({ items: [] })),
    );
    at('/tickets/7');
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/login');
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/tickets/7');
    expect(refreshes).toBe(1);

    await userEvent.type(screen.getByLabelText(/Username/), 'user');
    await userEvent.type(screen.getByLabelText(/Password/), 'user123');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ticket #7: Printer does not print' })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/tickets/7');
  });

  it('goes to the login page with a notice and the path to return to when a session ends', async () => {
    let ended = false;
    server.use(
      http.get(`${API}/tickets`, () => (ended ? apiError(401, 'Token has been revoked') : HttpResponse.json(makePage([makeTicket()])))),
      http.post(`${API}/auth/refresh`, () => apiError(401, 'Token has been revoked')),
    );
    at('/tickets');
    render(<App />);
    await screen.findByRole('link', { name: 'Printer does not print' });
    ended = true;
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'new');
    expect(await screen.findByText('Your session has ended. Please log in again.')).toBeInTheDocument();
    expect(window.location.pathname).toBe('/login');
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/tickets?status=new');
    expect(screen.queryByText('Printer does not print')).not.toBeInTheDocument();
  });

  it('applies the language saved in the profile and saves a new choice there', async () => {
    const patches: unknown[] = [];
    server.use(
      http.get(`${API}/auth/me`, () => HttpResponse.json(makeMe({ language: 'de' }))),
      http.patch(`${API}/auth/me`, async ({ request }) => {
        const body = (await request.json()) as { language: 'en' | 'de' };
        patches.push(body);
        return HttpResponse.json({ ...makeMe(), language: body.language });
      }),
      http.get(`${API}/tickets`, () => HttpResponse.json(makePage([]))),
    );
    at('/tickets');
    render(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Tickets' })).toBeInTheDocument();
    const nav = await screen.findByRole('navigation', { name: 'Hauptnavigation' });
    expect(within(nav).getByRole('link', { name: 'Neues Ticket' })).toBeInTheDocument();
    await userEvent.selectOptions(within(nav).getByLabelText('Sprache'), 'en');
    expect(await within(nav).findByRole('link', { name: 'New ticket' })).toBeInTheDocument();
    expect(patches).toEqual([{ language: 'en' }]);
    expect(document.documentElement.lang).toBe('en');

    // Moving to another page puts the keyboard focus at its content.
    await userEvent.click(within(nav).getByRole('link', { name: 'New ticket' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'New ticket' })).toBeInTheDocument();
    expect(document.activeElement).toBe(screen.getByRole('main'));
  });

  it('signs out through the API and shows the login page', async () => {
    let loggedOut = false;
    server.use(
      http.get(`${API}/tickets`, () => HttpResponse.json(makePage([]))),
      http.post(`${API}/auth/logout`, () => {
        loggedOut = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    at('/tickets');
    render(<App />);
    await userEvent.click(await screen.findByRole('button', { name: 'Log out' }));
    expect(await screen.findByText('You have been logged out.')).toBeInTheDocument();
    expect(loggedOut).toBe(true);
    expect(window.location.pathname).toBe('/login');
  });
});
