/**
 * A per-project listing of the CircleCI sandbox: items listed below one
 * project and paged with the list rules (pagination.ts). One module per
 * listing declares everything about it (route, query it reads, record type,
 * how it answers, demo records with their hard cases, large-dataset
 * records); the simulator, routes.ts, the dataset builders and the
 * request-cost model (scripts/bench) read them from the registry
 * (registry.ts) and need no edit for a new one. The Bitbucket sandbox
 * declares its child listings the same way (../../bitbucket/listings).
 */
import { SeededRandom } from '../../random';
import { CircleCIProject, CircleCIProjectRecord, CircleCIUser } from '../types';

/** A query parameter of the request (undefined when absent). */
export type Query = (name: string) => string | undefined;

/** A 4xx answer with the vendor's `{message}` body. */
export interface Refusal {
  status: number;
  message: string;
}

export interface ProjectLookup {
  bySlug(slug: string): CircleCIProjectRecord | undefined;
  byId(id: string): CircleCIProjectRecord | undefined;
}

/** How one request's items are answered. */
export interface ListingView<T> {
  /** The served form of a stored item (default: as stored). */
  render?(item: T): unknown;
  /** Page-token scope within the endpoint (default: the project slug). */
  scope?: string;
}

/** What the demo's listings may name besides their project. */
export interface DemoContext {
  random: SeededRandom;
  /** ISO time `ageMs` before the dataset's reference time. */
  iso(ageMs: number): string;
  /** alice, the token owner. */
  me: CircleCIUser;
  /** bob, no employee record. */
  reviewer: CircleCIUser;
  /** A service account only a schedule names. */
  bot: CircleCIUser;
}

/** What the large dataset's listings draw from, before their project is built. */
export interface LargeContext {
  /** The project's index within its organization. */
  index: number;
  random: SeededRandom;
  iso(ageMs: number): string;
}

export interface ProjectListingDeclaration<T> {
  /** Key of its records in CircleCIProjectRecord.listings. */
  name: string;
  /**
   * The spec's path template (`/project/{project-slug}/envvar`): the route,
   * the spec label and the cost model's endpoint.
   */
  path: string;
  /** Query parameters the handler reads besides `page-token`. */
  query?: readonly string[];
  /**
   * The request that lists one project's items, for a listing whose path
   * does not name the project (default: the path with its slug).
   */
  requestFor?(project: CircleCIProject): string;
  /**
   * The listed project, for a listing whose path does not name it (default:
   * `{project-slug}`, 404 `Project not found` when unknown).
   */
  locate?(
    query: Query,
    projects: ProjectLookup,
  ): CircleCIProjectRecord | Refusal;
  /** Reads the listing's own query parameters: a 400, or how to answer. */
  view?(query: Query, record: CircleCIProjectRecord): ListingView<T> | Refusal;
  /**
   * The demo project's records (`forbidden`: the listing answers 403, as for
   * a token user who is no project admin); undefined: none. Called per
   * project in data order, listings in registry order, from one seeded
   * source (the module documents its hard cases).
   */
  demo?(
    project: CircleCIProject,
    context: DemoContext,
  ): T[] | 'forbidden' | undefined;
  /**
   * The large dataset's records of one project, drawn before the project
   * itself (absent: none). A new listing should draw from its own
   * SeededRandom so the other records keep their ids.
   */
  large?(context: LargeContext): T[];
}

export interface ProjectListing<T> extends ProjectListingDeclaration<T> {
  /** The project's records (none when unset), or `forbidden`. */
  items(record: CircleCIProjectRecord): T[] | 'forbidden';
  /** The project's records; a forbidden listing has none. */
  records(record: CircleCIProjectRecord): T[];
  /** `GET <path>`: the spec label and the simulator's stats key. */
  endpoint: string;
  /** The request (path and query) that lists one project's items. */
  requestFor(project: CircleCIProject): string;
}

export function defineProjectListing<T>(
  declaration: ProjectListingDeclaration<T>,
): ProjectListing<T> {
  const items = (record: CircleCIProjectRecord): T[] | 'forbidden' =>
    (record.listings[declaration.name] ?? []) as T[] | 'forbidden';
  return {
    ...declaration,
    items,
    records: (record) => {
      const list = items(record);
      return list === 'forbidden' ? [] : list;
    },
    endpoint: `GET ${declaration.path}`,
    requestFor: (project) =>
      declaration.requestFor?.(project) ??
      declaration.path.replace('{project-slug}', project.slug),
  };
}

export function isRefusal(value: unknown): value is Refusal {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    'message' in value
  );
}

/** `circleci GET <path>`: the sandbox's stats key of a listing's route. */
export function projectListingEndpoint(listing: { endpoint: string }): string {
  return `circleci ${listing.endpoint}`;
}
