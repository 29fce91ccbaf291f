import { createDataset } from './sandbox/datasets';
import { summarizeCircleCIDataset } from './sandbox/circleci/dataset';
import { datasetShape } from '../scripts/bench/dataset-shape';
import { endpointOf } from './sandbox/bitbucket/listings/listing';
import { CHILD_LISTINGS } from './sandbox/bitbucket/listings/registry';
import { projectListingEndpoint } from './sandbox/circleci/listings/listing';
import { PROJECT_LISTINGS } from './sandbox/circleci/listings/registry';
import {
  BB,
  CC,
  DatasetShape,
  DEFAULT_PAGE_LIMITS,
  minimumRequests,
  pages,
  pagesUntilCut,
} from '../scripts/bench/minimum-requests';

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('pages', () => {
  test('an empty list is still one request; otherwise ceil(n / size)', () => {
    expect(pages(0, 20)).toBe(1);
    expect(pages(1, 20)).toBe(1);
    expect(pages(20, 20)).toBe(1);
    expect(pages(21, 20)).toBe(2);
    expect(pages(250, 100)).toBe(3);
  });

  test('rejects a page size that is not a positive integer', () => {
    expect(() => pages(5, 0)).toThrow(/positive integer/);
  });
});

describe('pagesUntilCut', () => {
  test('every page when the whole list is inside the window', () => {
    expect(pagesUntilCut(0, 0, 20)).toBe(1);
    expect(pagesUntilCut(40, 40, 20)).toBe(2);
    expect(pagesUntilCut(41, 41, 20)).toBe(3);
  });

  test('up to the page holding the first item older than the cut', () => {
    // Item 9 (the first old one) is on page 1.
    expect(pagesUntilCut(12, 8, 20)).toBe(1);
    // 20 in the window fill page 1; only page 2 shows item 21 is old.
    expect(pagesUntilCut(30, 20, 20)).toBe(2);
    expect(pagesUntilCut(100, 45, 20)).toBe(3);
    // Nothing in the window: the first page proves it.
    expect(pagesUntilCut(5, 0, 20)).toBe(1);
  });

  test('rejects more items in the window than listed', () => {
    expect(() => pagesUntilCut(3, 4, 20)).toThrow(/exceeds/);
  });
});

/**
 * A hand-sized dataset, page size 2 for CircleCI so second pages show:
 *
 * CircleCI: 2 orgs. `gh/a` (VCS-named: no org pipeline listing needed) with
 * contexts of (3 vars, 0 restrictions) and (1 var, 2 restrictions);
 * `circleci/123` (id-named) listing 5 pipelines, 3 in the window, no
 * contexts. Projects: (5 pipelines, 3 in window, 3 env vars), (2, 2, 0),
 * and a two-segment slug (0, 0, 1) that has no settings path. Pipelines in
 * the window: 3 + 2 = 5 with 1, 2, 3, 0, 2 workflows; workflows: 8 with
 * 4, 1, 2, 2, 5, 0, 1, 3 jobs; 4 distinct referenced users. Checkout keys,
 * webhooks and schedules per project: (3, 0, 1), (0, 2, 0), (1, 5, 4); only
 * gh/a has an organization id.
 *
 * Bitbucket: 2 OAuth consumers, 2 workspaces. ws1: 150 members, 3 projects
 * with 0, 2 and 100 deploy keys, 3 webhooks, 150 Pipelines variables,
 * repos r1 (12 user perms, 0 group perms, 101 restrictions, 101 deploy
 * keys, 1 webhook, 0 variables, PRs in window with activity/commits
 * (120, 3) and (0, 100), 250 pipelines of which 120 in the window, 3
 * environments with 0, 101 and 2 variables, 40 deployments all in the
 * window) and r2 (admin forbidden,
 * 51 PRs each (10, 1), no Pipelines). ws2: 0 members, 0 projects, no repos.
 */
