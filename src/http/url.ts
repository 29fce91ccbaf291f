/**
 * Resolves a request URL. Relative paths are appended to the base URL's path
 * ("me" and "/me" both give https://circleci.com/api/v2/me), because
 * `new URL('/me', base)` would drop the `/api/v2` prefix of the base.
 */
export function resolveUrl(baseUrl: string, url: string | URL): URL {
  if (url instanceof URL) return new URL(url.href);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return new URL(url);
  return new URL(`${baseUrl.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`);
}
