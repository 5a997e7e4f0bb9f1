import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API, apiError, server } from '@/testing/server';
import { api, ApiError, onSessionExpired } from './api-client';

function setCookie(name: string, value: string) {
  document.cookie = `${name}=${value}; path=/`;
}

/** The part of the Web Locks API the client uses: one holder per name, the rest queue. */
function fakeLocks(): Pick<LockManager, 'request'> {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request: ((name: string, callback: (lock: Lock | null) => Promise<unknown>) => {
      const run = (tails.get(name) ?? Promise.resolve()).then(() => callback(null));
      tails.set(name, run.catch(() => undefined));
      return run;
    }) as LockManager['request'],
  };
}

/** Another tab: the same cookies and locks, its own copy of the client module. */
async function anotherTab(): Promise<typeof import('./api-client')> {
  vi.resetModules();
  return import('./api-client');
}

/** The API's refresh rotation: each refresh token (known by its CSRF value) works once. */
function rotatingRefresh(used: string[]) {
  return http.post(`${API}/auth/refresh`, async ({ request }) => {
    const presented = request.headers.get('X-CSRF-TOKEN') ?? '';
    used.push(presented);
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (used.filter((value) => value === presented).length > 1) return apiError(401, 'reused');
    setCookie('csrf_refresh_token', `${presented}+`); // the new refresh token's cookie
    return HttpResponse.json({ expires_in: 900 });
  });
}

afterEach(() => {
  onSessionExpired(null);
  vi.unstubAllGlobals();
});

