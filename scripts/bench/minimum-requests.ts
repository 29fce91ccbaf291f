/**
 * The request-cost model, the only one: the minimum number of requests a
 * complete collection of a dataset needs, per endpoint, computed from the
 * dataset's own counts and each endpoint's page limit. The benchmark uses it
 * as the denominator of its "requests / minimum" ratio; the Bitbucket part
 * is the request budget docs/jupiterone.md explains, and
 * test/bitbucket-budget.test.ts checks it against the requests a run really
 * sends. Pure: no I/O, no integration code, so it can never agree with the
 * integration merely because it reuses the integration's counters.
 *
 * What "needs" means, endpoint by endpoint (a list call costs at least one
 * page even when empty, because only the answer says it is empty):
 *
 * CircleCI (fixed server page size, no page-size parameter):
 *  - `GET /me`: 1 (validation and the account step can share it).
 *  - `GET /me/collaborations`: 1.
 *  - `GET /insights/{org-slug}/summary`: 1 per organization. Its
 *    `all_projects` is the only v2 source that names every project,
 *    followed or not (v2 has no list-projects endpoint).
 *  - `GET /pipeline?org-slug=`: only for organizations whose project slugs
 *    cannot be built from a name (`circleci/<org-id>` orgs: GitHub App and
 *    GitLab). In VCS-named orgs (`gh/…`, `bb/…`) the slug is
 *    `<org-slug>/<name>`, so insights already names every project and the
 *    per-project pipeline lists cover every pipeline; a listing there is
 *    not needed. When counted, it is read newest first up to the page that
 *    holds the first pipeline older than the lookback cut (that page is
 *    needed: only it proves the window ended).
 *  - `GET /project/{project-slug}`: 1 per project.
 *  - `GET /project/{provider}/{organization}/{project}/settings`: 1 per
 *    project with a three-segment slug (the only form the path takes); a 403
 *    answer is still the one request that learns it.
 *  - `GET /project/{project-slug}/pipeline`: per project, pages up to the
 *    one holding the first pipeline older than the cut (all pages when every
 *    pipeline is inside the window).
 *  - `GET /pipeline/{pipeline-id}/workflow`: ceil(n / page) per pipeline
 *    inside the lookback window (older pipelines are not collected).
 *  - `GET /workflow/{id}/job`: ceil(n / page) per workflow of those.
 *  - `GET /user/{id}`: 1 per distinct user id the collected workflows and
 *    jobs name (started_by, canceled_by, approved_by), the token owner
 *    excluded (`/me` is that user); a deleted user's 404 is that request.
 *  - `GET /context?owner-slug=`: ceil(contexts / page) per organization.
 *  - `GET /context/{id}/environment-variable`, `…/restrictions`:
 *    ceil(n / page) per context.
 *  - Every per-project listing of the sandbox (test/sandbox/circleci/listings:
 *    `…/envvar`, `…/checkout-key`, `…/schedule`,
 *    `GET /webhook?scope-id=<project id>&scope-type=project`): ceil(n / page)
 *    per project (a 403 is still the one request that learns it), priced
 *    from the registry.
 *  - `GET /org/{orgID}/project/{projectID}/oidc-custom-claims`: 1 per
 *    project (only the project's answer gives its org and project ids).
 *  - `GET /org/{orgID}/oidc-custom-claims`,
 *    `GET /organization/{org-slug-or-id}/url-orb-allow-list` (one
 *    unpaginated answer) and
 *    `GET /owner/{ownerID}/context/config/decision/settings`: 1 each per
 *    organization with an id (the endpoints take the id).
 *  - Schedule actors come whole with the schedule (the User schema), so a
 *    user only schedules name costs no `GET /user/{id}`, and neither does a
 *    workflow user a schedule already named.
 *  - `GET /deploy/environments`, `GET /deploy/components`: ceil(n / 100)
 *    per organization (they take `page-size`; the integration asks 100).
 *    Components are listed per organization, not per project: one listing
 *    covers every project.
 *  - `GET /deploy/components/{component_id}/versions`: ceil(n / page) per
 *    component (fixed server page size, like the core lists).
 *  - `GET /pipeline/{pipeline-id}`: 1 per distinct pipeline of a live
 *    version older than the lookback window: what runs now needs its commit
 *    for the deploy-to-PR chain, and only that pipeline has it (pipelines in
 *    the window are already collected; older, replaced versions are not
 *    worth a request).
 *
 * Bitbucket (`pagelen` up to 100; the pull-request list up to 50):
 *  - `POST /site/oauth2/access_token`: 1 per OAuth consumer (the validation
 *    must prove each consumer works and read its scopes; tokens live an
 *    hour, far longer than a run).
 *  - `GET /workspaces/{workspace}`: 1 per workspace.
 *  - `GET /workspaces/{workspace}/permissions`: ceil(members / 100). It
 *    lists every member with their workspace role (owner / collaborator /
 *    member), which the users step collects; `…/members` lists the same
 *    members without roles, so a run needs only the permissions listing
 *    (the integration reads `/members` only when `/permissions` is denied).
 *  - `GET /1.0/groups/{workspace}`: 1 per workspace (an unpaginated array).
 *  - `GET /workspaces/{workspace}/projects`: ceil(projects / 100).
 *  - `GET /repositories/{workspace}`: ceil(repos / 100).
 *  - Every per-repository endpoint (permissions, branch restrictions and
 *    the branching model, default reviewers, deploy keys, webhooks,
 *    Pipelines configuration and variables, pipelines, environments and
 *    their variables, deployments): bitbucket-repo-endpoints.ts, one entry
 *    each, says what it costs and why.
 *  - Every child listing of the sandbox (test/sandbox/bitbucket/listings:
 *    deploy keys, webhooks, Pipelines variables; below a workspace, project,
 *    repository or environment): ceil(n / 100) per owner, priced from its
 *    declaration (repository and environment ones through
 *    bitbucket-repo-endpoints.ts).
 *  - `…/pullrequests`: ceil(PRs updated in the window / 50) per repository,
 *    every state in one listing (repeatable `state`), window by `q`.
 *  - `…/pullrequests/{id}/commits`: ceil(n / 100) per PR in the window
 *    (the approval analysis needs them).
 *  - Activity, the cheaper of two endpoints per repository with PRs in the
 *    window: `…/pullrequests/{id}/activity`, ceil(n / 100) per PR, or
 *    `…/pullrequests/activity`, the whole repository's activity newest
 *    first, read up to the page holding the first entry older than the
 *    oldest window PR's creation (that page proves the rest is older).
 *  - `GET /workspaces/{workspace}/permissions/repositories`: per workspace,
 *    ceil(effective write-or-admin grants / 100) with `q=permission>"read"`
 *    (read access comes from the explicit grants); 1 when it answers 403.
 *  - `…/projects/{key}/permissions-config/groups` and `…/users`:
 *    ceil(n / 100) per project; on a project whose caller is no admin the
 *    first answer (403) proves the other would be 403 too, as for
 *    repositories.
 */

