import {
  IntegrationInvocationConfig,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';
import { forceActivitySource } from '../src/bitbucket/steps/activitySource';
import { IntegrationConfig } from '../src/config';
import { invocationConfig } from '../src/index';
import { bitbucketRunRequests } from './bitbucket-minimum';
import { collectInProcess, CollectResult, countByType } from './collect';
import { labelIds } from './sandbox/bitbucket/ids';
import { FaultRule } from './sandbox/faults';
import { Sandbox, SandboxOptions, startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * Faults during a full Bitbucket collection against the demo sandbox. Each
 * run must end with every step successful, every entity the faults do not
 * hide collected, and exactly the warn events the faults call for.
 */

const ids = labelIds('bitbucket-demo');
const repo = (fullName: string) => ids.uuid(`repo:${fullName}`);
const NOW = SANDBOX_REFERENCE_TIME + 3600_000;
const TOKEN = 'POST /site/oauth2/access_token';

/**
 * legacy-billing's permissions and branch restrictions answer 403 (the demo
 * run's other legacy-billing warnings are taken from that run).
 */
const LEGACY_BILLING_ADMIN_WARNINGS = [
  `The permissions of 1 Bitbucket repository(ies) could not be read: Bitbucket repository 'acme-eng/legacy-billing' (403 Forbidden). Those were skipped and every other repository is still collected. Reading permissions needs repository admin rights on those repositories (OAuth scope repository:admin).`,
  `The branch restrictions of 1 Bitbucket repository(ies) could not be read: Bitbucket repository 'acme-eng/legacy-billing' (403 Forbidden). Those were skipped and every other repository is still collected. Reading branch restrictions needs repository admin rights on those repositories (OAuth scope repository:admin).`,
];

/** The demo's my-service Production environment denies its variables. */
const ENVIRONMENT_VARIABLES_WARNING = `The Pipelines variables of 1 Bitbucket deployment environment(s) could not be read: Bitbucket environment 'acme-eng/my-service/Production' (403 Forbidden). Those were skipped and every other environment is still collected. Reading the variables of a deployment environment needs repository admin rights on its repository and the pipeline scope.`;

/** The demo's web-app#7 came from a fork deleted since: its commits answer 404. */
const DELETED_FORK_WARNING = `Bitbucket pull request acme-eng/web-app#7 was collected without its approval analysis (approvalStatus "unknown"): commits: 404 Not Found. Check that the credential can read pull requests of 'acme-eng/web-app' (scope pullrequest); the next run retries it if the PR is updated.`;

/** A sandbox serving the demo dataset on a free port. */
const demoSandbox = (options: Partial<SandboxOptions> = {}) =>
  startSandbox({
    port: 0,
    dataset: 'demo',
    referenceTime: SANDBOX_REFERENCE_TIME,
    ...options,
  });

function bitbucketConfig(
  sandbox: Sandbox,
  consumers: 1 | 2 = 2,
): IntegrationConfig {
  return {
    bitbucketOauthKey:
      consumers === 2 ? SANDBOX_CREDENTIALS.bitbucketOauthKey : 'sandbox-key-1',
    bitbucketOauthSecret:
      consumers === 2
        ? SANDBOX_CREDENTIALS.bitbucketOauthSecret
        : 'sandbox-secret-1',
    bitbucketWorkspace: 'acme-eng,acme-labs',
    bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
    bitbucketTokenUrl: sandbox.bitbucketTokenUrl,
  };
}

function expectAllBitbucketStepsSucceeded(result: CollectResult) {
  const failed = result.stepResults.filter(
    (s) => s.id.startsWith('bitbucket-') && s.status !== 'success',
  );
  expect(failed).toEqual([]);
}

/** The invocation with `before` run at the start of one step. */
function withHook(
  stepId: string,
  before: () => void,
): IntegrationInvocationConfig<IntegrationConfig> {
  return {
    ...invocationConfig,
    integrationSteps: invocationConfig.integrationSteps.map(
      (step): IntegrationStep<IntegrationConfig> =>
        step.id === stepId
          ? {
              ...step,
              executionHandler: async (context) => {
                before();
                await step.executionHandler(context);
              },
            }
          : step,
    ),
  };
}

/**
 * A fault-free demo run's entity counts and warnings, which
 * bitbucket-demo.test.ts pins: each faulted run is compared with them, so a
 * resource added to the demo changes that file only.
 */
let demoRun: { entities: Record<string, number>; warnings: string[] };
beforeAll(async () => {
  const sandbox = await demoSandbox();
  try {
    const result = await collectInProcess({
      config: bitbucketConfig(sandbox),
      now: NOW,
    });
    expectAllBitbucketStepsSucceeded(result);
    demoRun = {
      entities: countByType(result.entities),
      warnings: result.warnEvents.map((e) => e.description),
    };
  } finally {
    await sandbox.close();
  }
  // The demo's hard cases the tests below name.
  expect(demoRun.warnings).toEqual(
    expect.arrayContaining([
      ENVIRONMENT_VARIABLES_WARNING,
      DELETED_FORK_WARNING,
      ...LEGACY_BILLING_ADMIN_WARNINGS,
    ]),
  );
});

/** The demo's warnings about legacy-billing, whose admin endpoints answer 403. */
const legacyBillingWarnings = () =>
  demoRun.warnings.filter((w) =>
    w.includes("'acme-eng/legacy-billing' (403 Forbidden)"),
  );

describe('Bitbucket collection under faults', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await demoSandbox();
  });
  afterEach(async () => {
    await sandbox.close();
  });

  function log() {
    return sandbox.requestLog().filter((e) => e.vendor === 'bitbucket');
  }

  async function collect(
    config: IntegrationConfig,
    faults: FaultRule[] = [],
    invocation?: IntegrationInvocationConfig<IntegrationConfig>,
  ) {
    sandbox.setFaults(faults);
    return collectInProcess({ config, now: NOW, invocation });
  }

  test('token expiry mid-run: one refresh on 401, nothing lost', async () => {
    // Two hours pass on the sandbox clock when repositories start: every
    // token issued at validation has expired (Bitbucket: one hour).
    const result = await collect(
      bitbucketConfig(sandbox),
      [],
      withHook('bitbucket-fetch-repos', () =>
        sandbox.advanceTime(2 * 3600_000),
      ),
    );
    expectAllBitbucketStepsSucceeded(result);
    expect(countByType(result.entities)).toEqual(demoRun.entities);
    const unauthorized = log().filter((e) => e.status === 401);
    expect(unauthorized.length).toBeGreaterThanOrEqual(1);
    // Two at validation (one per consumer) plus one refresh of consumer 1,
    // the one in use; parallel 401s share that refresh.
    const tokens = log().filter((e) => e.endpoint === TOKEN);
    expect(tokens.map((e) => [e.credential, e.status])).toEqual([
      ['sandbox-key-1', 200],
      ['sandbox-key-2', 200],
      ['sandbox-key-1', 200],
    ]);
    expect(result.warnEvents.map((e) => e.description).sort()).toEqual(
      [...demoRun.warnings].sort(),
    );
  });

  test('a 429 without Retry-After and a single consumer: backoff, then the retried answer is used', async () => {
    const result = await collect(bitbucketConfig(sandbox, 1), [
      {
        kind: 'rate-limit',
        vendor: 'bitbucket',
        endpoint: 'GET /repositories/{workspace}',
        times: 1,
      },
    ]);
    expectAllBitbucketStepsSucceeded(result);
    expect(countByType(result.entities)).toEqual(demoRun.entities);
    const repoListings = log().filter(
      (e) => e.endpoint === 'GET /repositories/{workspace}',
    );
    // Two workspaces, the first request answered 429 and retried.
    expect(repoListings.map((e) => e.status).sort()).toEqual([200, 200, 429]);
    expect(result.warnEvents.map((e) => e.description).sort()).toEqual(
      [...demoRun.warnings].sort(),
    );
  });

  test('rotation: consumer 1 runs out of budget, consumer 2 finishes the run', async () => {
    const result = await collect(bitbucketConfig(sandbox), [
      {
        kind: 'budget',
        vendor: 'bitbucket',
        credential: 'sandbox-key-1',
        limit: 25,
        windowMs: 3600_000,
      },
    ]);
    expectAllBitbucketStepsSucceeded(result);
    expect(countByType(result.entities)).toEqual(demoRun.entities);
    const byConsumer = (key: string, limited: boolean) =>
      log().filter(
        (e) => e.credential === key && (e.status === 429) === limited,
      ).length;
    // Consumer 1 spent its 25 (answers and legacy-billing's 403s alike).
    expect(byConsumer('sandbox-key-1', false)).toBe(25);
    expect(byConsumer('sandbox-key-1', true)).toBeGreaterThanOrEqual(1);
    expect(byConsumer('sandbox-key-2', true)).toBe(0);
    // Every request the demo needs (the cost model's, which
    // bitbucket-budget.test.ts checks against a run) was answered once with
    // data: the 429s were retried with consumer 2 and those answers were used.
    const needed = bitbucketRunRequests(sandbox.dataset, {
      now: NOW,
      consumers: 2,
    }).total;
    expect(needed).toBeGreaterThan(25);
    expect(byConsumer('sandbox-key-2', false)).toBe(needed - 25);
    const answered = log().filter(
      (e) => e.status !== 429 && e.status !== 401,
    ).length;
    expect(answered).toBe(needed);
    expect(result.warnEvents.map((e) => e.description).sort()).toEqual(
      [...demoRun.warnings].sort(),
    );
  });

  test('a 403 and a 404 on single repositories: one warning each, the rest collected', async () => {
    const webApp = repo('acme-eng/web-app');
    const gateway = repo('acme-eng/api-gateway');
    const pathOf = (uuid: string, rest: string) =>
      new RegExp(`/${encodeURIComponent(uuid)}/${rest}`);
    const result = await collect(bitbucketConfig(sandbox), [
      {
        kind: 'status',
        status: 403,
        vendor: 'bitbucket',
        path: pathOf(webApp, 'pullrequests\\?'),
      },
      {
        kind: 'status',
        status: 404,
        vendor: 'bitbucket',
        path: pathOf(gateway, 'branch-restrictions'),
      },
    ]);
    expectAllBitbucketStepsSucceeded(result);
    expect(countByType(result.entities)).toEqual({
      ...demoRun.entities,
      // api-gateway's 2 branch restrictions (and so its main-branch
      // protection) and web-app's 6 PRs are skipped (web-app#7 among them,
      // so its warning is not given either).
      bitbucket_branch_protection: 6,
      bitbucket_branch_restriction: 15,
      bitbucket_pull_request: 13,
    });
    // web-app's deployments are kept; with its pull requests unread, the
    // change review of its production deploy is unknown, not "no PR".
    const webAppProduction = result.entities.find(
      (e) =>
        e._type === 'bitbucket_deployment' &&
        e.repoId === webApp &&
        e.environment === 'Production',
    );
    expect(webAppProduction).toMatchObject({
      changeReview: 'unknown',
      pullRequestKey: undefined,
    });
    expect(result.warnEvents.map((e) => e.description).sort()).toEqual(
      [
        `The permissions of 1 Bitbucket repository(ies) could not be read: Bitbucket repository 'acme-eng/legacy-billing' (403 Forbidden). Those were skipped and every other repository is still collected. Reading permissions needs repository admin rights on those repositories (OAuth scope repository:admin).`,
        `The branch restrictions of 2 Bitbucket repository(ies) could not be read: Bitbucket repository 'acme-eng/api-gateway' (404 Not Found), Bitbucket repository 'acme-eng/legacy-billing' (403 Forbidden). Those were skipped and every other repository is still collected. Reading branch restrictions needs repository admin rights on those repositories (OAuth scope repository:admin).`,
        ...legacyBillingWarnings().filter(
          (w) => !LEGACY_BILLING_ADMIN_WARNINGS.includes(w),
        ),
        ENVIRONMENT_VARIABLES_WARNING,
        `The pull requests of 1 Bitbucket repository(ies) could not be read: Bitbucket repository 'acme-eng/web-app' (403 Forbidden). Those were skipped and every other repository is still collected. The credential needs read access to those repositories and the pullrequest scope.`,
      ].sort(),
    );
  });

  test('pipeline schedules: a 404 means none (Pipelines never set up), a 403 is named in one warning', async () => {
    const myService = repo('acme-eng/my-service');
    const webApp = repo('acme-eng/web-app');
    const schedulesOf = (uuid: string) =>
      new RegExp(`/${encodeURIComponent(uuid)}/pipelines_config/schedules`);
    const result = await collect(bitbucketConfig(sandbox), [
      {
        kind: 'status',
        status: 404,
        vendor: 'bitbucket',
        path: schedulesOf(myService),
      },
      {
        kind: 'status',
        status: 403,
        vendor: 'bitbucket',
        path: schedulesOf(webApp),
      },
    ]);
    expectAllBitbucketStepsSucceeded(result);
    // The demo's two schedules are those two repositories'; nothing else
    // changes.
    const { bitbucket_pipeline_schedule: schedules, ...others } =
      demoRun.entities;
    expect(schedules).toBe(2);
    expect(countByType(result.entities)).toEqual(others);
    expect(result.warnEvents.map((e) => e.description).sort()).toEqual(
      [
        ...demoRun.warnings,
        `The pipeline schedules of 1 Bitbucket repository(ies) could not be read: Bitbucket repository 'acme-eng/web-app' (403 Forbidden). Those were skipped and every other repository is still collected. The credential needs the pipeline scope (OAuth consumer: Pipelines Read; API token: read:pipeline:bitbucket).`,
      ].sort(),
    );
  });

  test('activity that cannot be read: the PR lands with analysis "unknown" and one warning', async () => {
    const myService = repo('acme-eng/my-service');
    // Per PR: the fault is on one PR's listing.
    const undo = forceActivitySource('per-pull-request');
    const result = await collect(bitbucketConfig(sandbox), [
      {
        kind: 'status',
        status: 403,
        vendor: 'bitbucket',
        path: new RegExp(
          `/${encodeURIComponent(myService)}/pullrequests/1/activity`,
        ),
      },
    ]).finally(undo);
    expectAllBitbucketStepsSucceeded(result);
    expect(countByType(result.entities)).toEqual(demoRun.entities);
    const pr = result.entities.find(
      (e) => e._key === `bitbucket_pull_request:${myService}:1`,
    );
    expect(pr).toMatchObject({
      approvalStatus: 'unknown',
      approvalAnalysisGap: 'activity: 403 Forbidden',
      state: 'OPEN',
    });
    for (const field of [
      'approved',
      'validated',
      'approvedCommitsRemoved',
      'commits',
      'commitsApproved',
      'commitsNotApproved',
      'commitsByUnknownAuthor',
    ]) {
      expect(pr?.[field]).toBeUndefined();
    }
    // The participant list still names the approver.
    expect(pr?.approverIds).toEqual([ids.uuid('user:bob')]);
    expect(
      result.warnEvents
        .map((e) => e.description)
        .filter((d) => !demoRun.warnings.includes(d)),
    ).toEqual([
      `Bitbucket pull request acme-eng/my-service#1 was collected without its approval analysis (approvalStatus "unknown"): activity: 403 Forbidden. Check that the credential can read pull requests of 'acme-eng/my-service' (scope pullrequest); the next run retries it if the PR is updated.`,
    ]);
  });

  test('a repository activity stream that fails falls back to per-PR listings: same graph, no warning', async () => {
    const clean = await collect(bitbucketConfig(sandbox), []);
    const cleanRequests = log().length;
    const undo = forceActivitySource('repository');
    const result = await collect(bitbucketConfig(sandbox), [
      {
        kind: 'status',
        status: 403,
        vendor: 'bitbucket',
        endpoint:
          'GET /repositories/{workspace}/{repo_slug}/pullrequests/activity',
      },
    ]).finally(undo);
    expectAllBitbucketStepsSucceeded(result);
    const analysis = (r: CollectResult) =>
      r.entities
        .filter((e) => e._type === 'bitbucket_pull_request')
        .map((e) => [e._key, e.approvalStatus, e.commitsApproved])
        .sort();
    expect(analysis(result)).toEqual(analysis(clean));
    expect(result.warnEvents.map((e) => e.description).sort()).toEqual(
      clean.warnEvents.map((e) => e.description).sort(),
    );
    // Every stream answered 403; each PR's activity was then read alone.
    const streams = log()
      .slice(cleanRequests)
      .filter(
        (e) =>
          e.endpoint ===
          'GET /repositories/{workspace}/{repo_slug}/pullrequests/activity',
      );
    expect(streams.length).toBeGreaterThan(0);
    expect(streams.every((e) => e.status === 403)).toBe(true);
  });

  test('API 1.0 groups gone (410): one warning per workspace, groups derived without members', async () => {
    const result = await collect(bitbucketConfig(sandbox), [
      {
        kind: 'status',
        status: 410,
        vendor: 'bitbucket',
        endpoint: 'GET /1.0/groups/{workspace}',
      },
    ]);
    expectAllBitbucketStepsSucceeded(result);
    const groups = result.entities.filter((e) => e._type === 'bitbucket_group');
    // The same four groups, found in permissions and branch restrictions.
    expect(
      groups.map((g) => [g.workspace, g.slug, g.membersKnown]).sort(),
    ).toEqual([
      ['acme-eng', 'admins', false],
      ['acme-eng', 'developers', false],
      ['acme-eng', 'release-managers', false],
      ['acme-labs', 'developers', false],
    ]);
    const counts = countByType(result.relationships);
    expect(counts.bitbucket_group_has_user).toBeUndefined();
    expect(counts.bitbucket_user_owns_group).toBeUndefined();
    expect(counts.bitbucket_workspace_has_group).toBe(4);
    // The 7 repository group permissions; PLAT's project group permission
    // names a group no listing knows, so it keeps groupSlug/groupName only.
    expect(counts.bitbucket_group_has_permission).toBe(7);
    expect(counts.bitbucket_branch_restriction_allows_group).toBe(2);
    const gone = (slug: string) =>
      `Bitbucket API 1.0 groups endpoint (GET /1.0/groups/${slug}) is no longer available for workspace '${slug}' (Atlassian keeps it only as "temporary support"). Groups are derived from repository permissions and branch restrictions instead, without members or owners.`;
    expect(result.warnEvents.map((e) => e.description).sort()).toEqual(
      [...demoRun.warnings, gone('acme-eng'), gone('acme-labs')].sort(),
    );
  });

  test('effective permissions listing denied (403) in both workspaces: one warning naming workspace admin, access from the explicit grants, every other step intact', async () => {
    const clean = await collect(bitbucketConfig(sandbox));
    const EFFECTIVE = 'GET /workspaces/{workspace}/permissions/repositories';
    const result = await collect(bitbucketConfig(sandbox), [
      { kind: 'status', status: 403, vendor: 'bitbucket', endpoint: EFFECTIVE },
    ]);
    expectAllBitbucketStepsSucceeded(result);
    // Two 403s in the faulted run, no retry.
    expect(
      log()
        .filter((e) => e.endpoint === EFFECTIVE && e.status === 403)
        .map((e) => e.path.split('?')[0]),
    ).toEqual([
      '/bitbucket/2.0/workspaces/acme-eng/permissions/repositories',
      '/bitbucket/2.0/workspaces/acme-labs/permissions/repositories',
    ]);
    expect(result.warnEvents.map((e) => e.description).sort()).toEqual(
      [
        ...demoRun.warnings,
        `Bitbucket denied GET /workspaces/{workspace}/permissions/repositories for 2 workspace(s): Bitbucket workspace 'acme-eng' (403 Forbidden), Bitbucket workspace 'acme-labs' (403 Forbidden). Only workspace admins may list effective repository permissions. The access to those workspaces' repositories (repo ALLOWS user) is computed from the explicit repository and project permissions, group memberships and workspace owners alone, so access through a grant the credential cannot read is missing and effectivePermission is absent. Use the credential of a workspace admin to collect it.`,
      ].sort(),
    );
    // Every entity and every other relationship is exactly the clean run's.
    const sorted = <T extends { _key: string }>(list: T[]) =>
      [...list].sort((a, b) => a._key.localeCompare(b._key));
    expect(sorted(result.entities)).toEqual(sorted(clean.entities));
    const ACCESS = 'bitbucket_repo_allows_user';
    expect(
      sorted(result.relationships.filter((r) => r._type !== ACCESS)),
    ).toEqual(sorted(clean.relationships.filter((r) => r._type !== ACCESS)));
    // Access falls back to what the explicit grants say. In the demo every
    // level Bitbucket's listing reports is explained by a collected grant
    // (legacy-billing's only admin is the workspace owner), so the same 26
    // pairs remain, with the same level, paths and grants, and without
    // effectivePermission: the only thing the listing added.
    const access = sorted(
      result.relationships.filter((r) => r._type === ACCESS),
    );
    const cleanAccess = sorted(
      clean.relationships.filter((r) => r._type === ACCESS),
    );
    expect(access).toHaveLength(26);
    expect(cleanAccess.every((r) => r.effectivePermission)).toBe(true);
    expect(access.filter((r) => r.effectivePermission)).toEqual([]);
    expect(access).toEqual(
      cleanAccess.map((r) => ({ ...r, effectivePermission: undefined })),
    );
    // grace still administers experiments through the RND project.
    const grace = access.find(
      (r) =>
        r._fromEntityKey === repo('acme-labs/experiments') &&
        r._toEntityKey === ids.uuid('user:grace'),
    );
    expect(grace).toMatchObject({
      permission: 'admin',
      grantedThrough: 'project',
      grants: 'group:developers:write, project:admin',
    });
  });

  test('workspace roles denied (403): one warning, members from /members without roles', async () => {
    const result = await collect(bitbucketConfig(sandbox), [
      {
        kind: 'status',
        status: 403,
        vendor: 'bitbucket',
        endpoint: 'GET /workspaces/{workspace}/permissions',
        path: /acme-eng/,
      },
    ]);
    expectAllBitbucketStepsSucceeded(result);
    const counts = countByType(result.entities);
    expect(counts.bitbucket_user).toBe(demoRun.entities.bitbucket_user);
    const memberships = result.relationships.filter(
      (r) => r._type === 'bitbucket_workspace_has_user',
    );
    expect(memberships).toHaveLength(8);
    const eng = ids.uuid('workspace:acme-eng');
    // acme-eng fell back to /members (no role); acme-labs kept its roles.
    for (const m of memberships) {
      if (m._fromEntityKey === eng) {
        expect(m.permission).toBeUndefined();
        expect(m.admin).toBeUndefined();
      } else {
        expect(m.permission).toEqual(expect.any(String));
      }
    }
    const endpoints = log().map((e) => e.endpoint);
    expect(
      endpoints.filter((e) => e === 'GET /workspaces/{workspace}/members'),
    ).toHaveLength(1);
    expect(result.warnEvents.map((e) => e.description).sort()).toEqual(
      [
        ...demoRun.warnings,
        `Bitbucket denied GET /workspaces/acme-eng/permissions (403): the workspace roles (owner / collaborator / member) of 'acme-eng' are not collected, so its admins cannot be queried. Members were listed with GET /workspaces/acme-eng/members instead, without roles. The endpoint needs the account scope (Account: Read) and cannot be called with a workspace access token.`,
      ].sort(),
    );
  });
});

