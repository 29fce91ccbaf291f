/**
 * CircleCI v2 list pagination: `{items, next_page_token}` pages of a fixed,
 * server-chosen size (the API has no page-size parameter, vendor-apis.md
 * §1.2) and opaque `page-token`s. Tokens here are base64url of the list's
 * scope and an offset, so a token from one list is rejected by another, as an
 * opaque server cursor would be.
 */

export interface CircleCIPage<T> {
  items: T[];
  next_page_token: string | null;
}

export function encodePageToken(scope: string, offset: number): string {
  return Buffer.from(`${scope}\n${offset}`, 'utf8').toString('base64url');
}

/** The offset a token stands for, or undefined when it is not one of ours for this list. */
export function decodePageToken(
  scope: string,
  token: string,
): number | undefined {
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  const separator = decoded.lastIndexOf('\n');
  if (separator < 0 || decoded.slice(0, separator) !== scope) return undefined;
  const offset = Number(decoded.slice(separator + 1));
  return Number.isInteger(offset) && offset > 0 ? offset : undefined;
}

/**
 * One page of `items`, or undefined when `pageToken` is not a valid token for
 * this list (the caller answers with the vendor's error).
 */
export function paginate<T>(
  items: readonly T[],
  pageSize: number,
  scope: string,
  pageToken: string | undefined,
): CircleCIPage<T> | undefined {
  let offset = 0;
  if (pageToken !== undefined) {
    const decoded = decodePageToken(scope, pageToken);
    if (decoded === undefined || decoded >= items.length) return undefined;
    offset = decoded;
  }
  const end = offset + pageSize;
  return {
    items: items.slice(offset, end),
    next_page_token: end < items.length ? encodePageToken(scope, end) : null,
  };
}
