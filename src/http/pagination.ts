import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';
import { urlWithoutQuery } from './redact';
import { HttpTransport } from './types';
import { resolveUrl } from './url';

/**
 * The generic paginator: first request, next page from the response, items
 * of each page, with the guards every listing needs whatever the vendor
 * (a page cap, no page read twice, next pages only on the transport's
 * origin). What a vendor's pages look like is a PageFormat, kept beside its
 * client (src/circleci/client/pages.ts, src/bitbucket/client/pages.ts).
 */

export interface PageRequest {
  /** First page: absolute URL, or a path relative to the transport's baseUrl. */
  url: string | URL;
  /** Endpoint label, as in RequestOptions.endpoint. */
  endpoint: string;
  /** Pages this listing may read (default: the transport's maxPages). */
  maxPages?: number;
}

/** Where a listing stands, for a format's decisions and messages. */
export interface PageState {
  transport: HttpTransport;
  request: PageRequest;
  /** 1 for the first page. */
  pageNumber: number;
  /** The URL of the page being read. */
  url: URL;
}

/** What to do after a page request failed (PageFormat.recover). */
export type PageRecovery =
  /** Read this URL instead (once per page). */
  | { retry: URL }
  /** End the listing with the pages already read. */
  | { end: true }
  /** Neither: the error fails the listing. */
  | undefined;

/** One vendor's page envelope: where the items are and how to go on. */
export interface PageFormat {
  /** The page property holding the items (a page without it fails). */
  itemsKey: string;
  /**
   * The next page's URL, or undefined on the last page. Throws a
   * paginationError for a next page that cannot be read.
   */
  next(page: Record<string, unknown>, state: PageState): URL | undefined;
  /** The error text when `next` names a page already read. */
  repeated(next: URL, state: PageState): string;
  /** A failed page request the format knows how to get past. */
  recover?(err: unknown, state: PageState): PageRecovery;
}

/** Used when neither the request nor the transport names a cap. */
export const DEFAULT_MAX_PAGES = 10_000;

function firstUrl(transport: HttpTransport, url: string | URL): URL {
  return resolveUrl(transport.baseUrl, url);
}

/** The error of a listing that cannot go on; never retried. */
export function paginationError(url: URL, message: string) {
  return new IntegrationProviderAPIError({
    endpoint: `GET ${urlWithoutQuery(url)}`,
    status: 'PAGINATION_ERROR',
    statusText: 'Invalid pagination',
    message,
  });
}

function pageCap(transport: HttpTransport, request: PageRequest): number {
  return request.maxPages ?? transport.maxPages;
}

/**
 * Every page, empty ones included, counts: a server that hands out fresh
 * next tokens forever (18,000 empty pages in 7 s when tried) would otherwise
 * keep a listing going without end, and the repeat checks never fire.
 */
function checkPageCap(
  url: URL,
  request: PageRequest,
  pageNumber: number,
  cap: number,
) {
  if (pageNumber > cap) {
    throw paginationError(
      url,
      `${
        request.endpoint
      }: more than ${cap} pages (the cap on one listing; empty pages count); stopping the listing at GET ${urlWithoutQuery(
        url,
      )} instead of following next links without end`,
    );
  }
}

function pageItems<T>(
  page: unknown,
  key: string,
  url: URL,
  endpoint: string,
): T[] {
  const value =
    page && typeof page === 'object'
      ? (page as Record<string, unknown>)[key]
      : undefined;
  if (!Array.isArray(value)) {
    throw paginationError(
      url,
      `${endpoint} answered a page without a "${key}" array`,
    );
  }
  return value as T[];
}

async function readPage(
  state: PageState,
  format: PageFormat,
): Promise<{ page: unknown; url: URL } | undefined> {
  const { transport, request } = state;
  try {
    const { body } = await transport.requestJson<unknown>({
      url: state.url,
      endpoint: request.endpoint,
    });
    return { page: body, url: state.url };
  } catch (err) {
    const recovery = format.recover?.(err, state);
    if (!recovery) throw err;
    if ('end' in recovery) return undefined;
    const { body } = await transport.requestJson<unknown>({
      url: recovery.retry,
      endpoint: request.endpoint,
    });
    return { page: body, url: recovery.retry };
  }
}

/**
 * Yields the items of each page of a listing in `format`. The listing ends
 * where the format finds no next page; it fails on a page without the items
 * array, a next page on another origin or already read, or more pages than
 * the cap.
 */
export async function* paginate<T>(
  transport: HttpTransport,
  request: PageRequest,
  format: PageFormat,
): AsyncGenerator<T[]> {
  let url = firstUrl(transport, request.url);
  const origin = new URL(transport.baseUrl).origin;
  const visited = new Set<string>([url.href]);
  const cap = pageCap(transport, request);
  for (let pageNumber = 1; ; pageNumber += 1) {
    checkPageCap(url, request, pageNumber, cap);
    const state: PageState = { transport, request, pageNumber, url };
    const read = await readPage(state, format);
    if (!read) return;
    url = read.url;
    visited.add(url.href);
    yield pageItems<T>(read.page, format.itemsKey, url, request.endpoint);
    const next = format.next(read.page as Record<string, unknown>, {
      ...state,
      url,
    });
    if (!next) return;
    if (next.origin !== origin) {
      throw paginationError(
        url,
        `${request.endpoint}: the next link points to another origin (${next.origin}, expected ${origin}); not following it`,
      );
    }
    if (visited.has(next.href)) {
      throw paginationError(url, format.repeated(next, { ...state, url }));
    }
    visited.add(next.href);
    url = next;
  }
}

/** One item at a time from a paginated listing. */
export async function* flattenPages<T>(
  pages: AsyncIterable<T[]>,
): AsyncGenerator<T> {
  for await (const page of pages) {
    for (const item of page) yield item;
  }
}
