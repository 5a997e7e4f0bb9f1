// The one way the SPA talks to the API: same-origin fetch with the session cookies, the CSRF
// header on every write, one silent session renewal on a 401, and errors as ApiError with the
// API's envelope {error, message, fields}. It neither redirects nor shows messages itself:
// the app registers what happens when the session is gone (onSessionExpired).
import { CSRF_ACCESS_COOKIE, CSRF_HEADER, CSRF_REFRESH_COOKIE, readCookie } from './csrf';

export const API_BASE = '/api/v1';

export type ErrorEnvelope = {
  error: string;
  /** What exactly went wrong (stable; lib/api-errors.ts translates it). */
  code?: string;
  message: string;
  fields: Record<string, string>;
  field_errors?: Record<string, string>;
  params?: Record<string, string | number>;
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  /** The specific code (the envelope's `code`, else its `error`). */
  readonly reason: string;
  readonly fieldCodes: Record<string, string>;
  readonly params: Record<string, string | number>;
  /** Seconds from a Retry-After header (429), else null. */
  readonly retryAfter: number | null;

  constructor(status: number, body: Partial<ErrorEnvelope>, retryAfter: number | null = null) {
    super(body.message || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.error || 'error';
    this.fields = body.fields ?? {};
    this.reason = body.code || this.code;
    this.fieldCodes = body.field_errors ?? {};
    this.params = body.params ?? {};
    this.retryAfter = retryAfter;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type SessionExpiredListener = () => void;
let sessionExpired: SessionExpiredListener | null = null;

/** The app's reaction to a session that cannot be renewed (clear the cache, go to login). */
export function onSessionExpired(listener: SessionExpiredListener | null): void {
  sessionExpired = listener;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

type RequestOptions = { query?: Query; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> };

// Paths whose 401 means "wrong credentials" or "no session", never "renew and retry".
const NO_RENEWAL = ['/auth/login', '/auth/refresh', '/auth/logout'];

let renewal: Promise<boolean> | null = null;
// Tabs of the app share the cookies, so they take turns renewing (Web Locks API).
const RENEWAL_LOCK = 'helpdesk-session-renewal';

function refresh(): Promise<boolean> {
  return fetch(`${API_BASE}/auth/refresh`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { [CSRF_HEADER]: readCookie(CSRF_REFRESH_COOKIE) ?? '', Accept: 'application/json' },
  }).then((response) => response.ok);
}

/**
 * A refresh token works once, and the API ends the whole sign-in when one is used twice,
 * so two tabs must never send the same one. Each tab renews under one lock; a tab that
 * waited finds the refresh CSRF cookie changed (every new refresh token comes with a new
 * one) and just retries with the cookies the other tab got. Without the Web Locks API
 * (plain http on another host than localhost) the tabs cannot coordinate: two renewing in
 * the same instant end the sign-in, and the app asks to sign in again.
 */
function renewAcrossTabs(seen: string | null): Promise<boolean> {
  if (readCookie(CSRF_REFRESH_COOKIE) !== seen) return Promise.resolve(true);
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return refresh();
  // The lock resolves with the callback's own promise; Promise.resolve flattens its type.
  return Promise.resolve(locks.request(RENEWAL_LOCK, async () =>
    readCookie(CSRF_REFRESH_COOKIE) !== seen || refresh()));
}

/**
 * POST /auth/refresh once, shared by every request of this tab that got a 401 at once.
 * `sentWith` is the refresh CSRF cookie when the failed request left: if another tab has
 * renewed since (the cookie changed), the retry needs no renewal of its own.
 */
export function renewSession(sentWith: string | null = readCookie(CSRF_REFRESH_COOKIE)): Promise<boolean> {
  renewal ??= renewAcrossTabs(sentWith)
    .catch(() => false)
    .finally(() => {
      renewal = null;
    });
  return renewal;
}

export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: Partial<ErrorEnvelope> = {};
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === 'object') body = parsed as Partial<ErrorEnvelope>;
  } catch {
    body = {};
  }
  const header = response.headers.get('Retry-After');
  const retryAfter = header !== null && /^\d+$/.test(header) ? Number(header) : null;
  return new ApiError(response.status, body, retryAfter);
}

/** Headers for a write: the CSRF double-submit value from the readable cookie. */
export function csrfHeaders(): Record<string, string> {
  const token = readCookie(CSRF_ACCESS_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (method !== 'GET') Object.assign(headers, csrfHeaders());
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return fetch(withQuery(`${API_BASE}${path}`, options.query), {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: options.signal,
  });
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const sentWith = readCookie(CSRF_REFRESH_COOKIE);
  let response = await send(method, path, options);
  if (response.status === 401 && !NO_RENEWAL.includes(path)) {
    if (await renewSession(sentWith)) response = await send(method, path, options);
    if (response.status === 401) {
      const error = await errorFromResponse(response);
      sessionExpired?.();
      throw error;
    }
  }
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  return (type.includes('application/json') ? await response.json() : await response.text()) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};