const shape: DatasetShape = {
  circleci: {
    orgs: [
      {
        idNamed: false,
        orgPipelinesListed: 7,
        orgPipelinesInWindow: 5,
        contexts: [
          { envVars: 3, restrictions: 0 },
          { envVars: 1, restrictions: 2 },
        ],
        hasId: true,
      },
      {
        idNamed: true,
        orgPipelinesListed: 5,
        orgPipelinesInWindow: 3,
        contexts: [],
        hasId: false,
      },
    ],
    projects: [
      {
        threeSegmentSlug: true,
        pipelines: 5,
        pipelinesInWindow: 3,
        listings: {
          [CC.envvar]: 3,
          [CC.checkoutKeys]: 3,
          [CC.webhooks]: 0,
          [CC.schedules]: 1,
        },
      },
      {
        threeSegmentSlug: true,
        pipelines: 2,
        pipelinesInWindow: 2,
        listings: {
          [CC.envvar]: 0,
          [CC.checkoutKeys]: 0,
          [CC.webhooks]: 2,
          [CC.schedules]: 0,
        },
      },
      {
        threeSegmentSlug: false,
        pipelines: 0,
        pipelinesInWindow: 0,
        listings: {
          [CC.envvar]: 1,
          [CC.checkoutKeys]: 1,
          [CC.webhooks]: 5,
          [CC.schedules]: 4,
        },
      },
    ],
    workflowsPerPipelineInWindow: [1, 2, 3, 0, 2],
    jobsPerWorkflowInWindow: [4, 1, 2, 2, 5, 0, 1, 3],
    referencedUsers: 4,
  },
  bitbucket: {
    oauthConsumers: 2,
    workspaces: [
      {
        members: 150,
        projects: 3,
        projectPermissions: [
          { adminForbidden: false, userPermissions: 101, groupPermissions: 2 },
          { adminForbidden: true, userPermissions: 0, groupPermissions: 0 },
        ],
        effectiveWriteGrants: 250,
        effectiveListingForbidden: false,
        listings: {
          [BB.projectDeployKeys]: [0, 2, 100],
          [BB.workspaceWebhooks]: [3],
          [BB.workspaceVariables]: [150],
        },
        repos: [
          {
            adminForbidden: false,
            measures: {
              [BB.defaultReviewers]: 0,
              [BB.branchingModel]: 1,
              [BB.userPermissions]: 12,
              [BB.groupPermissions]: 0,
              [BB.branchRestrictions]: 101,
              [BB.repoDeployKeys]: 101,
              [BB.repoWebhooks]: 1,
              [BB.pipelinesConfig]: 1,
              [BB.repoVariables]: 0,
              [BB.pipelines]: { listed: 250, inWindow: 120 },
              [BB.environments]: 3,
              [BB.environmentVariables]: [0, 101, 2],
              [BB.deployments]: { listed: 40, inWindow: 40 },
            },
            pullRequestsInWindow: [
              { activity: 120, commits: 3 },
              { activity: 0, commits: 100 },
            ],
          },
          {
            adminForbidden: true,
            measures: {
              [BB.defaultReviewers]: 101,
              [BB.branchingModel]: 0,
              [BB.userPermissions]: 0,
              [BB.groupPermissions]: 0,
              [BB.branchRestrictions]: 0,
              [BB.repoDeployKeys]: 0,
              [BB.repoWebhooks]: 0,
              [BB.pipelinesConfig]: 1,
              [BB.repoVariables]: 0,
              [BB.pipelines]: { listed: 0, inWindow: 0 },
              [BB.environments]: 0,
              [BB.environmentVariables]: [],
              [BB.deployments]: { listed: 0, inWindow: 0 },
            },
            pullRequestsInWindow: Array.from({ length: 51 }, () => ({
              activity: 10,
              commits: 1,
            })),
          },
        ],
      },
      {
        members: 0,
        projects: 0,
        projectPermissions: [],
        effectiveWriteGrants: 0,
        effectiveListingForbidden: true,
        listings: {
          [BB.projectDeployKeys]: [],
          [BB.workspaceWebhooks]: [0],
          [BB.workspaceVariables]: [0],
        },
        repos: [],
      },
    ],
  },
};

const limits = { ...DEFAULT_PAGE_LIMITS, circleciPageSize: 2 };

