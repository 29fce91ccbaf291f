import { ItemShape } from '../../responseShape';
import { CircleCIPageOptions } from './pages';

/**
 * One CircleCI listing, typed by its item: the endpoint (its `{...}` path
 * ids are filled in order by CircleCIClient.list: `{project-slug}` as a
 * slug, any other as one encoded id), the shape every item must have and
 * the page options. Declared in client/responses/ next to the item's type
 * and shape, so a new listing needs no client method.
 */
export interface CircleCIListing<T> {
  endpoint: string;
  shape: ItemShape;
  pages: CircleCIPageOptions;
  /** Never set: the type of the listed items. */
  readonly item?: T;
}

/** Most listings: every page, followed by its token. */
export const PAGED: CircleCIPageOptions = {};

export function listing<T>(
  endpoint: string,
  shape: ItemShape,
  pages: CircleCIPageOptions,
): CircleCIListing<T> {
  return { endpoint, shape, pages };
}
