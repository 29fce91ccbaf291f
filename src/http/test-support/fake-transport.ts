import { DEFAULT_MAX_PAGES } from '../pagination';
import { HttpTransport, RequestOptions } from '../types';
import { resolveUrl } from '../url';
import { captureLogger } from './capture-logger';

/**
 * An HttpTransport for unit tests that answers from a function instead of
 * the network, with every field a real transport has (so code under test
 * cannot lean on a field the fake lacks), and records what was requested.
 */
export function fakeTransport(
  baseUrl: string,
  answer: (options: RequestOptions) => unknown | Promise<unknown>,
  overrides: Partial<Pick<HttpTransport, 'summary' | 'maxPages'>> = {},
): HttpTransport & {
  sent: RequestOptions[];
  logger: ReturnType<typeof captureLogger>;
} {
  const sent: RequestOptions[] = [];
  return {
    baseUrl,
    logger: captureLogger(),
    maxPages: overrides.maxPages ?? DEFAULT_MAX_PAGES,
    sent,
    async requestJson<T>(options: RequestOptions) {
      sent.push(options);
      const body = (await answer(options)) as T;
      return { status: 200, headers: {}, body };
    },
    stats: () => ({}),
    summary: overrides.summary ?? (() => ''),
  };
}

/**
 * A fake transport answering from a table keyed by path (the URL's path
 * without the base URL's path); an unknown path fails the request.
 */
export function tableTransport(
  baseUrl: string,
  answers: Record<string, unknown>,
): { transport: HttpTransport; requested: string[] } {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const requested: string[] = [];
  const transport = fakeTransport(baseUrl, (options) => {
    const url = resolveUrl(baseUrl, options.url);
    const path = url.pathname.slice(basePath.length);
    requested.push(path);
    if (!(path in answers)) throw new Error(`unexpected request ${path}`);
    return answers[path];
  });
  return { transport, requested };
}
