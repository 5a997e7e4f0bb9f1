// uploadFile drives XMLHttpRequest (the only browser API with upload progress); a scripted
// stand-in replays what a browser would report.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-client';
import { uploadFile } from './upload';

type Reply = { status: number; body: unknown; progress?: Array<[number, number]> };

class FakeXhr {
  static replies: Reply[] = [];
  static sent: Array<{ url: string; headers: Record<string, string>; body: FormData }> = [];
  headers: Record<string, string> = {};
  url = '';
  status = 0;
  responseText = '';
  withCredentials = false;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(_method: string, url: string) { this.url = url; }
  setRequestHeader(name: string, value: string) { this.headers[name] = value; }
  getResponseHeader() { return null; }
  abort() { this.onabort?.(); }
  send(body: FormData) {
    FakeXhr.sent.push({ url: this.url, headers: this.headers, body });
    const reply = FakeXhr.replies.shift()!;
    queueMicrotask(() => {
      for (const [loaded, total] of reply.progress ?? []) this.upload.onprogress?.({ lengthComputable: true, loaded, total });
      this.status = reply.status;
      this.responseText = JSON.stringify(reply.body);
      this.onload?.();
    });
  }
}

function install(replies: Reply[]) {
  FakeXhr.replies = replies;
  FakeXhr.sent = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
}

afterEach(() => vi.unstubAllGlobals());

describe('uploadFile', () => {
  it('posts multipart field "file" with the CSRF header and reports progress', async () => {
    document.cookie = 'csrf_access_token=tok; path=/';
    install([{ status: 201, body: { id: 5 }, progress: [[50, 200], [200, 200]] }]);
    const progress: Array<[number, number]> = [];
    const file = new File(['x'.repeat(200)], 'log.txt', { type: 'text/plain' });
    const result = await uploadFile('/tickets/7/attachments', file, { onProgress: (p) => progress.push([p.loaded, p.total]) });
    expect(result).toEqual({ id: 5 });
    expect(progress).toEqual([[50, 200], [200, 200]]);
    const [request] = FakeXhr.sent;
    expect(request?.url).toBe('/api/v1/tickets/7/attachments');
    expect(request?.headers['X-CSRF-TOKEN']).toBe('tok');
    expect((request?.body.get('file') as File).name).toBe('log.txt');
  });

  it('renews the session once after a 401 and sends again', async () => {
    install([{ status: 401, body: { error: 'unauthorized', message: 'expired', fields: {} } }, { status: 201, body: { id: 6 } }]);
    const refresh = vi.fn(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', refresh);
    await expect(uploadFile('/tickets/7/attachments', new File(['a'], 'a.txt'))).resolves.toEqual({ id: 6 });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(FakeXhr.sent).toHaveLength(2);
  });

  it('turns an error reply into an ApiError with the message and fields', async () => {
    install([{ status: 422, body: { error: 'validation_error', message: 'This file type is not allowed.', fields: { file: 'HTML is refused' } } }]);
    const error = await uploadFile('/tickets/7/attachments', new File(['<html>'], 'a.html')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, message: 'This file type is not allowed.', fields: { file: 'HTML is refused' } });
  });
});