import {
  BITBUCKET_REPO_ENDPOINTS as R,
  RepoFacts,
  repoRequests,
} from './bitbucket-repo-endpoints';
import { DEPLOY_KEYS } from '../../test/sandbox/bitbucket/listings/deploy-keys';
import {
  endpointOf,
  listingEndpoint,
} from '../../test/sandbox/bitbucket/listings/listing';
import { PIPELINE_VARIABLES } from '../../test/sandbox/bitbucket/listings/pipeline-variables';
import { CHILD_LISTINGS } from '../../test/sandbox/bitbucket/listings/registry';
import { WEBHOOKS } from '../../test/sandbox/bitbucket/listings/webhooks';
import { CHECKOUT_KEYS } from '../../test/sandbox/circleci/listings/checkout-keys';
import { projectListingEndpoint } from '../../test/sandbox/circleci/listings/listing';
import { PROJECT_ENV_VARS } from '../../test/sandbox/circleci/listings/project-env-vars';
import { PROJECT_LISTINGS } from '../../test/sandbox/circleci/listings/registry';
import { PROJECT_SCHEDULES } from '../../test/sandbox/circleci/listings/schedules';
import { PROJECT_WEBHOOKS } from '../../test/sandbox/circleci/listings/webhooks';
import { pages, pagesUntilCut } from './pages';

/** Largest page each vendor endpoint serves. */
export interface PageLimits {
  /** CircleCI's fixed page size (the sandbox's `circleciPageSize`). */
  circleciPageSize: number;
  /** Bitbucket's global maximum `pagelen`. */
  bitbucketMaxPagelen: number;
  /** Bitbucket's pull-request list maximum (observed 50). */
  bitbucketPullRequestMaxPagelen: number;
  /** The `page-size` asked of CircleCI's deploy listings (default 100). */
  circleciDeployPageSize?: number;
}