describe('api client', () => {
  it('sends the CSRF header from csrf_access_token on writes, not on reads', async () => {
    setCookie('csrf_access_token', 'access-csrf');
    const seen: Array<[string, string | null, RequestCredentials]> = [];
    server.use(
      http.all(`${API}/tickets`, ({ request }) => {
        seen.push([request.method, request.headers.get('X-CSRF-TOKEN'), request.credentials]);
        return HttpResponse.json({ ok: true });
      }),
    );
    await api.get('/tickets');
    await api.post('/tickets', { title: 'x' });
    expect(seen).toEqual([['GET', null, 'same-origin'], ['POST', 'access-csrf', 'same-origin']]);
  });

  it('renews the session once on a 401 (with the refresh CSRF token) and retries', async () => {
    setCookie('csrf_refresh_token', 'refresh-csrf');
    let calls = 0;
    const refreshHeaders: Array<string | null> = [];
    server.use(
      http.get(`${API}/tickets/1`, () => (++calls === 1 ? apiError(401, 'Token expired') : HttpResponse.json({ id: 1 }))),
      http.post(`${API}/auth/refresh`, ({ request }) => {
        refreshHeaders.push(request.headers.get('X-CSRF-TOKEN'));
        return HttpResponse.json({ expires_in: 900 });
      }),
    );
    const expired = vi.fn();
    onSessionExpired(expired);
    await expect(api.get('/tickets/1')).resolves.toEqual({ id: 1 });
    expect(calls).toBe(2);
    expect(refreshHeaders).toEqual(['refresh-csrf']);
    expect(expired).not.toHaveBeenCalled();
  });

  it('shares one renewal between requests that fail together', async () => {
    let refreshes = 0;
    const failed = new Set<string>();
    server.use(
      http.get(`${API}/:what`, ({ params }) => {
        const what = String(params.what);
        if (!failed.has(what)) {
          failed.add(what);
          return apiError(401, 'expired');
        }
        return HttpResponse.json({ what });
      }),
      http.post(`${API}/auth/refresh`, async () => {
        refreshes += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return HttpResponse.json({ expires_in: 900 });
      }),
    );
    await Promise.all([api.get('/a'), api.get('/b')]);
    expect(refreshes).toBe(1);
  });

  it('lets only one tab renew at a time; a tab that waited uses the renewed cookies', async () => {
    vi.stubGlobal('navigator', { ...navigator, locks: fakeLocks() });
    setCookie('csrf_refresh_token', 'first');
    const used: string[] = [];
    server.use(rotatingRefresh(used));
    const [one, two] = [await anotherTab(), await anotherTab()];
    await expect(Promise.all([one.renewSession(), two.renewSession()])).resolves.toEqual([true, true]);
    expect(used).toEqual(['first']); // the second tab saw the new cookie and did not refresh
  });

  it('never sends one refresh token twice, even when a tab starts after the other renewed', async () => {
    vi.stubGlobal('navigator', { ...navigator, locks: fakeLocks() });
    setCookie('csrf_refresh_token', 'first');
    const used: string[] = [];
    server.use(rotatingRefresh(used));
    const [one, two] = [await anotherTab(), await anotherTab()];
    await one.renewSession();
    await expect(two.renewSession()).resolves.toBe(true);
    expect(used).toEqual(['first', 'first+']);
  });

  it('retries without a refresh when another tab renewed after the request left', async () => {
    vi.stubGlobal('navigator', { ...navigator, locks: fakeLocks() });
    setCookie('csrf_refresh_token', 'first');
    const used: string[] = [];
    server.use(rotatingRefresh(used));
    const [one, two] = [await anotherTab(), await anotherTab()];
    const sentWith = 'first'; // the second tab's request left before the first tab renewed
    await one.renewSession();
    await expect(two.renewSession(sentWith)).resolves.toBe(true);
    expect(used).toEqual(['first']);
  });

  it('reports the end of the session when the renewal fails, without a second refresh', async () => {
    let refreshes = 0;
    server.use(
      http.get(`${API}/tickets`, () => apiError(401, 'Missing cookie')),
      http.post(`${API}/auth/refresh`, () => {
        refreshes += 1;
        return apiError(401, 'Refresh token revoked');
      }),
    );
    const expired = vi.fn();
    onSessionExpired(expired);
    const error = await api.get('/tickets').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(refreshes).toBe(1);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('reports the end of the session when the retry is refused again', async () => {
    server.use(
      http.get(`${API}/tickets`, () => apiError(401, 'still not')),
      http.post(`${API}/auth/refresh`, () => HttpResponse.json({ expires_in: 900 })),
    );
    const expired = vi.fn();
    onSessionExpired(expired);
    await expect(api.get('/tickets')).rejects.toMatchObject({ status: 401 });
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('does not try to renew after a failed login', async () => {
    const refresh = vi.fn();
    server.use(
      http.post(`${API}/auth/login`, () => apiError(401, 'Wrong username or password.')),
      http.post(`${API}/auth/refresh`, () => {
        refresh();
        return HttpResponse.json({});
      }),
    );
    await expect(api.post('/auth/login', {})).rejects.toMatchObject({ message: 'Wrong username or password.' });
    expect(refresh).not.toHaveBeenCalled();
  });

  it('parses the error envelope: code, message, fields and Retry-After', async () => {
    server.use(
      http.post(`${API}/tickets`, () =>
        HttpResponse.json({ error: 'validation_error', message: 'The request is invalid.', fields: { title: 'too long' } }, { status: 422 })),
      http.post(`${API}/auth/login`, () => apiError(429, 'Too many requests.', {}, { 'Retry-After': '42' })),
    );
    const invalid = (await api.post('/tickets', {}).catch((e: unknown) => e)) as ApiError;
    expect(invalid).toMatchObject({ status: 422, code: 'validation_error', message: 'The request is invalid.', fields: { title: 'too long' } });
    const limited = (await api.post('/auth/login', {}).catch((e: unknown) => e)) as ApiError;
    expect(limited).toMatchObject({ status: 429, retryAfter: 42 });
  });

  it('survives an error without a JSON body', async () => {
    server.use(http.get(`${API}/tickets`, () => new HttpResponse('Bad gateway', { status: 502 })));
    await expect(api.get('/tickets')).rejects.toMatchObject({ status: 502, message: 'Request failed (502)' });
  });
});
