/**
 * The CircleCI endpoints the sandbox serves, labelled with the spec's own
 * path templates (`circleci-v2.openapi.json`), and the query parameters each
 * handler may read. The contract tests check every label and parameter
 * against the spec; the simulator refuses to read a parameter not listed here,
 * so this table cannot drift from what the handlers do. The per-project
 * listings (listings/registry.ts) add their own routes.
 */
import { ProjectListing } from './listings/listing';
import { PROJECT_LISTINGS } from './listings/registry';

export type CircleCIEndpoint =
  | 'GET /me'
  | 'GET /me/collaborations'
  | 'GET /user/{id}'
  | 'GET /pipeline'
  | 'GET /pipeline/{pipeline-id}'
  | 'GET /pipeline/{pipeline-id}/workflow'
  | 'GET /workflow/{id}'
  | 'GET /workflow/{id}/job'
  | 'GET /insights/{org-slug}/summary'
  | 'GET /project/{project-slug}'
  | 'GET /project/{project-slug}/pipeline'
  | 'GET /project/{provider}/{organization}/{project}/settings'
  | 'GET /context'
  | 'GET /context/{context_id}'
  | 'GET /context/{context_id}/environment-variable'
  | 'GET /context/{context_id}/restrictions'
  | 'GET /org/{orgID}/oidc-custom-claims'
  | 'GET /org/{orgID}/project/{projectID}/oidc-custom-claims'
  | 'GET /organization/{org-slug-or-id}/url-orb-allow-list'
  | 'GET /owner/{ownerID}/context/{context}/decision/settings'
  | 'GET /deploy/environments'
  | 'GET /deploy/components'
  | 'GET /deploy/components/{component_id}/versions'
  | ProjectListingEndpoint;

/** `GET <path>` of a per-project listing (listings/registry.ts). */
export type ProjectListingEndpoint = `GET /${string}`;

export interface CircleCIRoute {
  endpoint: CircleCIEndpoint;
  /**
   * Path segments: a literal, `:name` for one segment, or `*name` for a
   * slug of `slugSegments` segments (project slugs have three, org slugs two;
   * their slashes may arrive as %2F).
   */
  pattern: string[];
  slugSegments?: number;
  query: readonly string[];
  /** Whether the handler pages its answer with `{items, next_page_token}`. */
  paginated: boolean;
}

const CORE_ROUTES: readonly CircleCIRoute[] = [
  { endpoint: 'GET /me', pattern: ['me'], query: [], paginated: false },
  {
    endpoint: 'GET /me/collaborations',
    pattern: ['me', 'collaborations'],
    query: [],
    paginated: false,
  },
  {
    endpoint: 'GET /user/{id}',
    pattern: ['user', ':id'],
    query: [],
    paginated: false,
  },
  {
    endpoint: 'GET /pipeline',
    pattern: ['pipeline'],
    query: ['org-slug', 'page-token', 'mine'],
    paginated: true,
  },
  {
    endpoint: 'GET /pipeline/{pipeline-id}',
    pattern: ['pipeline', ':pipeline-id'],
    query: [],
    paginated: false,
  },
  {
    endpoint: 'GET /pipeline/{pipeline-id}/workflow',
    pattern: ['pipeline', ':pipeline-id', 'workflow'],
    query: ['page-token'],
    paginated: true,
  },
  {
    endpoint: 'GET /workflow/{id}',
    pattern: ['workflow', ':id'],
    query: [],
    paginated: false,
  },
  {
    endpoint: 'GET /workflow/{id}/job',
    pattern: ['workflow', ':id', 'job'],
    query: ['page-token'],
    paginated: true,
  },
  {
    endpoint: 'GET /insights/{org-slug}/summary',
    pattern: ['insights', '*org-slug', 'summary'],
    slugSegments: 2,
    query: ['reporting-window'],
    paginated: false,
  },
  {
    endpoint: 'GET /project/{project-slug}',
    pattern: ['project', '*project-slug'],
    slugSegments: 3,
    query: [],
    paginated: false,
  },
  {
    endpoint: 'GET /project/{project-slug}/pipeline',
    pattern: ['project', '*project-slug', 'pipeline'],
    slugSegments: 3,
    query: ['branch', 'page-token'],
    paginated: true,
  },

  {
    endpoint: 'GET /project/{provider}/{organization}/{project}/settings',
    pattern: ['project', ':provider', ':organization', ':project', 'settings'],
    query: [],
    paginated: false,
  },
  {
    endpoint: 'GET /context',
    pattern: ['context'],
    query: ['owner-id', 'owner-slug', 'owner-type', 'page-token'],
    paginated: true,
  },
  {
    endpoint: 'GET /context/{context_id}',
    pattern: ['context', ':context_id'],
    query: [],
    paginated: false,
  },
  {
    endpoint: 'GET /context/{context_id}/environment-variable',
    pattern: ['context', ':context_id', 'environment-variable'],
    query: ['page-token'],
    paginated: true,
  },
  {
    endpoint: 'GET /context/{context_id}/restrictions',
    pattern: ['context', ':context_id', 'restrictions'],
    query: ['page-token'],
    paginated: true,
  },

  {
    endpoint: 'GET /org/{orgID}/oidc-custom-claims',
    pattern: ['org', ':orgID', 'oidc-custom-claims'],
    query: [],
    paginated: false,
  },
  {
    endpoint: 'GET /org/{orgID}/project/{projectID}/oidc-custom-claims',
    pattern: ['org', ':orgID', 'project', ':projectID', 'oidc-custom-claims'],
    query: [],
    paginated: false,
  },
  {
    endpoint: 'GET /organization/{org-slug-or-id}/url-orb-allow-list',
    pattern: ['organization', ':org-slug-or-id', 'url-orb-allow-list'],
    query: [],
    paginated: false,
  },
  {
    endpoint: 'GET /owner/{ownerID}/context/{context}/decision/settings',
    pattern: [
      'owner',
      ':ownerID',
      'context',
      ':context',
      'decision',
      'settings',
    ],
    query: [],
    paginated: false,
  },
  {
    endpoint: 'GET /deploy/environments',
    pattern: ['deploy', 'environments'],
    query: ['org-id', 'page-size', 'page-token'],
    paginated: true,
  },
  {
    endpoint: 'GET /deploy/components',
    pattern: ['deploy', 'components'],
    query: ['org-id', 'project-id', 'page-size', 'page-token'],
    paginated: true,
  },
  {
    endpoint: 'GET /deploy/components/{component_id}/versions',
    pattern: ['deploy', 'components', ':component_id', 'versions'],
    query: ['environment-id', 'page-token'],
    paginated: true,
  },
];