export const DEFAULT_PAGE_LIMITS: PageLimits = {
  circleciPageSize: 20,
  bitbucketMaxPagelen: 100,
  bitbucketPullRequestMaxPagelen: 50,
};

export interface CircleCIOrgShape {
  /** `circleci/<org-id>` slug: project slugs end with an id, not the name. */
  idNamed: boolean;
  /** Pipelines `GET /pipeline?org-slug=` lists (newest first) … */
  orgPipelinesListed: number;
  /** … and how many of those are inside the lookback window. */
  orgPipelinesInWindow: number;
  /** Per context of the org: variable and restriction counts. */
  contexts: Array<{ envVars: number; restrictions: number }>;
  /** The collaboration has an id (the control endpoints take it). */
  hasId: boolean;
  /** Deploy environments and components of the org (0 when none). */
  deployEnvironments?: number;
  deployComponents?: number;
}

export interface CircleCIProjectShape {
  /** `vcs/org/name`: the settings endpoint has this three-segment form. */
  threeSegmentSlug: boolean;
  pipelines: number;
  pipelinesInWindow: number;
  /**
   * Items of each per-project listing (test/sandbox/circleci/listings) by
   * endpoint (`circleci GET <path>`); absent: none.
   */
  listings: Record<string, number>;
}

export interface CircleCIShape {
  orgs: CircleCIOrgShape[];
  projects: CircleCIProjectShape[];
  /** One entry per pipeline inside the window: its workflow count. */
  workflowsPerPipelineInWindow: number[];
  /** One entry per workflow of those pipelines: its job count. */
  jobsPerWorkflowInWindow: number[];
  /** Distinct user ids those workflows and jobs name, token owner excluded. */
  referencedUsers: number;
  /** One entry per deploy component: its version count. */
  versionsPerComponent?: number[];
  /** Distinct pipelines of live versions older than the window. */
  livePipelinesOutsideWindow?: number;
}

/**
 * One repository: its per-repository endpoints' measures
 * (bitbucket-repo-endpoints.ts) and its pull requests.
 */
export interface BitbucketRepoShape extends RepoFacts {
  /** Pull requests updated inside the window: activity and commit counts. */
  pullRequestsInWindow: Array<{ activity: number; commits: number }>;
  /**
   * The repository's activity stream (every PR's entries, newest first):
   * its length, and the entries before the first one older than the oldest
   * window PR's creation.
   */
  activityStream?: { listed: number; beforeCut: number };
}

export interface BitbucketProjectShape {
  /** The caller is no project admin: permissions-config answers 403. */
  adminForbidden: boolean;
  userPermissions: number;
  groupPermissions: number;
}

export interface BitbucketWorkspaceShape {
  members: number;
  projects: number;
  /** Per project: its permissions. */
  projectPermissions: BitbucketProjectShape[];
  /** Effective (user, repository) permissions above read. */
  effectiveWriteGrants: number;
  /** The effective listing answers 403 (the caller is no workspace admin). */
  effectiveListingForbidden: boolean;
  /**
   * Child listings below the workspace or its projects, by endpoint: one
   * item count per owner (the workspace; each project). A listing left out
   * costs one empty page per owner.
   */
  listings?: Record<string, number[]>;
  repos: BitbucketRepoShape[];
}

export interface BitbucketShape {
  /** OAuth consumers configured (one token request each). */
  oauthConsumers: number;
  /**
   * Access tokens configured: validation checks each with one repository
   * listing (default none).
   */
  accessTokens?: number;
  workspaces: BitbucketWorkspaceShape[];
  /**
   * repository:admin is granted (default true); without it the admin
   * listings (permissions, branch restrictions) are not requested at all.
   */
  adminScope?: boolean;
  /** bitbucketIngestPullRequests (default true). */
  ingestPullRequests?: boolean;
  /** The Pipelines source is on (default true). */
  ingestPipelines?: boolean;
}

export interface DatasetShape {
  circleci?: CircleCIShape;
  bitbucket?: BitbucketShape;
}

export interface MinimumRequests {
  /** Keys are the sandbox's stats keys: `<vendor> <METHOD> <path template>`. */
  byEndpoint: Record<string, number>;
  byVendor: { circleci: number; bitbucket: number };
  total: number;
}

export { pages, pagesUntilCut };

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

