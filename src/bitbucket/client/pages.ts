import {
  isHttpStatus,
  PageFormat,
  PageRecovery,
  PageState,
  paginationError,
} from '../../http';
import { urlWithoutQuery } from '../../http/redact';

/**
 * Bitbucket Cloud API 2.0 paginated envelope: `{ values, next }`, where
 * `next` is the server's full URL of the next page (followed only on the
 * transport's origin, so a tampered or misconfigured link cannot receive
 * credentials: the generic paginator's guard).
 */
export interface BitbucketPage<T> {
  size?: number;
  page?: number;
  pagelen?: number;
  next?: string;
  previous?: string;
  values: T[];
}

/**
 * Bitbucket rejects `pagelen` above 50 on the pull-request list with a 400
 * "Invalid pagelen"; 50 is the documented maximum there (other endpoints'
 * limits are UNCONFIRMED, so the fallback is applied on demand only).
 */
export const BITBUCKET_FALLBACK_PAGELEN = 50;

function nextPage(
  page: Record<string, unknown>,
  { url, request }: PageState,
): URL | undefined {
  const next = page.next;
  if (!next) return undefined;
  try {
    return new URL(String(next), url);
  } catch {
    throw paginationError(
      url,
      `${request.endpoint}: the next link is not a valid URL`,
    );
  }
}

function smallerPages(err: unknown, state: PageState): PageRecovery {
  if (
    state.pageNumber !== 1 ||
    !isHttpStatus(err, 400) ||
    !(err instanceof Error) ||
    !/invalid pagelen/i.test(err.message)
  ) {
    return undefined;
  }
  const retry = new URL(state.url.href);
  retry.searchParams.set('pagelen', String(BITBUCKET_FALLBACK_PAGELEN));
  const { endpoint } = state.request;
  state.transport.logger.warn(
    { endpoint, pagelen: BITBUCKET_FALLBACK_PAGELEN },
    `${endpoint}: Bitbucket rejected the page length (Invalid pagelen); retrying with pagelen=${BITBUCKET_FALLBACK_PAGELEN}`,
  );
  return { retry };
}

export const bitbucketPages: PageFormat = {
  itemsKey: 'values',
  next: nextPage,
  repeated: (next, { request }) =>
    `${
      request.endpoint
    }: the next link repeated a page already read (${urlWithoutQuery(
      next,
    )}); stopping to avoid an endless listing`,
  recover: smallerPages,
};
