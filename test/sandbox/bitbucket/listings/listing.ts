/**
 * A child listing of the Bitbucket sandbox: items listed below one
 * workspace, project, repository or deployment environment, paged with the
 * list rules. One module per listing declares everything about it (routes,
 * scope, admin rule, record type, JSON, demo records); the simulator,
 * data-index.ts, the contract crawl and the request-cost model
 * (scripts/bench) read them from the registry (registry.ts) and need no
 * edit for a new one.
 */
import { IdSource } from '../ids';
import {
  BbEnvironment,
  BbProject,
  BbRepo,
  BbWorkspace,
  BitbucketData,
} from '../model';
import { JsonObject, Renderer } from '../render';

/** What a listing's items belong to; the path names it. */
export interface Owners {
  workspace: BbWorkspace;
  project: BbProject;
  repository: BbRepo;
  environment: BbEnvironment;
}
export type OwnerKind = keyof Owners;

/** A listing's route below one owner kind. */
export interface ListingRouteOf<T, K extends OwnerKind> {
  owner: K;
  /**
   * Path below `/2.0` with `{param}` segments (`{workspace}`,
   * `{project_key}`, `{repo_slug}`, `{environment_uuid}`): also the spec
   * label and the cost model's endpoint.
   */
  path: string;
  /** OAuth scope the spec's `security` names for the operation. */
  scope: string;
  /**
   * Repository administration: answers 403 on a repository the caller
   * does not administer (BbRepo.adminForbidden, e.g. legacy-billing).
   */
  repositoryAdmin?: boolean;
  /** Default `pagelen` (maximum 100). */
  defaultPagelen: number;
  /** The key of the owner (ownerKey()) a record is listed below, if any. */
  ownerOf(record: T): string | undefined;
  render(record: T, owner: Owners[K], renderer: Renderer): JsonObject;
  /** A 403 detail when the owner denies the listing (besides admin). */
  denied?(owner: Owners[K], repo: BbRepo | undefined): string | undefined;
}

export type ListingRoute<T> = {
  [K in OwnerKind]: ListingRouteOf<T, K>;
}[OwnerKind];

export interface ListingDeclaration<T> {
  /** Key of its records in BitbucketData.listings. */
  name: string;
  routes: Array<ListingRoute<T>>;
  /** The demo dataset's records (the module documents its hard cases). */
  demo(referenceTime: number): T[];
  /**
   * The large dataset's records, drawn after every other record so the
   * rest stays byte-identical (absent: none).
   */
  large?(data: BitbucketData, ids: IdSource, referenceTime: number): T[];
}

export interface ChildListing<T> extends ListingDeclaration<T> {
  /** Its records in a dataset. */
  records(data: BitbucketData): T[];
}

export function defineListing<T>(
  declaration: ListingDeclaration<T>,
): ChildListing<T> {
  return {
    ...declaration,
    records: (data) => (data.listings?.[declaration.name] ?? []) as T[],
  };
}

/** The key records name their owner by (ListingRoute.ownerOf). */
export const ownerKey = {
  workspace: (workspaceSlug: string) => workspaceSlug,
  project: (workspaceSlug: string, key: string) =>
    `project:${workspaceSlug}:${key}`,
  repository: (repoUuid: string) => repoUuid,
  environment: (environmentUuid: string) => environmentUuid,
};

/** `bitbucket GET <path>`: the sandbox's stats key of a route. */
export function endpointOf(route: { path: string }): string {
  return `bitbucket GET ${route.path}`;
}

/** The stats key of a listing's route below one owner kind. */
export function listingEndpoint<T>(
  listing: ChildListing<T>,
  owner: OwnerKind,
): string {
  const route = listing.routes.find((r) => r.owner === owner);
  if (!route) throw new Error(`${listing.name} has no ${owner} route`);
  return endpointOf(route);
}
