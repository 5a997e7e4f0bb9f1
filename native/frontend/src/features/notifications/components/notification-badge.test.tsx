import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { makeTicket } from '@/testing/data';
import { renderWithApp, testQueryClient } from '@/testing/render';
import { API, server } from '@/testing/server';
import { queryKeys } from '@/lib/query-keys';
import type { Notifications } from '@/types/models';
import { NOTIFICATIONS_INTERVAL_MS, notificationsQueryOptions, pollInterval } from '../api/get-notifications';
import { NotificationBadge } from './notification-badge';

const unread = (id: number) => ({ id, title: `T${id}`, status: 'new' as const, updated_at: '2026-01-01T00:00:00Z' });
const answer = (count: number, extra: Partial<Notifications> = {}): Notifications =>
  ({ count, tickets: Array.from({ length: count }, (_, i) => unread(4 + i)), poll_seconds: 30, watched: null, ...extra });

describe('NotificationBadge', () => {
  it('leads to the unread-only list when several tickets are unread', async () => {
    server.use(http.get(`${API}/notifications`, () => HttpResponse.json(answer(2))));
    renderWithApp(<NotificationBadge />);
    expect(await screen.findByRole('link', { name: 'Unread tickets: 2' })).toHaveAttribute('href', '/tickets?unread=true');
  });

  it('opens the one unread ticket, and the list when nothing is unread', async () => {
    server.use(http.get(`${API}/notifications`, () => HttpResponse.json(answer(1))));
    const { unmount } = renderWithApp(<NotificationBadge />);
    expect(await screen.findByRole('link', { name: 'Unread tickets: 1' })).toHaveAttribute('href', '/tickets/4');
    unmount();
    server.use(http.get(`${API}/notifications`, () => HttpResponse.json(answer(0))));
    renderWithApp(<NotificationBadge />);
    expect(await screen.findByRole('link', { name: 'Unread tickets: 0' })).toHaveAttribute('href', '/tickets');
  });

  it('shows no number before the count is known', async () => {
    let respond: (() => void) | null = null;
    server.use(http.get(`${API}/notifications`, () => new Promise<Response>((resolve) => {
      respond = () => resolve(HttpResponse.json(answer(0)));
    })));
    renderWithApp(<NotificationBadge />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('link', { name: /Unread tickets/ })).not.toBeInTheDocument();
    respond!();
    expect(await screen.findByRole('link', { name: 'Unread tickets: 0' })).toBeInTheDocument();
  });

  it('polls at the interval the server names (30 s until it has), and on window focus', () => {
    const options = notificationsQueryOptions();
    expect(NOTIFICATIONS_INTERVAL_MS).toBe(30_000);
    expect(pollInterval(undefined)).toBe(30_000);
    expect(pollInterval(answer(0, { poll_seconds: 2 }))).toBe(2_000);
    expect(options.refetchOnWindowFocus).toBe('always');
    expect(typeof options.refetchInterval).toBe('function');
  });

  it('asks about the open ticket and reloads it when the poll reports a newer version', async () => {
    const asked: (string | null)[] = [];
    server.use(http.get(`${API}/notifications`, ({ request }) => {
      asked.push(new URL(request.url).searchParams.get('ticket'));
      return HttpResponse.json(answer(1, { watched: { id: 7, version: 3 } }));
    }));
    const queryClient = testQueryClient();
    queryClient.setQueryData(queryKeys.ticket(7), makeTicket({ version: 2 }));
    queryClient.setQueryData(queryKeys.comments(7), { pages: [], pageParams: [] });
    const spy = vi.spyOn(queryClient, 'invalidateQueries');
    renderWithApp(<NotificationBadge />, { path: '/tickets/:ticketId', url: '/tickets/7', queryClient });
    await screen.findByRole('link', { name: 'Unread tickets: 1' });
    expect(asked).toEqual(['7']);
    await vi.waitFor(() => expect(spy).toHaveBeenCalledWith({ queryKey: queryKeys.ticket(7) }));
  });

  it('leaves the open ticket alone while its version is current', async () => {
    server.use(http.get(`${API}/notifications`, () => HttpResponse.json(answer(0, { watched: { id: 7, version: 2 } }))));
    const queryClient = testQueryClient();
    queryClient.setQueryData(queryKeys.ticket(7), makeTicket({ version: 2 }));
    const spy = vi.spyOn(queryClient, 'invalidateQueries');
    renderWithApp(<NotificationBadge />, { path: '/tickets/:ticketId', url: '/tickets/7', queryClient });
    await screen.findByRole('link', { name: 'Unread tickets: 0' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(spy).not.toHaveBeenCalled();
  });
});