/**
 * A per-project listing of the CircleCI sandbox the fixture does not
 * measure (one added since) costs one empty page per project (3). The
 * named ones are measured below.
 */
const namedCircleCI = new Set<string>(Object.values(CC));
const unmeasuredCircleCI: Record<string, number> = Object.fromEntries(
  PROJECT_LISTINGS.map(projectListingEndpoint)
    .filter((endpoint) => !namedCircleCI.has(endpoint))
    .map((endpoint) => [endpoint, 3]),
);
/** The named endpoints' 71 requests and the unmeasured listings'. */
const CIRCLECI_TOTAL =
  71 + Object.values(unmeasuredCircleCI).reduce((a, b) => a + b, 0);

test('CircleCI minimum, endpoint by endpoint', () => {
  const { byEndpoint, byVendor } = minimumRequests(
    { circleci: shape.circleci },
    limits,
  );
  expect(byEndpoint).toEqual({
    [CC.me]: 1,
    [CC.collaborations]: 1,
    [CC.insights]: 2,
    // Only circleci/123: 3 in the window at 2 per page -> floor(3/2)+1.
    [CC.orgPipelines]: 2,
    [CC.project]: 3,
    [CC.settings]: 2,
    // (5, 3) -> 2; (2, 2) -> 1; (0, 0) -> 1.
    [CC.projectPipelines]: 4,
    // 3 -> 2; 0 -> 1; 1 -> 1.
    [CC.envvar]: 4,
    // 1, 2, 3, 0, 2 -> 1 + 1 + 2 + 1 + 1.
    [CC.workflows]: 6,
    // 4, 1, 2, 2, 5, 0, 1, 3 -> 2 + 1 + 1 + 1 + 3 + 1 + 1 + 2.
    [CC.jobs]: 12,
    [CC.user]: 4,
    // gh/a: 2 contexts -> 1; circleci/123: none -> 1.
    [CC.contexts]: 2,
    // (3 -> 2) + (1 -> 1).
    [CC.contextEnvVars]: 3,
    // (0 -> 1) + (2 -> 1).
    [CC.restrictions]: 2,
    // 3 -> 2; 0 -> 1; 1 -> 1.
    [CC.checkoutKeys]: 4,
    // 0 -> 1; 2 -> 1; 5 -> 3.
    [CC.webhooks]: 5,
    // 1 -> 1; 0 -> 1; 4 -> 2.
    [CC.schedules]: 4,
    // One per project.
    [CC.projectOidcClaims]: 3,
    // One each per organization with an id (circleci/123 has none here).
    [CC.orgOidcClaims]: 1,
    [CC.urlOrbAllowList]: 1,
    [CC.configPolicy]: 1,
    // No deploys in either org: each empty listing is still one request.
    [CC.deployEnvironments]: 2,
    [CC.deployComponents]: 2,
    ...unmeasuredCircleCI,
  });
  expect(byVendor).toEqual({ circleci: CIRCLECI_TOTAL, bitbucket: 0 });
});

/**
 * A child listing of the sandbox the fixture does not measure (one added
 * since) costs one empty page per owner: 2 workspaces, 3 projects, 2
 * repositories, r1's 3 environments. The named ones are measured above.
 */
const OWNERS = { workspace: 2, project: 3, repository: 2, environment: 3 };
const named = new Set<string>(Object.values(BB));
const unmeasuredRoutes = CHILD_LISTINGS.flatMap((l) => l.routes).filter(
  (route) => !named.has(endpointOf(route)),
);
const unmeasured: Record<string, number> = Object.fromEntries(
  unmeasuredRoutes.map((route) => [endpointOf(route), OWNERS[route.owner]]),
);
const unmeasuredTotal = (owners: string[]) =>
  unmeasuredRoutes
    .filter((route) => owners.includes(route.owner))
    .reduce((total, route) => total + OWNERS[route.owner], 0);
/** The named endpoints' 168 requests and the unmeasured listings'. */
const BITBUCKET_TOTAL = 168 + unmeasuredTotal(Object.keys(OWNERS));

