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