export const CC = {
  me: 'circleci GET /me',
  collaborations: 'circleci GET /me/collaborations',
  insights: 'circleci GET /insights/{org-slug}/summary',
  orgPipelines: 'circleci GET /pipeline',
  project: 'circleci GET /project/{project-slug}',
  settings:
    'circleci GET /project/{provider}/{organization}/{project}/settings',
  projectPipelines: 'circleci GET /project/{project-slug}/pipeline',
  envvar: projectListingEndpoint(PROJECT_ENV_VARS),
  workflows: 'circleci GET /pipeline/{pipeline-id}/workflow',
  jobs: 'circleci GET /workflow/{id}/job',
  user: 'circleci GET /user/{id}',
  contexts: 'circleci GET /context',
  contextEnvVars: 'circleci GET /context/{context_id}/environment-variable',
  restrictions: 'circleci GET /context/{context_id}/restrictions',
  checkoutKeys: projectListingEndpoint(CHECKOUT_KEYS),
  schedules: projectListingEndpoint(PROJECT_SCHEDULES),
  webhooks: projectListingEndpoint(PROJECT_WEBHOOKS),
  orgOidcClaims: 'circleci GET /org/{orgID}/oidc-custom-claims',
  projectOidcClaims:
    'circleci GET /org/{orgID}/project/{projectID}/oidc-custom-claims',
  urlOrbAllowList:
    'circleci GET /organization/{org-slug-or-id}/url-orb-allow-list',
  configPolicy:
    'circleci GET /owner/{ownerID}/context/{context}/decision/settings',
  deployEnvironments: 'circleci GET /deploy/environments',
  deployComponents: 'circleci GET /deploy/components',
  componentVersions: 'circleci GET /deploy/components/{component_id}/versions',
  pipeline: 'circleci GET /pipeline/{pipeline-id}',
} as const;

const REPO = 'bitbucket GET /repositories/{workspace}/{repo_slug}';
export const BB = {
  token: 'bitbucket POST /site/oauth2/access_token',
  workspace: 'bitbucket GET /workspaces/{workspace}',
  /** Members with their workspace role (the users step's listing). */
  workspacePermissions: 'bitbucket GET /workspaces/{workspace}/permissions',
  /** The same members without roles: only a fallback, never needed. */
  members: 'bitbucket GET /workspaces/{workspace}/members',
  groups: 'bitbucket GET /1.0/groups/{workspace}',
  projects: 'bitbucket GET /workspaces/{workspace}/projects',
  repos: 'bitbucket GET /repositories/{workspace}',
  effectivePermissions:
    'bitbucket GET /workspaces/{workspace}/permissions/repositories',
  projectUserPermissions:
    'bitbucket GET /workspaces/{workspace}/projects/{project_key}/permissions-config/users',
  projectGroupPermissions:
    'bitbucket GET /workspaces/{workspace}/projects/{project_key}/permissions-config/groups',
  // Child listings (test/sandbox/bitbucket/listings), priced generically.
  projectDeployKeys: listingEndpoint(DEPLOY_KEYS, 'project'),
  workspaceWebhooks: listingEndpoint(WEBHOOKS, 'workspace'),
  workspaceVariables: listingEndpoint(PIPELINE_VARIABLES, 'workspace'),
  pullRequests: `${REPO}/pullrequests`,
  activity: `${REPO}/pullrequests/{pull_request_id}/activity`,
  repositoryActivity: `${REPO}/pullrequests/activity`,
  commits: `${REPO}/pullrequests/{pull_request_id}/commits`,
  // The per-repository endpoints (their one entry each is the table's).
  userPermissions: R.userPermissions.endpoint,
  groupPermissions: R.groupPermissions.endpoint,
  branchRestrictions: R.branchRestrictions.endpoint,
  branchingModel: R.branchingModel.endpoint,
  defaultReviewers: R.defaultReviewers.endpoint,
  repoDeployKeys: listingEndpoint(DEPLOY_KEYS, 'repository'),
  repoWebhooks: listingEndpoint(WEBHOOKS, 'repository'),
  pipelinesConfig: R.pipelinesConfig.endpoint,
  repoVariables: listingEndpoint(PIPELINE_VARIABLES, 'repository'),
  pipelines: R.pipelines.endpoint,
  environments: R.environments.endpoint,
  environmentVariables: listingEndpoint(PIPELINE_VARIABLES, 'environment'),
  deployments: R.deployments.endpoint,
} as const;

