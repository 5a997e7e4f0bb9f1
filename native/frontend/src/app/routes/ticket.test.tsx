import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { Ticket } from '@/types/models';
import { makeAttachment, makeComment, makeMe, makeTicket, staffMe } from '@/testing/data';
import { renderWithApp } from '@/testing/render';
import { API, apiError, server } from '@/testing/server';
import { TicketRoute } from './ticket';

function serveTicket(ticket: Ticket, comments = [makeComment()]) {
  let current = ticket;
  server.use(
    http.get(`${API}/tickets/${ticket.id}`, () => HttpResponse.json(current)),
    http.get(`${API}/tickets/${ticket.id}/comments`, () => HttpResponse.json({ items: comments, older: null })),
    http.get(`${API}/tickets/${ticket.id}/attachments`, () => HttpResponse.json({ items: [makeAttachment()] })),
  );
  return { replace: (next: Ticket) => { current = next; } };
}

const open = (user = makeMe(), id = 7) =>
  renderWithApp(<TicketRoute />, { path: '/tickets/:ticketId', url: `/tickets/${id}`, user });

describe('ticket detail', () => {
  it('shows the ticket, the thread and a download link for each attachment', async () => {
    serveTicket(makeTicket({ description: 'Line one\n<b>not bold</b>' }));
    const { container } = open();
    expect(await screen.findByRole('heading', { level: 1, name: 'Ticket #7: Printer does not print' })).toBeInTheDocument();
    expect(screen.getByText(/<b>not bold<\/b>/)).toBeInTheDocument();
    expect(container.querySelector('b')).toBeNull();
    expect(await screen.findByText('We are looking into it.')).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Download error.png' })).toHaveAttribute('href', '/api/v1/attachments/11');
  });

  it('offers a user no internal note and no status; the reply sends only the text', async () => {
    serveTicket(makeTicket());
    const bodies: unknown[] = [];
    server.use(http.post(`${API}/tickets/7/comments`, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json({ comment: makeComment({ id: 2, author: { id: 3, username: 'user' }, body: 'Still broken' }), ticket: makeTicket({ version: 2 }) }, { status: 201 });
    }));
    open(makeMe());
    const reply = await screen.findByLabelText(/Your reply/);
    expect(screen.queryByLabelText(/Internal note/)).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Change the status to')).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Ticket details' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete ticket' })).not.toBeInTheDocument();
    await userEvent.type(reply, 'Still broken');
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByText('Your reply was added.')).toBeInTheDocument();
    expect(bodies).toEqual([{ body: 'Still broken' }]);
  });

  it('lets staff write an internal note and change the status in one action', async () => {
    serveTicket(makeTicket({ status: 'in_progress' }), [makeComment(), makeComment({ id: 2, internal: true, body: 'Check the toner' })]);
    const bodies: unknown[] = [];
    server.use(http.post(`${API}/tickets/7/comments`, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json({ comment: makeComment({ id: 3 }), ticket: makeTicket({ status: 'resolved', version: 2 }) }, { status: 201 });
    }));
    open(staffMe());
    const note = await screen.findByText('Check the toner');
    expect(within(note.closest('li')!).getByText('Internal note')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Your reply/), 'Toner replaced');
    await userEvent.click(screen.getByLabelText(/Internal note \(only support/));
    const status = screen.getByLabelText('Change the status to');
    expect(within(status).getAllByRole('option').map((o) => o.textContent)).toEqual(['Keep the status', 'Resolved']);
    await userEvent.selectOptions(status, 'resolved');
    await userEvent.click(screen.getByRole('button', { name: 'Save internal note' }));
    await vi.waitFor(() => expect(bodies).toEqual([{ body: 'Toner replaced', internal: true, status: 'resolved' }]));
    expect(await screen.findByText('Your internal note was added.')).toBeInTheDocument();
    expect(screen.queryByText('Your reply was added.')).not.toBeInTheDocument();
  });

  it('tells staff when someone else changed the ticket (409) and loads the new version', async () => {
    const server_ = serveTicket(makeTicket({ version: 3 }));
    const patches: unknown[] = [];
    server.use(http.patch(`${API}/tickets/7`, async ({ request }) => {
      patches.push(await request.json());
      server_.replace(makeTicket({ version: 4, priority: 'low', last_updated_by: { id: 1, username: 'admin' } }));
      return apiError(409, "Someone else changed this ticket; reload it and try again.", { version: 'current is 4' });
    }));
    open(staffMe());
    await userEvent.selectOptions(await screen.findByLabelText('Priority'), 'high');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('changed by someone else');
    expect(patches).toEqual([{ priority: 'high', version: 3 }]);
    await vi.waitFor(() => expect(screen.getByLabelText('Priority')).toHaveValue('low'));
    expect(screen.getByText(/by admin/)).toBeInTheDocument();
  });

  it('names each code badge in the heading for screen readers (English and German)', async () => {
    serveTicket(makeTicket({ status: 'in_progress', priority: 'high', category: 'bug' }));
    const { container, unmount } = open();
    await screen.findByRole('heading', { level: 1 });
    const codes = container.querySelector('.ticket-head__codes')!;
    expect(Array.from(codes.children).map((c) => c.textContent)).toEqual(['Status: In progress', 'Priority: High', 'Category: Bug']);
    expect(within(codes as HTMLElement).getByText('Status:', { exact: false })).toHaveClass('visually-hidden');
    expect(codes.querySelector('.badge--status')).toHaveTextContent(/^In progress$/);
    unmount();
    const german = renderWithApp(<TicketRoute />, { path: '/tickets/:ticketId', url: '/tickets/7', user: makeMe(), language: 'de' });
    await screen.findByRole('heading', { level: 1 });
    const deCodes = german.container.querySelector('.ticket-head__codes')!;
    expect(Array.from(deCodes.children).map((c) => c.textContent)).toEqual(['Status: In Bearbeitung', 'Priorität: Hoch', 'Kategorie: Bug']);
  });

  it('ends the "saved" message when a reply or note follows', async () => {
    serveTicket(makeTicket({ version: 5 }));
    server.use(
      http.patch(`${API}/tickets/7`, () => HttpResponse.json(makeTicket({ priority: 'low', version: 6 }))),
      http.post(`${API}/tickets/7/comments`, () =>
        HttpResponse.json({ comment: makeComment({ id: 3, internal: true }), ticket: makeTicket({ priority: 'low', version: 6 }) }, { status: 201 })),
    );
    open(staffMe());
    await userEvent.selectOptions(await screen.findByLabelText('Priority'), 'low');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('The ticket was saved.')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Your reply/), 'Toner ordered');
    await userEvent.click(screen.getByLabelText(/Internal note \(only support/));
    await userEvent.click(screen.getByRole('button', { name: 'Save internal note' }));
    expect(await screen.findByText('Your internal note was added.')).toBeInTheDocument();
    expect(screen.queryByText('The ticket was saved.')).not.toBeInTheDocument();
  });

  it('ends the "saved" message when a newer version of the ticket arrives from another action', async () => {
    serveTicket(makeTicket({ version: 5 }));
    server.use(
      http.patch(`${API}/tickets/7`, () => HttpResponse.json(makeTicket({ priority: 'low', version: 6 }))),
      http.post(`${API}/tickets/7/comments`, () =>
        HttpResponse.json({ comment: makeComment({ id: 3 }), ticket: makeTicket({ priority: 'low', status: 'resolved', version: 7 }) }, { status: 201 })),
    );
    open(staffMe());
    await userEvent.selectOptions(await screen.findByLabelText('Priority'), 'low');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('The ticket was saved.')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Your reply/), 'Fixed');
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByText('Your reply was added.')).toBeInTheDocument();
    expect(screen.queryByText('The ticket was saved.')).not.toBeInTheDocument();
  });

  it('lets staff assign and unassign with the version', async () => {
    serveTicket(makeTicket({ assigned_to: { id: 2, username: 'support' }, version: 5 }));
    const patches: unknown[] = [];
    server.use(http.patch(`${API}/tickets/7`, async ({ request }) => {
      patches.push(await request.json());
      return HttpResponse.json(makeTicket({ assigned_to: null, version: 6 }));
    }));
    open(staffMe());
    await screen.findByRole('option', { name: 'admin' });
    await userEvent.selectOptions(await screen.findByLabelText('Assigned to'), '');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('The ticket was saved.')).toBeInTheDocument();
    expect(patches).toEqual([{ assigned_to: null, version: 5 }]);
  });

  it('lets the creator confirm or reopen a resolved ticket', async () => {
    serveTicket(makeTicket({ status: 'resolved', version: 2 }));
    const patches: unknown[] = [];
    server.use(http.patch(`${API}/tickets/7`, async ({ request }) => {
      patches.push(await request.json());
      return HttpResponse.json(makeTicket({ status: 'closed', version: 3 }));
    }));
    open(makeMe());
    await userEvent.click(await screen.findByRole('button', { name: 'Yes, close the ticket' }));
    await vi.waitFor(() => expect(patches).toEqual([{ status: 'closed', version: 2 }]));
    expect(await screen.findByText('Closed')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'No, it is still broken' })).not.toBeInTheDocument();
  });

  it('lets the creator correct the title and description', async () => {
    serveTicket(makeTicket({ version: 4 }));
    const patches: unknown[] = [];
    server.use(http.patch(`${API}/tickets/7`, async ({ request }) => {
      patches.push(await request.json());
      return HttpResponse.json(makeTicket({ title: 'Printer on floor 2 does not print', version: 5 }));
    }));
    open(makeMe());
    await userEvent.click(await screen.findByRole('button', { name: 'Edit title and description' }));
    const title = screen.getByLabelText(/^Title/);
    await userEvent.clear(title);
    await userEvent.type(title, 'Printer on floor 2 does not print');
    await userEvent.click(screen.getByRole('button', { name: 'Save title and description' }));
    expect(await screen.findByText('Title and description were saved.')).toBeInTheDocument();
    expect(patches).toEqual([{ title: 'Printer on floor 2 does not print', description: 'Nothing comes out.', version: 4 }]);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Printer on floor 2 does not print');
  });

  it('lets an administrator delete the ticket after confirming', async () => {
    serveTicket(makeTicket());
    const deleted = vi.fn();
    server.use(http.delete(`${API}/tickets/7`, () => {
      deleted();
      return new HttpResponse(null, { status: 204 });
    }));
    renderWithApp(<TicketRoute />, {
      path: '/tickets/:ticketId', url: '/tickets/7', user: makeMe({ id: 1, username: 'admin', role: 'admin' }),
      routes: [{ path: '/tickets', element: <p>List</p> }],
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete ticket' }));
    expect(deleted).not.toHaveBeenCalled();
    expect(screen.getByText(/cannot be undone/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Yes, delete ticket #7' }));
    expect(await screen.findByText('List')).toBeInTheDocument();
    expect(deleted).toHaveBeenCalledTimes(1);
  });

  it('shows "not found" for a ticket the API hides', async () => {
    server.use(http.get(`${API}/tickets/9`, () => apiError(404, 'Not found')),
      http.get(`${API}/tickets/9/comments`, () => apiError(404, 'Not found')),
      http.get(`${API}/tickets/9/attachments`, () => apiError(404, 'Not found')));
    open(makeMe(), 9);
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
