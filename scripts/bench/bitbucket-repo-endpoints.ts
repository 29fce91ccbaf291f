/**
 * Bitbucket's per-repository endpoints in the request-cost model: for each,
 * what the data holds for one repository (`measure`, read by
 * dataset-shape.ts from the sandbox's records) and what reading it costs
 * (`requests`, priced by minimum-requests.ts). Adding a per-repository
 * endpoint to the model is one entry here; a child listing of the sandbox
 * (test/sandbox/bitbucket/listings) is priced from its declaration and needs
 * none. The pull requests' activity and commits are per PR, not per
 * repository: minimum-requests.ts prices them.
 */
import { DataIndex } from '../../test/sandbox/bitbucket/data-index';
import { effectiveDefaultReviewers } from '../../test/sandbox/bitbucket/effective-access';
import {
  endpointOf,
  ListingRoute,
  ownerKey,
} from '../../test/sandbox/bitbucket/listings/listing';
import { CHILD_LISTINGS } from '../../test/sandbox/bitbucket/listings/registry';
import { BbRepo, BitbucketData } from '../../test/sandbox/bitbucket/model';
import { pages, pagesUntilCut } from './pages';

/**
 * A count of items (one listing), counts per listing (one listing per
 * sub-resource), or a newest-first listing read until the window ends.
 */
export type Measure = number | number[] | { listed: number; inWindow: number };

/** What the data says about one repository. */
export interface RepoFacts {
  /** The caller is no admin of it: its admin endpoints answer 403. */
  adminForbidden: boolean;
  /** Per endpoint of BITBUCKET_REPO_ENDPOINTS: its measure. */
  measures: Record<string, Measure>;
}

/** What the run reads at all. */
export interface RunFacts {
  /** repository:admin is granted. */
  admin: boolean;
  pullRequests: boolean;
  pipelines: boolean;
}

export interface MeasureContext {
  data: BitbucketData;
  index: DataIndex;
  /** Start of the run's window (epoch ms). */
  since: number;
}

export interface RepoEndpoint {
  /** The sandbox's stats key: `bitbucket GET <path template>`. */
  endpoint: string;
  /** Asked of this repository in this run (default: always). */
  asked?(repo: RepoFacts, run: RunFacts): boolean;
  measure(repo: BbRepo, context: MeasureContext): Measure;
  /**
   * Requests (default: the pages of a count at `pagelen`, of each listing
   * of an array, or of a newest-first listing up to the first older item).
   */
  requests?(measure: Measure, repo: RepoFacts, pagelen: number): number;
}

export function defaultRequests(measure: Measure, pagelen: number): number {
  if (typeof measure === 'number') return pages(measure, pagelen);
  if (Array.isArray(measure)) {
    return measure.reduce((total, n) => total + pages(n, pagelen), 0);
  }
  return pagesUntilCut(measure.listed, measure.inWindow, pagelen);
}

const REPO = 'bitbucket GET /repositories/{workspace}/{repo_slug}';
const ENVIRONMENTS = `${REPO}/environments`;

const admin = (_repo: RepoFacts, run: RunFacts) => run.admin;
const pipelines = (_repo: RepoFacts, run: RunFacts) => run.pipelines;
/** Items of a repository whose admin endpoints answer 403: none (1 page). */
const unlessForbidden = (repo: BbRepo, count: () => number) =>
  repo.adminForbidden ? 0 : count();
const ofRepo = <T extends { repoUuid?: string }>(
  items: T[] | undefined,
  repo: BbRepo,
) => (items ?? []).filter((item) => item.repoUuid === repo.uuid);