test('Bitbucket minimum, endpoint by endpoint', () => {
  const { byEndpoint, byVendor, total } = minimumRequests(
    { bitbucket: shape.bitbucket },
    limits,
  );
  expect(byEndpoint).toEqual({
    [BB.token]: 2,
    [BB.workspace]: 2,
    // 150 -> 2; 0 -> 1.
    [BB.workspacePermissions]: 3,
    [BB.groups]: 2,
    [BB.projects]: 2,
    // 2 repos -> 1; none -> 1.
    [BB.repos]: 2,
    // r1 -> 1; r2's groups answer (403) settles its users list.
    [BB.userPermissions]: 1,
    [BB.groupPermissions]: 2,
    // 101 -> 2; forbidden r2 -> 1 (its 403).
    [BB.branchRestrictions]: 3,
    // 101 -> 2; forbidden r2 -> 1 (its 403).
    [BB.repoDeployKeys]: 3,
    // 0 -> 1, 2 -> 1, 100 -> 1; ws2 has no project.
    [BB.projectDeployKeys]: 3,
    // r1: 1 -> 1; forbidden r2 -> 1 (its 403).
    [BB.repoWebhooks]: 2,
    // ws1: 3 -> 1; ws2: 0 -> 1.
    [BB.workspaceWebhooks]: 2,
    // One object per repository.
    [BB.pipelinesConfig]: 2,
    [BB.repoVariables]: 2,
    // ws1: 150 -> 2; ws2: 0 -> 1.
    [BB.workspaceVariables]: 3,
    // r1: 2 PRs -> 1; r2: 51 PRs at 50 per page -> 2.
    [BB.pullRequests]: 3,
    // 120 -> 2, 0 -> 1, 51 x 1.
    [BB.activity]: 54,
    // 3 -> 1, 100 -> 1, 51 x 1.
    [BB.commits]: 53,
    // 250 -> 3; the forbidden workspace -> 1 (its 403).
    [BB.effectivePermissions]: 4,
    // 2 -> 1; the forbidden project -> 1 (its 403)...
    [BB.projectGroupPermissions]: 2,
    // ... which settles its users list: 101 -> 2.
    [BB.projectUserPermissions]: 2,
    // 0 -> 1; 101 -> 2.
    [BB.defaultReviewers]: 3,
    // Only r1 has a readable branch-type restriction.
    [BB.branchingModel]: 1,
    // r1: 120 of 250 in the window -> floor(120/100)+1 = 2; r2: empty -> 1.
    [BB.pipelines]: 3,
    // 3 -> 1; none -> 1.
    [BB.environments]: 2,
    // r1's environments: 0 -> 1, 101 -> 2, 2 -> 1; r2 has none.
    [BB.environmentVariables]: 4,
    // r1: all 40 in the window -> 1; r2 has no environment: not asked.
    [BB.deployments]: 1,
    ...unmeasured,
  });
  expect(byVendor).toEqual({ circleci: 0, bitbucket: BITBUCKET_TOTAL });
  // /members is only the fallback when /permissions is denied.
  expect(byEndpoint[BB.members]).toBeUndefined();
  expect(total).toBe(BITBUCKET_TOTAL);
});

