import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '@/testing/render';
import { API, server } from '@/testing/server';
import { NOTIFICATIONS_INTERVAL_MS, notificationsQueryOptions } from '../api/get-notifications';
import { NotificationBadge } from './notification-badge';

describe('NotificationBadge', () => {
  it('shows the unread count from the API', async () => {
    server.use(http.get(`${API}/notifications`, () => HttpResponse.json({
      count: 2,
      tickets: [
        { id: 4, title: 'A', status: 'new', updated_at: '2026-01-01T00:00:00Z' },
        { id: 5, title: 'B', status: 'new', updated_at: '2026-01-01T00:00:00Z' },
      ],
    })));
    renderWithApp(<NotificationBadge />);
    expect(await screen.findByRole('link', { name: 'Unread tickets: 2' })).toHaveAttribute('href', '/tickets');
  });

  it('shows no number before the count is known', async () => {
    let answer: (() => void) | null = null;
    server.use(http.get(`${API}/notifications`, () => new Promise<Response>((resolve) => {
      answer = () => resolve(HttpResponse.json({ count: 0, tickets: [] }));
    })));
    renderWithApp(<NotificationBadge />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('link', { name: /Unread tickets/ })).not.toBeInTheDocument();
    answer!();
    expect(await screen.findByRole('link', { name: 'Unread tickets: 0' })).toBeInTheDocument();
  });

  it('is refetched every 30 seconds and on window focus', () => {
    const options = notificationsQueryOptions();
    expect(NOTIFICATIONS_INTERVAL_MS).toBe(30_000);
    expect(options.refetchInterval).toBe(30_000);
    expect(options.refetchOnWindowFocus).toBe('always');
  });
});