export const BITBUCKET_REPO_ENDPOINTS = {
  userPermissions: {
    endpoint: `${REPO}/permissions-config/users`,
    asked: admin,
    measure: (repo) => unlessForbidden(repo, () => repo.userPermissions.length),
    // Where the caller is no admin the groups listing's 403 proves this one
    // would be 403 too (one resource, one permission check): not needed.
    requests: (measure, repo, pagelen) =>
      repo.adminForbidden ? 0 : defaultRequests(measure, pagelen),
  },
  groupPermissions: {
    endpoint: `${REPO}/permissions-config/groups`,
    asked: admin,
    measure: (repo) =>
      unlessForbidden(repo, () => repo.groupPermissions.length),
  },
  branchRestrictions: {
    endpoint: `${REPO}/branch-restrictions`,
    asked: admin,
    measure: (repo) =>
      unlessForbidden(repo, () => repo.branchRestrictions.length),
  },
  branchingModel: {
    endpoint: `${REPO}/effective-branching-model`,
    // Only a readable branch-type restriction needs it resolved, and only
    // for a repository with a main branch (globs name their branches).
    measure: (repo) =>
      !repo.adminForbidden &&
      repo.mainBranch !== '' &&
      repo.branchRestrictions.some(
        (r) => r.branchMatchKind === 'branching_model',
      )
        ? 1
        : 0,
    requests: (measure) => measure as number,
  },
  defaultReviewers: {
    endpoint: `${REPO}/effective-default-reviewers`,
    measure: (repo, { index }) => effectiveDefaultReviewers(index, repo).length,
  },
  pipelinesConfig: {
    endpoint: `${REPO}/pipelines_config`,
    // One object (or one 403), asked only with repository:admin.
    asked: admin,
    measure: () => 1,
  },
  pipelines: {
    endpoint: `${REPO}/pipelines`,
    asked: pipelines,
    measure: (repo, { data, since }) => {
      const runs = ofRepo(data.pipelines, repo);
      return {
        listed: runs.length,
        inWindow: runs.filter((p) => p.createdOn >= since).length,
      };
    },
  },
  environments: {
    endpoint: ENVIRONMENTS,
    asked: pipelines,
    measure: (repo, { data }) => ofRepo(data.environments, repo).length,
  },
  deployments: {
    endpoint: `${REPO}/deployments`,
    // Asked only of repositories with an environment, and only when pull
    // requests are on (a deployment's change review needs them).
    asked: (repo, run) =>
      run.pipelines &&
      run.pullRequests &&
      (repo.measures[ENVIRONMENTS] as number) > 0,
    measure: (repo, { data, since }) => {
      const deployments = ofRepo(data.deployments, repo);
      return {
        listed: deployments.length,
        inWindow: deployments.filter((d) => d.startedOn >= since).length,
      };
    },
  },
} satisfies Record<string, RepoEndpoint>;

/** Items of a child listing (by route path) below one owner key. */
const listed = (index: DataIndex, path: string, key: string): number =>
  index.listings.get(path)?.get(key)?.length ?? 0;

/**
 * A child listing below a repository or one of its environments
 * (test/sandbox/bitbucket/listings): what the repository holds, nothing
 * when it answers 403 (the first request learns it). An environment's
 * listing is read once per environment the environments listing names,
 * so only when Pipelines are.
 */
function listingEndpoint(route: ListingRoute<unknown>): RepoEndpoint[] {
  const forbidden = (repo: BbRepo) =>
    route.repositoryAdmin && repo.adminForbidden;
  if (route.owner === 'repository') {
    return [
      {
        endpoint: endpointOf(route),
        measure: (repo, { index }) =>
          forbidden(repo) || route.denied?.(repo, repo)
            ? 0
            : listed(index, route.path, ownerKey.repository(repo.uuid)),
      },
    ];
  }
  if (route.owner === 'environment') {
    return [
      {
        endpoint: endpointOf(route),
        asked: pipelines,
        // Unmeasured: one empty page per environment.
        requests: (measure, repo, pagelen) =>
          Array.isArray(measure)
            ? defaultRequests(measure, pagelen)
            : Number(repo.measures[ENVIRONMENTS] ?? 0),
        measure: (repo, { index }) =>
          (index.environmentsByRepo.get(repo.uuid) ?? []).map((environment) =>
            forbidden(repo) || route.denied?.(environment, repo)
              ? 0
              : listed(
                  index,
                  route.path,
                  ownerKey.environment(environment.uuid),
                ),
          ),
      },
    ];
  }
  return [];
}

/** The table's entries and every repository or environment child listing. */
export const REPO_ENDPOINTS: RepoEndpoint[] = [
  ...Object.values(BITBUCKET_REPO_ENDPOINTS),
  ...CHILD_LISTINGS.flatMap((listing) =>
    listing.routes.flatMap(listingEndpoint),
  ),
];

/** Every entry's measure for one repository of the sandbox's data. */
export function measureRepo(repo: BbRepo, context: MeasureContext): RepoFacts {
  const entries = REPO_ENDPOINTS;
  return {
    adminForbidden: repo.adminForbidden,
    measures: Object.fromEntries(
      entries.map((e) => [e.endpoint, e.measure(repo, context)]),
    ),
  };
}

/** Requests per endpoint for one repository (endpoints not asked: 0). */
export function repoRequests(
  repo: RepoFacts,
  run: RunFacts,
  pagelen: number,
): Record<string, number> {
  const entries = REPO_ENDPOINTS;
  return Object.fromEntries(
    entries.map((e) => {
      if (e.asked && !e.asked(repo, run)) return [e.endpoint, 0];
      const measure = repo.measures[e.endpoint] ?? 0;
      return [
        e.endpoint,
        e.requests
          ? e.requests(measure, repo, pagelen)
          : defaultRequests(measure, pagelen),
      ];
    }),
  );
}