test('Bitbucket without repository:admin, pull requests or Pipelines: those listings cost nothing', () => {
  const bitbucket = defined(shape.bitbucket);
  const noAdmin = minimumRequests(
    { bitbucket: { ...bitbucket, adminScope: false } },
    limits,
  );
  for (const key of [
    BB.userPermissions,
    BB.groupPermissions,
    BB.branchRestrictions,
    BB.pipelinesConfig,
  ]) {
    expect(noAdmin.byEndpoint[key]).toBeUndefined();
  }
  // The total less the admin listings (1 + 2 + 3) and the Pipelines
  // configuration of the 2 repositories.
  expect(noAdmin.total).toBe(BITBUCKET_TOTAL - 8);
  const noPullRequests = minimumRequests(
    { bitbucket: { ...bitbucket, ingestPullRequests: false } },
    limits,
  );
  // Deployments are read for their change review, which needs the PRs.
  for (const key of [
    BB.pullRequests,
    BB.activity,
    BB.commits,
    BB.deployments,
  ]) {
    expect(noPullRequests.byEndpoint[key]).toBeUndefined();
  }
  // The total less the PR listings (3 + 54 + 53) and the deployments (1).
  expect(noPullRequests.total).toBe(BITBUCKET_TOTAL - 111);
  const noPipelines = minimumRequests(
    { bitbucket: { ...bitbucket, ingestPipelines: false } },
    limits,
  );
  for (const key of [
    BB.pipelines,
    BB.environments,
    BB.environmentVariables,
    BB.deployments,
  ]) {
    expect(noPipelines.byEndpoint[key]).toBeUndefined();
  }
  // The total less pipelines (3), environments (2), their variables (4
  // and the unmeasured listings' of environments) and deployments (1).
  expect(noPipelines.total).toBe(
    BITBUCKET_TOTAL - 10 - unmeasuredTotal(['environment']),
  );
});

test('activity: per repository, the cheaper of per-PR listings and the repository stream', () => {
  const bitbucket = defined(shape.bitbucket);
  const [r1, r2] = bitbucket.workspaces[0].repos;
  const withStreams = (
    s1: { listed: number; beforeCut: number },
    s2: { listed: number; beforeCut: number },
  ) =>
    minimumRequests(
      {
        bitbucket: {
          ...bitbucket,
          workspaces: [
            {
              ...bitbucket.workspaces[0],
              repos: [
                { ...r1, activityStream: s1 },
                { ...r2, activityStream: s2 },
              ],
            },
          ],
        },
      },
      limits,
    ).byEndpoint;
  // r1 per PR: 2 + 1 = 3; its stream: 250 entries before the cut of 400
  // -> floor(250/100)+1 = 3, a tie: per PR. r2 per PR: 51; its stream:
  // 130 of 130 -> 2 pages.
  const tie = withStreams(
    { listed: 400, beforeCut: 250 },
    { listed: 130, beforeCut: 130 },
  );
  expect(tie[BB.activity]).toBe(3);
  expect(tie[BB.repositoryActivity]).toBe(2);
  // r1's stream: 99 before the cut -> 1 page, fewer than 3.
  const both = withStreams(
    { listed: 400, beforeCut: 99 },
    { listed: 130, beforeCut: 130 },
  );
  expect(both[BB.activity]).toBeUndefined();
  expect(both[BB.repositoryActivity]).toBe(3);
  // Without a stream shape (no such endpoint), per PR as before: 54.
  expect(minimumRequests(shape, limits).byEndpoint[BB.activity]).toBe(54);
});

test('both vendors add up; zero-count endpoints are left out', () => {
  const both = minimumRequests(shape, limits);
  expect(both.total).toBe(CIRCLECI_TOTAL + BITBUCKET_TOTAL);
  const noIdOrgs = minimumRequests(
    {
      circleci: {
        ...defined(shape.circleci),
        orgs: defined(shape.circleci).orgs.filter((o) => !o.idNamed),
      },
    },
    limits,
  );
  expect(noIdOrgs.byEndpoint[CC.orgPipelines]).toBeUndefined();
});

test('CircleCI deploys: listings per organization, versions per component, live pipelines outside the window', () => {
  const cc = defined(shape.circleci);
  const { byEndpoint } = minimumRequests(
    {
      circleci: {
        ...cc,
        orgs: [
          { ...cc.orgs[0], deployEnvironments: 3, deployComponents: 101 },
          cc.orgs[1],
        ],
        versionsPerComponent: [0, 2, 5],
        livePipelinesOutsideWindow: 2,
      },
    },
    limits,
  );
  // 3 -> 1 (page-size 100), none -> 1.
  expect(byEndpoint[CC.deployEnvironments]).toBe(2);
  // 101 -> 2 at 100 per page, none -> 1.
  expect(byEndpoint[CC.deployComponents]).toBe(3);
  // 0 -> 1, 2 -> 1, 5 -> 3 at the fixed page of 2.
  expect(byEndpoint[CC.componentVersions]).toBe(5);
  expect(byEndpoint[CC.pipeline]).toBe(2);
});

