/**
 * Contract between the sandbox core (server, faults, stats) and the two vendor
 * simulators (test/sandbox/circleci, test/sandbox/bitbucket). One HTTP server
 * on loopback serves both vendors under a path prefix:
 *
 *   CircleCI API v2:        <origin>/circleci/api/v2/...
 *   Bitbucket API 2.0:      <origin>/bitbucket/2.0/...
 *   Bitbucket OAuth token:  <origin>/bitbucket/site/oauth2/access_token
 */

export interface SandboxRequest {
  method: string;
  /** Full URL as received (origin is the sandbox's). */
  url: URL;
  /** Path below the vendor prefix, e.g. "/me" or "/repositories/ws". */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as text/plain unless a header says otherwise. */
  body?: unknown;
}

export interface VendorRouteMatch {
  /**
   * Stable endpoint label with the vendor's own path template, e.g.
   * "GET /project/{project-slug}/pipeline". Used for stats, fault targeting
   * and the contract tests (they look the template up in the vendor spec).
   */
  endpoint: string;
  /**
   * The credential identity of the caller (token owner / consumer key), used
   * by the request-budget fault; undefined when unauthenticated.
   */
  credential?: string;
  handle(): SandboxResponse | Promise<SandboxResponse>;
}

export interface VendorSimulator {
  vendor: 'circleci' | 'bitbucket';
  /** Path prefix, "/circleci/api/v2" or "/bitbucket". */
  prefix: string;
  /**
   * Resolves a request to an endpoint, or returns a response directly for
   * unknown paths (404 in the vendor's own error shape) and auth failures.
   */
  route(req: SandboxRequest): VendorRouteMatch | SandboxResponse;
}

/** Size knobs of the `large` dataset (all per parent). */
export interface LargeDatasetParams {
  workspaces: number;
  reposPerWorkspace: number;
  usersPerWorkspace: number;
  pullRequestsPerRepo: number;
  orgs: number;
  projectsPerOrg: number;
  pipelinesPerProject: number;
  workflowsPerPipeline: number;
  jobsPerWorkflow: number;
  scale: number;
}

/**
 * What the CircleCI dataset needs to know about the Bitbucket dataset so
 * CircleCI projects build real sandbox repositories and pipelines build real
 * pull-request commits.
 */
export interface BitbucketRepoRef {
  workspace: string;
  repoSlug: string;
  repoUuid: string;
  mainBranch: string;
  pullRequests: Array<{
    id: number;
    sourceBranch: string;
    sourceCommit: string;
    mergeCommit?: string;
  }>;
}

/** Fixed credentials the sandbox accepts (it is a simulator: no real secrets). */
export const SANDBOX_CREDENTIALS = {
  circleciApiKey: 'sandbox-circleci-token',
  bitbucketOauthKey: 'sandbox-key-1,sandbox-key-2',
  bitbucketOauthSecret: 'sandbox-secret-1,sandbox-secret-2',
  bitbucketUsername: 'sandbox@example.com',
  bitbucketApiToken: 'sandbox-api-token',
  /** Workspace access tokens (Bearer, no OAuth grant): repository data only. */
  bitbucketAccessToken: 'sandbox-access-token-1,sandbox-access-token-2',
} as const;

/** A Bitbucket workspace member, so CircleCI users of a Bitbucket org can share the VCS login. */
export interface BitbucketMemberRef {
  workspace: string;
  uuid: string;
  nickname: string;
  displayName: string;
}

/** Everything the CircleCI dataset generator reads from the Bitbucket dataset. */
export interface BitbucketDatasetRefs {
  repos: BitbucketRepoRef[];
  members: BitbucketMemberRef[];
}

/**
 * Reference time of the datasets used for recordings: fixed so replayed step
 * tests (which pin Date.now to it) see the same lookback cut every day. The
 * demo and the benchmark generate relative to the current time instead.
 */
export const SANDBOX_REFERENCE_TIME = Date.parse('2026-11-01T12:00:00Z');
