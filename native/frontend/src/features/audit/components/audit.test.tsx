import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '@/types/models';
import { renderWithApp } from '@/testing/render';
import { API, apiRefusal, server } from '@/testing/server';
import { auditFiltersFromSearch, auditQuery } from '../api/get-audit';
import { AuditFilters } from './audit-filters';
import { AuditList } from './audit-list';

function makeEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 1, occurred_at: '2026-01-10T08:00:00Z', actor_id: 1, actor_username: 'admin', action: 'ticket.status',
    entity_type: 'ticket', entity_id: 7, before: { status: 'new' }, after: { status: 'in_progress' },
    client_address: '192.0.2.5', request_id: 'abc', ...overrides,
  };
}

const page = (items: AuditEntry[], total = items.length) => HttpResponse.json({ items, total, page: 1, per_page: 25 });

describe('AuditList', () => {
  it('renders the entries with translated actions and before/after as text', async () => {
    server.use(http.get(`${API}/audit`, () => page([
      makeEntry(),
      makeEntry({ id: 2, action: 'auth.login_failed', actor_id: null, actor_username: 'mallory', entity_type: 'user', entity_id: null,
        before: null, after: { reason: 'wrong', tries: 3, nested: { a: [1, 2] } }, client_address: null }),
    ], 60)));
    renderWithApp(<AuditList filters={{}} onPage={vi.fn()} actorLink={(id) => `/audit?actor_id=${id}`} />);
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[0]!).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(
      ['When', 'Who', 'Action', 'Object', 'Before', 'After', 'Client address']);
    expect(within(rows[1]!).getByText('Status changed')).toBeInTheDocument();
    expect(within(rows[1]!).getByRole('link', { name: 'admin' })).toHaveAttribute('href', '/audit?actor_id=1');
    expect(within(rows[1]!).getByRole('link', { name: 'Ticket #7' })).toHaveAttribute('href', '/tickets/7');
    expect(within(rows[1]!).getByText('New')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('In progress')).toBeInTheDocument();
    expect(within(rows[1]!).queryByText('in_progress')).toBeNull();
    expect(within(rows[2]!).getByText('Failed sign-in')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('mallory')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('{"a":[1,2]}')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('3')).toBeInTheDocument();
    expect(screen.getByText(/Page 1 of 3 · 60 entries/)).toBeInTheDocument();
  });

  it('shows codes translated and account ids as "#2" labelled "account #2"', async () => {
    server.use(http.get(`${API}/audit`, () => page([
      makeEntry({ action: 'ticket.update', before: { assigned_to: null, priority: 'low', category: 'bug' },
        after: { assigned_to: 2, priority: 'high', category: 'feature', status: 'weird' } }),
      makeEntry({ id: 2, action: 'user.update', entity_type: 'user', entity_id: 3, before: { role: 'user' }, after: { role: 'admin' } }),
    ])));
    renderWithApp(<AuditList filters={{}} onPage={vi.fn()} actorLink={() => '/audit'} />);
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1]!).getByText('#2')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('account #2')).toHaveClass('visually-hidden');
    expect(within(rows[1]!).getByText('nobody')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Low')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('High')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Bug')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Feature')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('weird')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('User')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Administrator')).toBeInTheDocument();
  });

  it('shows markup in recorded values and names as text, never as HTML', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    server.use(http.get(`${API}/audit`, () => page([
      makeEntry({ action: 'ticket.create', actor_username: evil, before: null, after: { title: evil } }),
    ])));
    const { container } = renderWithApp(<AuditList filters={{}} onPage={vi.fn()} actorLink={() => '/audit'} />);
    expect(await screen.findByRole('link', { name: evil })).toBeInTheDocument();
    expect(screen.getAllByText(evil)).toHaveLength(2);
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows an unknown action code as it is', async () => {
    server.use(http.get(`${API}/audit`, () => page([makeEntry({ action: 'ticket.merge', entity_type: 'widget' })])));
    renderWithApp(<AuditList filters={{}} onPage={vi.fn()} actorLink={() => '/audit'} />);
    expect(await screen.findByText('ticket.merge')).toBeInTheDocument();
    expect(screen.getByText('widget #7')).toBeInTheDocument();
  });

  it("shows the API's refusal", async () => {
    server.use(http.get(`${API}/audit`, () => apiRefusal(403, 'audit_admin_only')));
    renderWithApp(<AuditList filters={{}} onPage={vi.fn()} actorLink={() => '/audit'} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Only administrators may read the audit log.');
  });

  it('names actions, fields and values in words, in English and German (no raw codes)', async () => {
    const entries = [
      makeEntry({ action: 'auth.login', entity_type: 'user', entity_id: 1, before: null, after: null }),
      makeEntry({ id: 2, action: 'user.update', entity_type: 'user', entity_id: 3,
        before: { is_active: true, language: 'en', email_notifications: false },
        after: { is_active: false, language: 'de', email_notifications: true } }),
      makeEntry({ id: 3, action: 'ticket.export', before: null,
        after: { status: 'resolved', assignee: 'me', unread: true, sort: '-created' } }),
      makeEntry({ id: 4, action: 'auth.login_failed', entity_type: 'user', before: null, after: { reason: 'wrong credentials' } }),
    ];
    const expected = {
      en: ['Signed in', 'Active', 'yes', 'no', 'Language', 'English', 'Deutsch', 'E-mail notifications',
        'Tickets exported', 'Resolved', 'me', 'Unread', 'Order', 'Newest', 'Reason', 'wrong username or password'],
      de: ['Angemeldet', 'Aktiv', 'ja', 'nein', 'Sprache', 'English', 'Deutsch', 'E-Mail-Benachrichtigungen',
        'Tickets exportiert', 'Erledigt', 'ich', 'Ungelesen', 'Reihenfolge', 'Neueste', 'Grund',
        'falscher Benutzername oder falsches Passwort'],
    } as const;
    for (const language of ['en', 'de'] as const) {
      server.use(http.get(`${API}/audit`, () => page(entries)));
      const { unmount } = renderWithApp(<AuditList filters={{}} onPage={vi.fn()} actorLink={() => '/audit'} />, { language });
      const table = await screen.findByRole('table');
      for (const text of expected[language]) expect(within(table).getAllByText(text).length).toBeGreaterThan(0);
      for (const raw of ['auth.login', 'user.update', 'ticket.export', 'is_active', 'email_notifications', 'true', 'false',
        'assignee', '-created', 'wrong credentials', 'resolved']) {
        expect(within(table).queryByText(raw)).toBeNull();
      }
      unmount();
    }
  });

  it('speaks German', async () => {
    server.use(http.get(`${API}/audit`, () => page([makeEntry()])));
    renderWithApp(<AuditList filters={{}} onPage={vi.fn()} actorLink={() => '/audit'} />, { language: 'de' });
    const table = await screen.findByRole('table', { name: 'Audit-Protokoll' });
    expect(within(table).getByRole('columnheader', { name: 'Vorher' })).toBeInTheDocument();
    expect(within(table).getByText('Status geändert')).toBeInTheDocument();
  });
});

