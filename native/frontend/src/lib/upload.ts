// Multipart upload through XMLHttpRequest, the browser API that reports upload progress.
// Same rules as the fetch client: cookies, CSRF header, one session renewal on a 401.
import { API_BASE, ApiError, csrfHeaders, renewSession, type ErrorEnvelope } from './api-client';
import { CSRF_REFRESH_COOKIE, readCookie } from './csrf';

export type Progress = { loaded: number; total: number };

type Outcome = { status: number; body: unknown; retryAfter: number | null };

function sendOnce(path: string, field: string, file: File, onProgress?: (p: Progress) => void,
  signal?: AbortSignal): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}${path}`);
    xhr.withCredentials = false; // same origin: cookies go anyway
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      const header = xhr.getResponseHeader('Retry-After');
      resolve({ status: xhr.status, body, retryAfter: header && /^\d+$/.test(header) ? Number(header) : null });
    };
    xhr.onerror = () => reject(new ApiError(0, { error: 'network', message: 'The upload failed (network error).' }));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append(field, file, file.name);
    xhr.send(form);
  });
}

export async function uploadFile<T>(path: string, file: File, options: {
  field?: string; onProgress?: (p: Progress) => void; signal?: AbortSignal;
} = {}): Promise<T> {
  const field = options.field ?? 'file';
  const sentWith = readCookie(CSRF_REFRESH_COOKIE);
  let outcome = await sendOnce(path, field, file, options.onProgress, options.signal);
  if (outcome.status === 401 && (await renewSession(sentWith))) {
    outcome = await sendOnce(path, field, file, options.onProgress, options.signal);
  }
  if (outcome.status < 200 || outcome.status >= 300) {
    const body = (outcome.body && typeof outcome.body === 'object' ? outcome.body : {}) as Partial<ErrorEnvelope>;
    throw new ApiError(outcome.status, body, outcome.retryAfter);
  }
  return outcome.body as T;
}
