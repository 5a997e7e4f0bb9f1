import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { makeComment } from '@/testing/data';
import { renderWithApp } from '@/testing/render';
import { API, server } from '@/testing/server';
import { CommentsThread } from './comments-thread';

const reply = (id: number) => makeComment({ id, body: `Reply ${id}`, created_at: `2026-01-10T10:${String(id).padStart(2, '0')}:00Z` });

/** Serves a thread of replies 1..`count` in pages of `limit`, newest page first, like the API. */
function serveThread(count: number, limit: number) {
  const requested: (string | null)[] = [];
  server.use(http.get(`${API}/tickets/7/comments`, ({ request }) => {
    const before = new URL(request.url).searchParams.get('before');
    requested.push(before);
    const end = before === null ? count : Number(before) - 1;
    const start = Math.max(1, end - limit + 1);
    const items = Array.from({ length: end - start + 1 }, (_, i) => reply(start + i));
    return HttpResponse.json({ items, older: start > 1 ? start : null });
  }));
  return requested;
}

const bodies = () => within(screen.getByRole('list')).getAllByRole('article')
  .map((article) => article.querySelector('.comment__body')?.textContent);

describe('comments thread', () => {
  it('shows the newest page and loads older replies above it on request', async () => {
    const requested = serveThread(5, 2);
    renderWithApp(<CommentsThread ticketId={7} />);
    expect(await screen.findByText('Reply 5')).toBeInTheDocument();
    expect(bodies()).toEqual(['Reply 4', 'Reply 5']);
    await userEvent.click(screen.getByRole('button', { name: 'Show older replies' }));
    expect(await screen.findByText('Reply 2')).toBeInTheDocument();
    expect(bodies()).toEqual(['Reply 2', 'Reply 3', 'Reply 4', 'Reply 5']);
    await userEvent.click(screen.getByRole('button', { name: 'Show older replies' }));
    expect(await screen.findByText('Reply 1')).toBeInTheDocument();
    expect(bodies()).toEqual(['Reply 1', 'Reply 2', 'Reply 3', 'Reply 4', 'Reply 5']);
    expect(screen.queryByRole('button', { name: 'Show older replies' })).not.toBeInTheDocument();
    expect(requested).toEqual([null, '4', '2']);
  });

  it('offers no button when the thread fits one page', async () => {
    serveThread(2, 50);
    renderWithApp(<CommentsThread ticketId={7} />);
    expect(await screen.findByText('Reply 2')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('labels the button in German', async () => {
    serveThread(3, 1);
    renderWithApp(<CommentsThread ticketId={7} />, { language: 'de' });
    expect(await screen.findByRole('button', { name: 'Ältere Antworten anzeigen' })).toBeEnabled();
  });
});
