import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { makeMe, makePage, makeTicket, staffMe } from '@/testing/data';
import { renderWithApp } from '@/testing/render';
import { API, server } from '@/testing/server';
import { TicketsRoute } from './tickets';

function location() {
  return screen.getByTestId('location').textContent ?? '';
}

describe('tickets list', () => {
  it('renders the rows the API returns, with translated codes and links', async () => {
    server.use(http.get(`${API}/tickets`, () => HttpResponse.json(makePage([
      makeTicket({ id: 7, title: 'Printer does not print', status: 'in_progress', priority: 'high' }),
      makeTicket({ id: 8, title: 'New laptop', category: 'feature', assigned_to: { id: 2, username: 'support' } }),
    ], { total: 2 }))));
    renderWithApp(<TicketsRoute />, { path: '/tickets', user: makeMe() });
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByRole('link', { name: 'Printer does not print' })).toHaveAttribute('href', '/tickets/7');
    expect(within(rows[1]!).getByText('In progress')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('High')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('support')).toBeInTheDocument();
    expect(screen.getByText(/Page 1 of 1/)).toBeInTheDocument();
  });

  it('lists unread tickets only with ?unread=true, the bell\'s link, and clears it with the box', async () => {
    const queries: string[] = [];
    server.use(http.get(`${API}/tickets`, ({ request }) => {
      queries.push(new URL(request.url).search);
      return HttpResponse.json(makePage([makeTicket({ unread: true })], { total: 1 }));
    }));
    renderWithApp(<TicketsRoute />, { path: '/tickets', url: '/tickets?unread=true', user: makeMe() });
    await screen.findByRole('table');
    expect(queries[0]).toBe('?unread=true');
    const box = screen.getByRole('checkbox', { name: 'Unread only' });
    expect(box).toBeChecked();
    await userEvent.click(box);
    await vi.waitFor(() => expect(location()).toBe('/tickets'));
    expect(box).not.toBeChecked();
  });

  it('passes the URL filters to the API and puts changed filters into the URL', async () => {
    const queries: string[] = [];
    server.use(http.get(`${API}/tickets`, ({ request }) => {
      queries.push(new URL(request.url).search);
      return HttpResponse.json(makePage([makeTicket()], { total: 60, page: 2 }));
    }));
    renderWithApp(<TicketsRoute />, { path: '/tickets', url: '/tickets?priority=high&page=2&status=bogus', user: staffMe() });
    await screen.findByRole('table');
    expect(queries[0]).toBe('?priority=high&page=2');

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'resolved');
    expect(location()).toBe('/tickets?priority=high&status=resolved');
    await userEvent.selectOptions(screen.getByLabelText('Assigned to'), 'none');
    expect(location()).toContain('assignee=none');
    await userEvent.type(screen.getByLabelText('Search'), 'vpn drops');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(new URLSearchParams(location().split('?')[1]).get('q')).toBe('vpn drops');
    await vi.waitFor(() => expect(queries.some((q) => q.includes('q=vpn+drops'))).toBe(true));

    const csv = screen.getByRole('link', { name: 'Export CSV' });
    const [path, query] = (csv.getAttribute('href') ?? '').split('?');
    expect(path).toBe('/api/v1/tickets/export.csv');
    // The filters, the page's language and the browser's time zone (CSV words and clock).
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({
      priority: 'high', status: 'resolved', assignee: 'none', q: 'vpn drops', lang: 'en',
      tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(location()).toBe('/tickets');
  });

  it('pages through the results with the page in the URL', async () => {
    server.use(http.get(`${API}/tickets`, ({ request }) => {
      const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
      return HttpResponse.json(makePage([makeTicket({ id: page, title: `Ticket on page ${page}` })], { total: 60, page }));
    }));
    renderWithApp(<TicketsRoute />, { path: '/tickets', user: makeMe() });
    await screen.findByText('Ticket on page 1');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Ticket on page 2')).toBeInTheDocument();
    expect(location()).toBe('/tickets?page=2');
    expect(screen.getByText(/Page 2 of 3/)).toBeInTheDocument();
  });

  it('marks tickets with unread activity', async () => {
    server.use(
      http.get(`${API}/tickets`, () => HttpResponse.json(makePage([
        makeTicket({ id: 7, title: 'Answered ticket' }),
        makeTicket({ id: 8, title: 'Quiet ticket' }),
      ]))),
      http.get(`${API}/notifications`, () => HttpResponse.json({
        count: 1, tickets: [{ id: 7, title: 'Answered ticket', status: 'in_progress', updated_at: '2026-01-10T10:00:00Z' }],
      })),
    );
    renderWithApp(<TicketsRoute />, { path: '/tickets', user: makeMe() });
    const answered = (await screen.findByRole('link', { name: 'Answered ticket' })).closest('tr')!;
    expect(await within(answered).findByRole('img', { name: 'Unread activity' })).toBeInTheDocument();
    const quiet = screen.getByRole('link', { name: 'Quiet ticket' }).closest('tr')!;
    expect(within(quiet).queryByRole('img', { name: 'Unread activity' })).not.toBeInTheDocument();
  });

  it('shows staff filters only to staff', async () => {
    server.use(http.get(`${API}/tickets`, () => HttpResponse.json(makePage([]))));
    renderWithApp(<TicketsRoute />, { path: '/tickets', user: makeMe() });
    expect(await screen.findByText('No tickets match these filters.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Assigned to')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Created by')).not.toBeInTheDocument();
  });

  it('renders a title with markup as text, never as HTML', async () => {
    const title = '<img src=x onerror=alert(1)>';
    server.use(http.get(`${API}/tickets`, () => HttpResponse.json(makePage([makeTicket({ title })]))));
    const { container } = renderWithApp(<TicketsRoute />, { path: '/tickets', user: makeMe() });
    expect(await screen.findByRole('link', { name: title })).toHaveTextContent(title);
    expect(container.querySelector('img')).toBeNull();
  });
});