/**
 * A listing's route from its path template: `{project-slug}` is the
 * three-segment project slug, any other `{name}` one segment.
 */
function listingRoute(listing: ProjectListing<unknown>): CircleCIRoute {
  const pattern = listing.path
    .split('/')
    .filter((s) => s !== '')
    .map((s) =>
      s === '{project-slug}'
        ? '*project-slug'
        : s.startsWith('{')
        ? `:${s.slice(1, -1)}`
        : s,
    );
  return {
    endpoint: listing.endpoint as ProjectListingEndpoint,
    pattern,
    ...(pattern.includes('*project-slug') ? { slugSegments: 3 } : {}),
    query: [...(listing.query ?? []), 'page-token'],
    paginated: true,
  };
}

export const CIRCLECI_ROUTES: readonly CircleCIRoute[] = [
  ...CORE_ROUTES,
  ...PROJECT_LISTINGS.map(listingRoute),
];

const LISTINGS_BY_ENDPOINT = new Map<string, ProjectListing<unknown>>(
  PROJECT_LISTINGS.map((listing) => [listing.endpoint, listing]),
);

/** The per-project listing an endpoint serves, if it is one. */
export function listingOf(
  endpoint: CircleCIEndpoint,
): ProjectListing<unknown> | undefined {
  return LISTINGS_BY_ENDPOINT.get(endpoint);
}

export interface RouteMatch {
  route: CircleCIRoute;
  params: Record<string, string>;
}

function matchPattern(
  route: CircleCIRoute,
  segments: string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  let i = 0;
  for (const part of route.pattern) {
    if (part.startsWith('*')) {
      const count = route.slugSegments ?? 1;
      const slug = segments.slice(i, i + count);
      if (slug.length !== count || slug.some((s) => s === '')) return undefined;
      params[part.slice(1)] = slug.join('/');
      i += count;
    } else if (part.startsWith(':')) {
      const value = segments[i];
      if (value === undefined || value === '') return undefined;
      params[part.slice(1)] = value;
      i += 1;
    } else {
      if (segments[i] !== part) return undefined;
      i += 1;
    }
  }
  return i === segments.length ? params : undefined;
}

/**
 * Splits a path below the prefix into decoded segments. Slugs may arrive
 * with their slashes escaped (`bb%2Fws%2Frepo`, vendor-apis.md §1.4), so
 * each segment is decoded and split again.
 */
export function pathSegments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s))
      .join('/')
      .split('/');
  } catch {
    return undefined;
  }
}

export function matchCircleCIRoute(path: string): RouteMatch | undefined {
  const segments = pathSegments(path);
  if (!segments) return undefined;
  for (const route of CIRCLECI_ROUTES) {
    const params = matchPattern(route, segments);
    if (params) return { route, params };
  }
  return undefined;
}
