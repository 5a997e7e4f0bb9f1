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

  it('offers a user no internal note and no details; the reply goes with the version', async () => {
    serveTicket(makeTicket());
    const bodies: unknown[] = [];
    server.use(http.patch(`${API}/tickets/7`, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json(makeTicket({ version: 2 }));
    }));
    open(makeMe());
    const reply = await screen.findByLabelText(/Your reply/);
    expect(screen.queryByLabelText(/Internal note/)).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Status')).not.toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Ticket details' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete ticket' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByText('Please write a reply.')).toBeInTheDocument();  // nothing else to send
    expect(bodies).toEqual([]);
    await userEvent.type(reply, 'Still broken');
    await userEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByText('Your reply was added.')).toBeInTheDocument();
    expect(bodies).toEqual([{ reply: { body: 'Still broken' }, version: 1 }]);
    expect(reply).toHaveValue('');
  });

  it('gives staff one form: an internal note, the status and the details in one submission', async () => {
    serveTicket(makeTicket({ status: 'in_progress' }), [makeComment(), makeComment({ id: 2, internal: true, body: 'Check the toner' })]);
    const bodies: unknown[] = [];
    server.use(http.patch(`${API}/tickets/7`, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json(makeTicket({ status: 'resolved', priority: 'high', version: 2 }));
    }));
    open(staffMe());
    const note = await screen.findByText('Check the toner');
    expect(within(note.closest('li')!).getByText('Internal note')).toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'Reply and ticket details' });
    expect(within(form).getByRole('group', { name: 'Ticket details' })).toBeInTheDocument();
    await userEvent.type(within(form).getByLabelText(/Your reply/), 'Toner replaced');
    await userEvent.click(within(form).getByLabelText(/Internal note \(only support/));
    const status = within(form).getByLabelText('Status');
    expect(within(status).getAllByRole('option').map((o) => o.textContent)).toEqual(['In progress', 'Resolved']);
    await userEvent.selectOptions(status, 'resolved');
    await userEvent.selectOptions(within(form).getByLabelText('Priority'), 'high');
    await userEvent.click(within(form).getByRole('button', { name: 'Save internal note' }));
    await vi.waitFor(() => expect(bodies).toEqual([
      { status: 'resolved', priority: 'high', reply: { body: 'Toner replaced', internal: true }, version: 1 }]));
    expect(await screen.findByText('Your internal note was added.')).toBeInTheDocument();
    expect(screen.queryByText('Your reply was added.')).not.toBeInTheDocument();
  });

  it('lets staff change only the status, without a reply', async () => {
    serveTicket(makeTicket({ status: 'new' }));
    const bodies: unknown[] = [];
    server.use(http.patch(`${API}/tickets/7`, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json(makeTicket({ status: 'in_progress', assigned_to: { id: 2, username: 'support' }, version: 2 }));
    }));
    open(staffMe());
    await userEvent.selectOptions(await screen.findByLabelText('Status'), 'in_progress');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('The ticket was saved.')).toBeInTheDocument();
    expect(screen.queryByText('Please write a reply.')).not.toBeInTheDocument();
    expect(bodies).toEqual([{ status: 'in_progress', version: 1 }]);
    await vi.waitFor(() => expect(screen.getByLabelText('Assigned to')).toHaveValue('2'));
  });

  it('says so when staff send the form without any change', async () => {
    serveTicket(makeTicket());
    const patched = vi.fn();
    server.use(http.patch(`${API}/tickets/7`, () => { patched(); return HttpResponse.json(makeTicket()); }));
    open(staffMe());
    await userEvent.click(await screen.findByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Nothing was changed.')).toBeInTheDocument();
    expect(patched).not.toHaveBeenCalled();
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
    let version = 5;
    server.use(http.patch(`${API}/tickets/7`, () => HttpResponse.json(makeTicket({ priority: 'low', version: ++version }))));
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

  it('shows status and assignee changes in the conversation, in order with the replies', async () => {
    serveTicket(makeTicket({ status: 'resolved' }), [
      makeComment({ id: 1, body: 'Looking into it', created_at: '2026-01-10T10:00:00Z' }),
      makeComment({ id: 2, body: 'Fixed it', created_at: '2026-01-10T12:00:00Z' })]);
    const support = { id: 2, username: 'support' };
    server.use(http.get(`${API}/tickets/7/timeline`, () => HttpResponse.json({ items: [
      { id: 10, kind: 'status', at: '2026-01-10T10:00:00Z', actor: support, before: 'new', after: 'in_progress' },
      { id: 11, kind: 'assignee', at: '2026-01-10T10:00:00Z', actor: support, before: null, after: support },
      { id: 12, kind: 'status', at: '2026-01-10T12:00:01Z', actor: support, before: 'in_progress', after: 'resolved' },
    ] })));
    open(makeMe());
    await screen.findByText('Fixed it');
    const entries = within(screen.getByRole('region', { name: 'Conversation' })).getAllByRole('listitem')
      .map((item) => item.querySelector('.comment__body, .thread-event span')?.textContent);
    expect(entries).toEqual(['Looking into it', 'support changed the status from New to In progress',
      'support assigned the ticket to support', 'Fixed it', 'support changed the status from In progress to Resolved']);
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
      http.get(`${API}/tickets/9/attachments`, () => apiError(404, 'Not found')),
      http.get(`${API}/tickets/9/timeline`, () => apiError(404, 'Not found')));
    open(makeMe(), 9);
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
