// Test data shaped exactly like the API's responses (typed from openapi.json).
import type { Attachment, Comment, Me, Ticket, TicketPage } from '@/types/models';

export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    id: 3, username: 'user', email: 'user@example.com', role: 'user', is_active: true, language: 'en',
    email_notifications: true, has_default_password: false, created_at: '2026-01-05T09:00:00Z',
    default_password_accounts: [], ...overrides,
  };
}

export const staffMe = (overrides: Partial<Me> = {}) =>
  makeMe({ id: 2, username: 'support', email: 'support@example.com', role: 'support', ...overrides });

export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 7, title: 'Printer does not print', description: 'Nothing comes out.', category: 'support',
    priority: 'medium', status: 'new', created_by: { id: 3, username: 'user' }, assigned_to: null,
    last_updated_by: null, created_at: '2026-01-10T08:00:00Z', updated_at: '2026-01-10T09:30:00Z',
    version: 1, unread: false, ...overrides,
  };
}

export function makePage(items: Ticket[], overrides: Partial<TicketPage> = {}): TicketPage {
  return { items, total: items.length, total_capped: false, page: 1, per_page: 25, ...overrides };
}

export function makeComment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: 1, ticket_id: 7, author: { id: 2, username: 'support' }, body: 'We are looking into it.',
    internal: false, created_at: '2026-01-10T10:00:00Z', ...overrides,
  };
}

export function makeAttachment(overrides: Partial<Attachment> = {}): Attachment {
  return {
    id: 11, ticket_id: 7, filename: 'error.png', content_type: 'image/png', size: 2048, sha256: 'ab'.repeat(32),
    uploaded_by: { id: 3, username: 'user' }, created_at: '2026-01-10T10:05:00Z', ...overrides,
  };
}
