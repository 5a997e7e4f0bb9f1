// The API's double-submit CSRF cookies are readable on purpose (path /); the JWTs themselves
// are HttpOnly and never reach JavaScript.
export const CSRF_ACCESS_COOKIE = 'csrf_access_token';
export const CSRF_REFRESH_COOKIE = 'csrf_refresh_token';
export const CSRF_HEADER = 'X-CSRF-TOKEN';

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}
