/** A return path after login: only a path on this site ("/…"), never "//host" or a URL. */
export function safeLocalPath(value: string | null | undefined, fallback = '/tickets'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c === '\\')) return fallback;
  if (value.startsWith('/login')) return fallback;
  return value;
}
