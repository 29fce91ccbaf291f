/** How many requests a listing costs, for the request-cost model. */

/** Pages a list of `count` items needs; an empty list is still one request. */
export function pages(count: number, pageSize: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new Error(`page size must be a positive integer, got ${pageSize}`);
  }
  return Math.max(1, Math.ceil(count / pageSize));
}

/**
 * Pages of a newest-first list read until the first item older than the
 * cut: every page when all items are inside the window, otherwise up to and
 * including the page holding item `inWindow + 1`.
 */
export function pagesUntilCut(
  listed: number,
  inWindow: number,
  pageSize: number,
): number {
  if (inWindow > listed) {
    throw new Error(`inWindow (${inWindow}) exceeds listed (${listed})`);
  }
  if (inWindow === listed) return pages(listed, pageSize);
  return Math.floor(inWindow / pageSize) + 1;
}