describe('datasetShape on the sandbox data', () => {
  const referenceTime = Date.parse('2026-11-01T12:00:00Z');
  const dataset = createDataset('large', {
    referenceTime,
    largeParams: {
      workspaces: 1,
      reposPerWorkspace: 3,
      usersPerWorkspace: 4,
      pullRequestsPerRepo: 4,
      orgs: 2,
      projectsPerOrg: 3,
      pipelinesPerProject: 6,
      workflowsPerPipeline: 2,
      jobsPerWorkflow: 3,
    },
  });
  const options = {
    now: referenceTime,
    circleciPipelineLookbackDays: 30,
    bitbucketPullRequestLookbackDays: 90,
    pipelineOrgProjectLimit: 250,
    bitbucketOauthConsumers: 2,
  };
  const built = datasetShape(dataset, options);

  test('agrees with the sandbox summary counts', () => {
    const summary = summarizeCircleCIDataset(dataset.circleci, referenceTime);
    const cc = defined(built.circleci);
    expect(cc.orgs).toHaveLength(summary.organizations);
    expect(cc.projects).toHaveLength(summary.projects);
    expect(cc.workflowsPerPipelineInWindow).toHaveLength(
      summary.pipelinesInLookback,
    );
    expect(cc.jobsPerWorkflowInWindow).toHaveLength(
      summary.workflowsInLookback,
    );
    expect(cc.jobsPerWorkflowInWindow.reduce((a, b) => a + b, 0)).toBe(
      summary.jobsInLookback,
    );
    const bb = defined(built.bitbucket);
    expect(bb.workspaces).toHaveLength(1);
    expect(bb.workspaces[0].repos).toHaveLength(3);
    expect(bb.oauthConsumers).toBe(2);
    // One component per project; live versions of pipelines before the
    // window are counted once per pipeline.
    expect(cc.versionsPerComponent).toHaveLength(summary.projects);
    const outside = new Set(
      dataset.circleci.deploys.versions
        .filter(
          ({ version }) =>
            version.is_live &&
            Date.parse(
              dataset.circleci.pipelines.find(
                (p) => p.id === version.pipeline_id,
              )?.created_at ?? '',
            ) <
              referenceTime - 30 * 86_400_000,
        )
        .map(({ version }) => version.pipeline_id),
    );
    expect(cc.livePipelinesOutsideWindow).toBe(outside.size);
  });

  test('counts only pull requests updated inside the window', () => {
    const since = referenceTime - 90 * 86_400_000;
    const inWindow = dataset.bitbucket.pullRequests.filter(
      (pr) => pr.updatedOn >= since,
    ).length;
    const counted = defined(built.bitbucket)
      .workspaces.flatMap((w) => w.repos)
      .reduce((n, r) => n + r.pullRequestsInWindow.length, 0);
    expect(counted).toBe(inWindow);
    expect(inWindow).toBeLessThan(dataset.bitbucket.pullRequests.length);
  });

  test('an incremental window counts only what was created or updated since its start', () => {
    const since = referenceTime - 5 * 86_400_000;
    const incremental = datasetShape(dataset, {
      ...options,
      circleciPipelinesSince: since,
      bitbucketPullRequestsSince: since,
    });
    const pipelines = dataset.circleci.pipelines.filter(
      (p) => Date.parse(p.created_at) >= since,
    ).length;
    expect(
      defined(incremental.circleci).workflowsPerPipelineInWindow,
    ).toHaveLength(pipelines);
    expect(pipelines).toBeLessThan(
      defined(built.circleci).workflowsPerPipelineInWindow.length,
    );
    const prs = dataset.bitbucket.pullRequests.filter(
      (pr) => pr.updatedOn >= since,
    ).length;
    expect(
      defined(incremental.bitbucket)
        .workspaces.flatMap((w) => w.repos)
        .reduce((n, r) => n + r.pullRequestsInWindow.length, 0),
    ).toBe(prs);
  });
});