export function circleciMinimum(
  shape: CircleCIShape,
  limits: PageLimits,
): Record<string, number> {
  const page = limits.circleciPageSize;
  const { orgs, projects } = shape;
  return {
    [CC.me]: 1,
    [CC.collaborations]: 1,
    [CC.insights]: orgs.length,
    [CC.orgPipelines]: sum(
      orgs
        .filter((org) => org.idNamed)
        .map((org) =>
          pagesUntilCut(org.orgPipelinesListed, org.orgPipelinesInWindow, page),
        ),
    ),
    [CC.project]: projects.length,
    [CC.settings]: projects.filter((p) => p.threeSegmentSlug).length,
    [CC.projectPipelines]: sum(
      projects.map((p) =>
        pagesUntilCut(p.pipelines, p.pipelinesInWindow, page),
      ),
    ),
    // Per-project listings (test/sandbox/circleci/listings), priced generically.
    ...Object.fromEntries(
      PROJECT_LISTINGS.map((listing) => {
        const endpoint = projectListingEndpoint(listing);
        const counts = projects.map((p) => p.listings[endpoint] ?? 0);
        return [endpoint, sum(counts.map((n) => pages(n, page)))];
      }),
    ),
    [CC.workflows]: sum(
      shape.workflowsPerPipelineInWindow.map((n) => pages(n, page)),
    ),
    [CC.jobs]: sum(shape.jobsPerWorkflowInWindow.map((n) => pages(n, page))),
    [CC.user]: shape.referencedUsers,
    [CC.contexts]: sum(orgs.map((org) => pages(org.contexts.length, page))),
    [CC.contextEnvVars]: sum(
      orgs.flatMap((org) => org.contexts.map((c) => pages(c.envVars, page))),
    ),
    [CC.restrictions]: sum(
      orgs.flatMap((org) =>
        org.contexts.map((c) => pages(c.restrictions, page)),
      ),
    ),
    [CC.projectOidcClaims]: projects.length,
    [CC.orgOidcClaims]: orgs.filter((org) => org.hasId).length,
    [CC.urlOrbAllowList]: orgs.filter((org) => org.hasId).length,
    [CC.configPolicy]: orgs.filter((org) => org.hasId).length,
    ...circleciDeployMinimum(shape, limits),
  };
}

/** The deploys part of circleciMinimum (organizations with an id only). */
function circleciDeployMinimum(
  shape: CircleCIShape,
  limits: PageLimits,
): Record<string, number> {
  const deployPage = limits.circleciDeployPageSize ?? 100;
  return {
    [CC.deployEnvironments]: sum(
      shape.orgs.map((org) => pages(org.deployEnvironments ?? 0, deployPage)),
    ),
    [CC.deployComponents]: sum(
      shape.orgs.map((org) => pages(org.deployComponents ?? 0, deployPage)),
    ),
    [CC.componentVersions]: sum(
      (shape.versionsPerComponent ?? []).map((n) =>
        pages(n, limits.circleciPageSize),
      ),
    ),
    [CC.pipeline]: shape.livePipelinesOutsideWindow ?? 0,
  };
}

/**
 * Per repository with PRs in the window, the cheaper activity endpoint (a
 * tie counts per PR, as the integration's rule does).
 */
function activityMinimum(
  repos: BitbucketRepoShape[],
  max: number,
): Record<string, number> {
  let perPullRequest = 0;
  let stream = 0;
  for (const repo of repos) {
    if (repo.pullRequestsInWindow.length === 0) continue;
    const perPr = sum(
      repo.pullRequestsInWindow.map((p) => pages(p.activity, max)),
    );
    const whole = repo.activityStream
      ? pagesUntilCut(
          repo.activityStream.listed,
          repo.activityStream.beforeCut,
          max,
        )
      : Infinity;
    if (whole < perPr) stream += whole;
    else perPullRequest += perPr;
  }
  return { [BB.activity]: perPullRequest, [BB.repositoryActivity]: stream };
}

/**
 * Activity requests with per-PR listings only (the package's cost before
 * it read repository streams): what the cheaper source saves is measured
 * against it.
 */
export function perPullRequestActivityRequests(
  shape: BitbucketShape,
  limits: PageLimits = DEFAULT_PAGE_LIMITS,
): number {
  if (shape.ingestPullRequests === false) return 0;
  return sum(
    shape.workspaces
      .flatMap((w) => w.repos)
      .flatMap((r) => r.pullRequestsInWindow)
      .map((p) => pages(p.activity, limits.bitbucketMaxPagelen)),
  );
}