test('no consumer has repository:admin, project:admin or webhook: warnings at validation, one per missing scope and admin step, no such requests', async () => {
  const scopes = [
    'account',
    'project',
    'repository',
    'pullrequest',
    'pipeline',
  ];
  const sandbox = await demoSandbox({
    bitbucketScopesByKey: { 'sandbox-key-1': scopes, 'sandbox-key-2': scopes },
  });
  try {
    const result = await collectInProcess({
      config: bitbucketConfig(sandbox),
      now: NOW,
    });
    expectAllBitbucketStepsSucceeded(result);
    const counts = countByType(result.entities);
    expect(counts.bitbucket_permission).toBeUndefined();
    expect(counts.bitbucket_branch_restriction).toBeUndefined();
    expect(counts.bitbucket_branch_protection).toBeUndefined();
    expect(counts.bitbucket_repo).toBe(8);
    expect(counts.bitbucket_pull_request).toBe(19);
    const lacking = (what: string) =>
      `Bitbucket OAuth consumer #1, OAuth consumer #2 lack the repository:admin scope (Repositories: Admin), which ${what} needs. Add "Repositories: Admin" to the OAuth consumer (Workspace settings > OAuth consumers > Edit) to collect it; everything else is still collected.`;
    expect(result.warnEvents.map((e) => e.description).sort()).toEqual(
      [
        lacking(
          'reading repository permissions, branch restrictions and deploy keys',
        ),
        lacking('reading repository permissions'),
        lacking('reading branch restrictions'),
        lacking('reading repository deploy keys'),
        `Bitbucket OAuth consumer #1, OAuth consumer #2 lack the webhook scope (Webhooks: Read and write), which reading the webhooks of repositories and workspaces needs. Add "Webhooks: Read and write" to the OAuth consumer (Workspace settings > OAuth consumers > Edit) to collect it; everything else is still collected.`,
        // The pipeline scope is granted: legacy-billing's variables answer
        // 403, and so do those of my-service's Production environment.
        ...legacyBillingWarnings().filter((warning) =>
          warning.startsWith('The Pipelines variables'),
        ),
        ENVIRONMENT_VARIABLES_WARNING,
        `Bitbucket OAuth consumer #1, OAuth consumer #2 lack the project:admin scope (Projects: Admin), which reading project permissions (access inherited through projects) and project deploy keys needs. Add "Projects: Admin" to the OAuth consumer (Workspace settings > OAuth consumers > Edit) to collect it; everything else is still collected.`,
        `Bitbucket OAuth consumer #1, OAuth consumer #2 lack the project:admin scope (Projects: Admin), which reading project deploy keys needs. Add "Projects: Admin" to the OAuth consumer (Workspace settings > OAuth consumers > Edit) to collect it; everything else is still collected.`,
        'Bitbucket OAuth consumer #1, OAuth consumer #2 lack the project:admin scope (Projects: Admin), which reading project permissions needs. Add "Projects: Admin" to the OAuth consumer (Workspace settings > OAuth consumers > Edit) to collect it; everything else is still collected.',
        DELETED_FORK_WARNING,
      ].sort(),
    );
    const adminRequests = sandbox
      .requestLog()
      .filter((e) =>
        /permissions-config|branch-restrictions|deploy-keys|hooks|pipelines_config$/.test(
          e.path,
        ),
      );
    expect(adminRequests).toEqual([]);
  } finally {
    await sandbox.close();
  }
});

