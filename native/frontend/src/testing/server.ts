// MSW in unit tests only: the API's answers for the usual reads; tests override per case.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { makeMe } from './data';

export const API = '/api/v1';

export const defaultHandlers = [
  http.get(`${API}/auth/me`, () => HttpResponse.json(makeMe())),
  http.get(`${API}/notifications`, () => HttpResponse.json({ count: 0, tickets: [], poll_seconds: 30, watched: null })),
  http.get(`${API}/tickets/:id/timeline`, () => HttpResponse.json({ items: [] })),
  http.get(`${API}/users/assignable`, () =>
    HttpResponse.json({ items: [{ id: 1, username: 'admin' }, { id: 2, username: 'support' }] })),
];

export const server = setupServer(...defaultHandlers);

export function apiError(status: number, message: string, fields: Record<string, string> = {}, headers?: HeadersInit) {
  return HttpResponse.json({ error: 'error', message, fields }, { status, headers });
}

type Refusal = { fields?: Record<string, string>; field_errors?: Record<string, string>; params?: Record<string, string | number> };

/** An error answer as the API gives it: a stable code (which the SPA translates), an English
 * message for API clients only, and per-field codes. */
export function apiRefusal(status: number, code: string, refusal: Refusal = {}, headers?: HeadersInit) {
  return HttpResponse.json({
    error: code, code, message: `English text for ${code}`, fields: refusal.fields ?? {},
    field_errors: refusal.field_errors ?? {}, params: refusal.params ?? {},
  }, { status, headers });
}