/** Adds each endpoint's requests of one repository to the totals. */
function addUp(
  totals: Record<string, number>,
  requests: Record<string, number>,
): Record<string, number> {
  for (const [endpoint, n] of Object.entries(requests)) {
    totals[endpoint] = (totals[endpoint] ?? 0) + n;
  }
  return totals;
}

/**
 * The child listings below workspaces and projects: ceil(n / 100) per owner
 * (an empty or 403 answer is still the one request that learns it).
 */
function workspaceListingsMinimum(
  workspaces: BitbucketWorkspaceShape[],
  max: number,
): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const route of CHILD_LISTINGS.flatMap((l) => l.routes)) {
    if (route.owner !== 'workspace' && route.owner !== 'project') continue;
    const endpoint = endpointOf(route);
    totals[endpoint] = sum(
      workspaces.flatMap((w) =>
        (
          w.listings?.[endpoint] ??
          new Array<number>(route.owner === 'workspace' ? 1 : w.projects).fill(
            0,
          )
        ).map((n) => pages(n, max)),
      ),
    );
  }
  return totals;
}

export function bitbucketMinimum(
  shape: BitbucketShape,
  limits: PageLimits,
): Record<string, number> {
  const max = limits.bitbucketMaxPagelen;
  const prMax = limits.bitbucketPullRequestMaxPagelen;
  const workspaces = shape.workspaces;
  const repos = workspaces.flatMap((w) => w.repos);
  const run = {
    admin: shape.adminScope !== false,
    pullRequests: shape.ingestPullRequests !== false,
    pipelines: shape.ingestPipelines !== false,
  };
  const prRepos = run.pullRequests ? repos : [];
  const prs = prRepos.flatMap((r) => r.pullRequestsInWindow);
  const projects = workspaces.flatMap((w) => w.projectPermissions);
  return {
    [BB.token]: shape.oauthConsumers,
    [BB.workspace]: workspaces.length,
    [BB.workspacePermissions]: sum(
      workspaces.map((w) => pages(w.members, max)),
    ),
    [BB.groups]: workspaces.length,
    [BB.projects]: sum(workspaces.map((w) => pages(w.projects, max))),
    [BB.repos]:
      sum(workspaces.map((w) => pages(w.repos.length, max))) +
      (shape.accessTokens ?? 0),
    ...workspaceListingsMinimum(workspaces, max),
    [BB.effectivePermissions]: sum(
      workspaces.map((w) =>
        w.effectiveListingForbidden ? 1 : pages(w.effectiveWriteGrants, max),
      ),
    ),
    [BB.projectGroupPermissions]: sum(
      projects.map((p) => pages(p.groupPermissions, max)),
    ),
    [BB.projectUserPermissions]: sum(
      projects.map((p) =>
        p.adminForbidden ? 0 : pages(p.userPermissions, max),
      ),
    ),
    ...repos.reduce(
      (totals, repo) => addUp(totals, repoRequests(repo, run, max)),
      {} as Record<string, number>,
    ),
    [BB.pullRequests]: sum(
      prRepos.map((r) => pages(r.pullRequestsInWindow.length, prMax)),
    ),
    ...activityMinimum(prRepos, max),
    [BB.commits]: sum(prs.map((p) => pages(p.commits, max))),
  };
}

/** Minimum per endpoint (zero-count endpoints dropped), per vendor and total. */
export function minimumRequests(
  shape: DatasetShape,
  limits: PageLimits = DEFAULT_PAGE_LIMITS,
): MinimumRequests {
  const circleci = shape.circleci
    ? circleciMinimum(shape.circleci, limits)
    : {};
  const bitbucket = shape.bitbucket
    ? bitbucketMinimum(shape.bitbucket, limits)
    : {};
  const byEndpoint: Record<string, number> = {};
  for (const [key, value] of Object.entries({ ...circleci, ...bitbucket })) {
    if (value > 0) byEndpoint[key] = value;
  }
  const byVendor = {
    circleci: sum(Object.values(circleci)),
    bitbucket: sum(Object.values(bitbucket)),
  };
  return {
    byEndpoint,
    byVendor,
    total: byVendor.circleci + byVendor.bitbucket,
  };
}