test('no consumer has the pipeline scope: one warning per Pipelines step, everything else collected', async () => {
  const scopes = [
    'account',
    'project',
    'repository',
    'repository:admin',
    'project:admin',
    'pullrequest',
    'webhook',
  ];
  const sandbox = await demoSandbox({
    bitbucketScopesByKey: { 'sandbox-key-1': scopes, 'sandbox-key-2': scopes },
  });
  try {
    const result = await collectInProcess({
      config: bitbucketConfig(sandbox),
      now: NOW,
    });
    expectAllBitbucketStepsSucceeded(result);
    const counts = countByType(result.entities);
    expect(counts.bitbucket_pipeline).toBeUndefined();
    expect(counts.bitbucket_environment).toBeUndefined();
    expect(counts.bitbucket_deployment).toBeUndefined();
    expect(counts.bitbucket_pipeline_schedule).toBeUndefined();
    expect(counts.bitbucket_pull_request).toBe(19);
    expect(counts.bitbucket_branch_restriction).toBe(17);
    const all = [
      'acme-eng/api-gateway',
      'acme-eng/docs-site',
      'acme-eng/legacy-billing',
      'acme-eng/my-service',
      'acme-eng/web-app',
      'acme-labs/experiments',
      'acme-labs/ml-notebooks',
      'acme-labs/web-app-fork',
    ]
      .map((name) => `Bitbucket repository '${name}' (403 Forbidden)`)
      .join(', ');
    const fix =
      'The credential needs the pipeline scope (OAuth consumer: Pipelines Read; API token: read:pipeline:bitbucket) and Pipelines enabled on those repositories.';
    const unread = (what: string, hint = fix) =>
      `The ${what} of 8 Bitbucket repository(ies) could not be read: ${all}. Those were skipped and every other repository is still collected. ${hint}`;
    expect(result.warnEvents.map((e) => e.description).sort()).toEqual(
      [
        // legacy-billing's Pipelines variables are not asked for at all.
        ...legacyBillingWarnings().filter(
          (warning) => !warning.startsWith('The Pipelines variables'),
        ),
        DELETED_FORK_WARNING,
        unread('pipelines'),
        unread('deployment environments'),
        // Schedules are asked like pipelines (no gate on the consumer's
        // scopes: access tokens may hold it); a 404 would mean none.
        unread(
          'pipeline schedules',
          'The credential needs the pipeline scope (OAuth consumer: Pipelines Read; API token: read:pipeline:bitbucket).',
        ),
        `Bitbucket OAuth consumer #1, OAuth consumer #2 lack the pipeline scope (Pipelines: Read), which reading the Pipelines variables of repositories, workspaces and deployment environments needs. Add "Pipelines: Read" to the OAuth consumer (Workspace settings > OAuth consumers > Edit) to collect it; everything else is still collected.`,
      ].sort(),
    );
    // With no environment read, no deployment listing is asked for.
    expect(
      sandbox.requestLog().filter((e) => /\/deployments/.test(e.path)),
    ).toEqual([]);
  } finally {
    await sandbox.close();
  }
});
