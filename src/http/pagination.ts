import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';
import { transportDefaults } from './defaults';
import { isHttpStatus } from './errors';
import { urlWithoutQuery } from './redact';
import { HttpTransport } from './types';
import { resolveUrl } from './url';

export interface PageRequest {
  /** First page: absolute URL, or a path relative to the transport's baseUrl. */
  url: string | URL;
  /** Endpoint label, as in RequestOptions.endpoint. */
  endpoint: string;
  /**
   * CircleCI only: a 404 on a later page ends the listing instead of failing
   * it. For the pipeline listings, which sometimes hand out an invalid
   * next_page_token (circleci-docs#6472); elsewhere a 404 stays an error.
   */
  endOnLaterPageNotFound?: boolean;
  /** Pages this listing may read (default: the transport's maxPages). */
  maxPages?: number;
}

/** Used when neither the request nor the transport names a cap. */
export const DEFAULT_MAX_PAGES = 10_000;

/** CircleCI API v2 list envelope. */
interface CircleCIPage<T> {
  items: T[];
  next_page_token?: string | null;
}

/** Bitbucket Cloud API 2.0 paginated envelope. */
interface BitbucketPage<T> {
  values: T[];
  next?: string;
}

/**
 * Bitbucket rejects `pagelen` above 50 on the pull-request list with a 400
 * "Invalid pagelen"; 50 is the documented maximum there (other endpoints'
 * limits are UNCONFIRMED, so the fallback is applied on demand only).
 */
export const BITBUCKET_FALLBACK_PAGELEN = 50;

function firstUrl(transport: HttpTransport, url: string | URL): URL {
  return transport.baseUrl === undefined
    ? new URL(url)
    : resolveUrl(transport.baseUrl, url);
}

function paginationError(url: URL, message: string) {
  return new IntegrationProviderAPIError({
    endpoint: `GET ${urlWithoutQuery(url)}`,
    status: 'PAGINATION_ERROR',
    statusText: 'Invalid pagination',
    message,
  });
}

function pageCap(transport: HttpTransport, request: PageRequest): number {
  // A wrapped transport (e.g. a step's counting view) may not pass
  // maxPages on; the process defaults still apply to it.
  return (
    request.maxPages ??
    transport.maxPages ??
    transportDefaults().maxPages ??
    DEFAULT_MAX_PAGES
  );
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

function pageArray<T>(
  page: unknown,
  key: 'items' | 'values',
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

/**
 * Yields the `items` of each CircleCI page, following `next_page_token` via
 * the `page-token` query parameter (other parameters are kept; the older
 * integration appended `&page-token=` to URLs that had no `?`).
 */
export async function* paginateCircleCI<T>(
  transport: HttpTransport,
  request: PageRequest,
): AsyncGenerator<T[]> {
  const url = firstUrl(transport, request.url);
  const usedTokens = new Set<string>();
  const cap = pageCap(transport, request);
  for (let pageNumber = 1; ; pageNumber += 1) {
    checkPageCap(url, request, pageNumber, cap);
    let page: CircleCIPage<T>;
    try {
      ({ body: page } = await transport.requestJson<CircleCIPage<T>>({
        url,
        endpoint: request.endpoint,
      }));
    } catch (err) {
      // circleci-docs#6472: "Get all Pipelines sometimes gives an invalid
      // next-page-token" answered 404; the pages already read are valid.
      if (
        request.endOnLaterPageNotFound &&
        pageNumber > 1 &&
        isHttpStatus(err, 404)
      ) {
        transport.logger?.warn(
          { endpoint: request.endpoint, page: pageNumber },
          `${request.endpoint}: page ${pageNumber} answered 404 Not Found (invalid next_page_token, circleci-docs#6472); ending the listing with the pages already read`,
        );
        return;
      }
      throw err;
    }
    yield pageArray<T>(page, 'items', url, request.endpoint);
    const token = page.next_page_token;
    if (token === null || token === undefined || token === '') return;
    if (usedTokens.has(token)) {
      throw paginationError(
        url,
        `${request.endpoint}: the page token repeated on page ${pageNumber}; stopping to avoid an endless listing`,
      );
    }
    usedTokens.add(token);
    url.searchParams.set('page-token', token);
  }
}

/**
 * Yields the `values` of each Bitbucket page, following `next` links. A
 * `next` is the server's full URL; it is followed only on the transport's
 * origin, so a tampered or misconfigured link cannot receive credentials.
 */
export async function* paginateBitbucket<T>(
  transport: HttpTransport,
  request: PageRequest,
): AsyncGenerator<T[]> {
  let url = firstUrl(transport, request.url);
  const origin = new URL(transport.baseUrl ?? url.href).origin;
  const visited = new Set<string>([url.href]);
  const cap = pageCap(transport, request);
  for (let pageNumber = 1; ; pageNumber += 1) {
    checkPageCap(url, request, pageNumber, cap);
    let page: BitbucketPage<T>;
    try {
      ({ body: page } = await transport.requestJson<BitbucketPage<T>>({
        url,
        endpoint: request.endpoint,
      }));
    } catch (err) {
      if (
        pageNumber === 1 &&
        isHttpStatus(err, 400) &&
        err instanceof Error &&
        /invalid pagelen/i.test(err.message)
      ) {
        url = new URL(url.href);
        url.searchParams.set('pagelen', String(BITBUCKET_FALLBACK_PAGELEN));
        visited.add(url.href);
        transport.logger?.warn(
          { endpoint: request.endpoint, pagelen: BITBUCKET_FALLBACK_PAGELEN },
          `${request.endpoint}: Bitbucket rejected the page length (Invalid pagelen); retrying with pagelen=${BITBUCKET_FALLBACK_PAGELEN}`,
        );
        ({ body: page } = await transport.requestJson<BitbucketPage<T>>({
          url,
          endpoint: request.endpoint,
        }));
      } else {
        throw err;
      }
    }
    yield pageArray<T>(page, 'values', url, request.endpoint);
    if (!page.next) return;
    let next: URL;
    try {
      next = new URL(page.next, url);
    } catch {
      throw paginationError(
        url,
        `${request.endpoint}: the next link is not a valid URL`,
      );
    }
    if (next.origin !== origin) {
      throw paginationError(
        url,
        `${request.endpoint}: the next link points to another origin (${next.origin}, expected ${origin}); not following it`,
      );
    }
    if (visited.has(next.href)) {
      throw paginationError(
        url,
        `${
          request.endpoint
        }: the next link repeated a page already read (${urlWithoutQuery(
          next,
        )}); stopping to avoid an endless listing`,
      );
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
