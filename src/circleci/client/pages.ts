import { isHttpStatus, PageFormat, PageRecovery, PageState } from '../../http';

/**
 * CircleCI API v2 list envelope: `{ items, next_page_token }`. The next page
 * is the same URL with the token in the `page-token` query parameter (other
 * parameters are kept; the older integration appended `&page-token=` to
 * URLs that had no `?`).
 */
export interface CircleCIPageOptions {
  /**
   * A 404 on a later page ends the listing instead of failing it. For the
   * pipeline listings, which sometimes hand out an invalid next_page_token
   * (circleci-docs#6472); elsewhere a 404 stays an error.
   */
  endOnLaterPageNotFound?: boolean;
}

function nextPage(
  page: Record<string, unknown>,
  { url }: PageState,
): URL | undefined {
  const token = page.next_page_token;
  if (token === null || token === undefined || token === '') return undefined;
  const next = new URL(url.href);
  next.searchParams.set('page-token', String(token));
  return next;
}

function endOnInvalidToken(err: unknown, state: PageState): PageRecovery {
  // circleci-docs#6472: "Get all Pipelines sometimes gives an invalid
  // next-page-token" answered 404; the pages already read are valid.
  if (state.pageNumber === 1 || !isHttpStatus(err, 404)) return undefined;
  const { endpoint } = state.request;
  state.transport.logger.warn(
    { endpoint, page: state.pageNumber },
    `${endpoint}: page ${state.pageNumber} answered 404 Not Found (invalid next_page_token, circleci-docs#6472); ending the listing with the pages already read`,
  );
  return { end: true };
}

export function circleciPages(options: CircleCIPageOptions = {}): PageFormat {
  return {
    itemsKey: 'items',
    next: nextPage,
    repeated: (_next, { request, pageNumber }) =>
      `${request.endpoint}: the page token repeated on page ${pageNumber}; stopping to avoid an endless listing`,
    recover: options.endOnLaterPageNotFound ? endOnInvalidToken : undefined,
  };
}
