import { ItemShape } from '../../responseShape';

/**
 * Page sizes: Bitbucket's global maximum is 100 ("the minimum length is 10
 * and the maximum is 100"), but the pull-request list answers 400 "Invalid
 * pagelen" above 50 (observed, docs/vendor-apis.md §2.2). Activity declares no
 * limit of its own, so it gets the global maximum like every other list: a
 * PR with 51-100 activity entries then costs one request, not two. The
 * transport's paginator falls back to 50 if an endpoint ever rejects 100.
 */
export const PAGELEN = {
  default: 100,
  pullRequests: 50,
  activity: 100,
  commits: 100,
} as const;

/** Query parameters, in the order they go on the URL. */
export type ListingQuery = Record<string, string | string[]>;

/**
 * One Bitbucket listing, typed by its item: the endpoint (its `{...}`
 * path ids are filled in order by BitbucketClient.list), the shape every
 * item must have, the query and the fields dropped from every item before
 * anything else sees it. Declared in client/responses/ next to the item's
 * type and shape, so a new listing needs no client method.
 */
export interface BitbucketListing<T> {
  endpoint: string;
  shape: ItemShape;
  query: ListingQuery;
  omit: readonly string[];
  /** Never set: the type of the listed items. */
  readonly item?: T;
}

/** A listing's query and the item fields it drops (none unless given). */
export interface ListingOptions {
  query: ListingQuery;
  omit?: readonly string[];
}

/** Most listings: the largest page, nothing else. */
export const PAGED: ListingOptions = {
  query: { pagelen: String(PAGELEN.default) },
};

export function listing<T>(
  endpoint: string,
  shape: ItemShape,
  options: ListingOptions,
): BitbucketListing<T> {
  return { endpoint, shape, query: options.query, omit: options.omit ?? [] };
}