describe('audit filters', () => {
  it('reads valid filters from the URL and turns days into the API instants', () => {
    const filters = auditFiltersFromSearch(new URLSearchParams(
      'action=user.update&actor_id=3&entity_type=nope&entity_id=0&from=2026-01-05&to=2026-01-06&page=2&x=1'));
    expect(filters).toEqual({ action: 'user.update', actor_id: '3', from: '2026-01-05', to: '2026-01-06', page: '2' });
    const query = auditQuery(filters);
    expect(new Date(query.since!).getTime()).toBe(new Date(2026, 0, 5).getTime());
    expect(new Date(query.until!).getTime()).toBe(new Date(2026, 0, 7).getTime());
    expect(query).not.toHaveProperty('from');
    expect(auditFiltersFromSearch(new URLSearchParams('from=2026-02-30'))).toEqual({});
  });

  it('applies selects at once and typed filters with the button, refusing bad numbers beside the field', async () => {
    const onChange = vi.fn();
    renderWithApp(<AuditFilters filters={{}} onChange={onChange} onClear={vi.fn()} />);
    await userEvent.selectOptions(screen.getByLabelText('Action'), 'user.delete');
    expect(onChange).toHaveBeenLastCalledWith({ action: 'user.delete' });
    await userEvent.type(screen.getByLabelText('Account number (who)'), '1.5');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(screen.getByLabelText('Account number (who)')).toHaveAccessibleDescription('Please enter a whole number from 1.');
    expect(onChange).toHaveBeenCalledTimes(1);
    await userEvent.clear(screen.getByLabelText('Account number (who)'));
    await userEvent.type(screen.getByLabelText('Account number (who)'), '4');
    await userEvent.type(screen.getByLabelText('From (day)'), '2026-01-05');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onChange).toHaveBeenLastCalledWith({ actor_id: '4', entity_id: '', from: '2026-01-05', to: '' });
  });

  it('refuses an end day before the start day', async () => {
    const onChange = vi.fn();
    renderWithApp(<AuditFilters filters={{ from: '2026-01-05' }} onChange={onChange} onClear={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('To (day)'), '2026-01-01');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(screen.getByLabelText('To (day)')).toHaveAccessibleDescription('The end day must not be before the start day.');
    expect(onChange).not.toHaveBeenCalled();
  });
});
