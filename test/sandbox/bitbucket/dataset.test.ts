import {
  LargeDatasetParams,
  SANDBOX_CREDENTIALS,
  SANDBOX_REFERENCE_TIME,
} from '../types';
import {
  DEMO_BITBUCKET_CASES,
  generateBitbucketDataset,
  summarizeBitbucketDataset,
} from './dataset';
import {
  ActivityEntry,
  analyzeApprovals,
  PullRequestCommit,
} from './reference-approval-analysis';
import { collectPages, createRouteClient, RouteClient } from './route-client';
import { createBitbucketSimulator } from './simulator';

const DAY = 24 * 60 * 60 * 1000;

const SMALL_LARGE: LargeDatasetParams = {
  workspaces: 2,
  reposPerWorkspace: 12,
  usersPerWorkspace: 8,
  pullRequestsPerRepo: 15,
  orgs: 1,
  projectsPerOrg: 1,
  pipelinesPerProject: 1,
  workflowsPerPipeline: 1,
  jobsPerWorkflow: 1,
  scale: 1,
};

const demo = () =>
  generateBitbucketDataset({
    kind: 'demo',
    seed: 42,
    referenceTime: SANDBOX_REFERENCE_TIME,
  });

describe('Bitbucket demo dataset', () => {
  test('has these exact counts', () => {
    expect(summarizeBitbucketDataset(demo().data)).toEqual({
      workspaces: 2,
      users: 8,
      memberships: 8,
      distinctMembers: 7,
      nonMemberUsers: 1,
      groups: 4,
      groupMemberships: 10,
      projects: 4,
      repos: 8,
      privateRepos: 6,
      reposWithoutProject: 1,
      forkRepos: 1,
      reposWithAdminForbidden: 1,
      userPermissions: 10,
      groupPermissions: 7,
      permissionsServed: 16,
      branchRestrictions: 18,
      branchRestrictionsServed: 17,
      projectPermissions: 4,
      defaultReviewers: 4,
      pullRequests: 24,
      pullRequestsOpen: 10,
      pullRequestsMerged: 10,
      pullRequestsDeclined: 3,
      pullRequestsSuperseded: 1,
      pullRequestsDraft: 1,
      pullRequestsFromForks: 2,
      pullRequestCommits: 32,
      activityEntries: 59,
      activityUpdates: 39,
      activityApprovals: 16,
      activityComments: 3,
      commits: 65,
    });
  });

  test('is identical for the same inputs and keeps its ids across seeds', () => {
    const a = demo();
    const b = demo();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const otherSeed = generateBitbucketDataset({
      kind: 'demo',
      seed: 7,
      referenceTime: SANDBOX_REFERENCE_TIME,
    });
    expect(otherSeed.refs).toEqual(a.refs);
  });

  test('timestamps are relative to referenceTime', () => {
    const shifted = generateBitbucketDataset({
      kind: 'demo',
      seed: 42,
      referenceTime: SANDBOX_REFERENCE_TIME + DAY,
    }).data;
    const base = demo().data;
    expect(shifted.pullRequests[0].updatedOn).toBe(
      base.pullRequests[0].updatedOn + DAY,
    );
    expect(shifted.pullRequests[0].sourceCommit).toBe(
      base.pullRequests[0].sourceCommit,
    );
  });

  test('has the relationships the integration must handle', () => {
    const { data } = demo();
    const dana = data.users.find((u) => u.nickname === 'dana');
    expect(
      data.memberships
        .filter((m) => m.userUuid === dana?.uuid)
        .map((m) => m.workspaceSlug),
    ).toEqual(['acme-eng', 'acme-labs']);
    expect(
      data.groups
        .filter((g) => g.slug === 'developers')
        .map((g) => g.workspaceSlug),
    ).toEqual(['acme-eng', 'acme-labs']);
    const byName = (slug: string) => data.repos.find((r) => r.slug === slug);
    expect(byName('my-service')?.name).toBe('My Service');
    expect(byName('docs-site')).toMatchObject({
      projectKey: undefined,
      isPrivate: false,
    });
    expect(byName('web-app-fork')?.parentUuid).toBe(byName('web-app')?.uuid);
    expect(byName('legacy-billing')?.adminForbidden).toBe(true);
    const approvalRule = (slug: string) =>
      byName(slug)?.branchRestrictions.find(
        (r) => r.kind === 'require_approvals_to_merge',
      );
    expect(approvalRule('my-service')).toMatchObject({
      pattern: 'main',
      value: 2,
    });
    expect(approvalRule('web-app')).toMatchObject({
      pattern: 'master',
      value: 2,
    });
    // Approvals on release branches only (demo-question-cases.ts), none on main.
    expect(
      byName('experiments')
        ?.branchRestrictions.filter(
          (r) => r.kind === 'require_approvals_to_merge',
        )
        .map((r) => r.pattern),
    ).toEqual(['release/*']);
  });

  test('some pull requests were last updated before the 90-day lookback', () => {
    const { data } = demo();
    const cut = SANDBOX_REFERENCE_TIME - 90 * DAY;
    const old = data.pullRequests
      .filter((pr) => pr.updatedOn < cut)
      .map((pr) => {
        const repo = data.repos.find((r) => r.uuid === pr.repoUuid);
        return `${repo?.slug}#${pr.id}:${pr.state}`;
      });
    expect(old).toEqual([
      'my-service#6:MERGED',
      'web-app#6:MERGED',
      'legacy-billing#2:OPEN',
      'experiments#2:MERGED',
      'ml-notebooks#2:DECLINED',
    ]);
  });

  test('refs name every repo with its pull requests and every member', () => {
    const { data, refs } = demo();
    expect(refs.repos).toHaveLength(8);
    const myService = refs.repos.find((r) => r.repoSlug === 'my-service');
    expect(myService).toMatchObject({
      workspace: 'acme-eng',
      mainBranch: 'main',
      repoUuid: DEMO_BITBUCKET_CASES[0].repoUuid,
    });
    expect(myService?.pullRequests.map((pr) => pr.id)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    const merged = myService?.pullRequests.find((pr) => pr.id === 4);
    expect(merged?.mergeCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(merged?.sourceCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(myService?.pullRequests.find((pr) => pr.id === 1)?.mergeCommit).toBe(
      undefined,
    );
    expect(refs.members.map((m) => `${m.workspace}:${m.nickname}`)).toEqual([
      'acme-eng:alice',
      'acme-eng:bob',
      'acme-eng:carol',
      'acme-eng:dana',
      'acme-eng:frank',
      'acme-labs:dana',
      'acme-labs:erin',
      'acme-labs:grace',
    ]);
    // Every ref commit exists in the dataset.
    const hashes = new Set(data.commits.map((c) => c.hash));
    for (const repo of refs.repos) {
      for (const pr of repo.pullRequests) {
        expect(hashes.has(pr.sourceCommit)).toBe(true);
        if (pr.mergeCommit) expect(hashes.has(pr.mergeCommit)).toBe(true);
      }
    }
  });
});

describe('Bitbucket demo hard cases (prior-art §3 approval analysis)', () => {
  let client: RouteClient;
  let token: string;
  let memberUuids: Set<string>;

  beforeAll(async () => {
    const { data } = demo();
    // Two-entry pages: the analysis must read every page.
    const simulator = createBitbucketSimulator(data, {
      now: () => SANDBOX_REFERENCE_TIME,
      tokenTtlSeconds: 3600,
      pageSizeCap: 2,
    });
    client = createRouteClient(simulator);
    token = await client.token();
    memberUuids = new Set<string>();
    for (const workspace of ['acme-eng', 'acme-labs']) {
      for (const page of await collectPages(
        client,
        `/2.0/workspaces/${workspace}/members`,
        token,
      )) {
        for (const member of page.values as Array<{ user: { uuid: string } }>) {
          memberUuids.add(member.user.uuid);
        }
      }
    }
  });

  test('the six cases are the ones the brief names', () => {
    expect(DEMO_BITBUCKET_CASES.map((c) => c.name)).toEqual([
      'approved-by-other-member',
      'self-approved',
      'commit-after-approval',
      'force-push-after-approval',
      'unknown-commit-authors',
      'pr-from-fork',
    ]);
  });

  test.each(DEMO_BITBUCKET_CASES.map((c) => [c.name, c] as const))(
    '%s: served data yields the recorded analysis',
    async (_name, hardCase) => {
      // Addressed by uuid, as the integration does.
      const base = `/2.0/repositories/${
        hardCase.workspace
      }/${encodeURIComponent(hardCase.repoUuid)}/pullrequests/${
        hardCase.pullRequestId
      }`;
      const activity = (
        await collectPages(client, `${base}/activity`, token)
      ).flatMap((page) => page.values) as ActivityEntry[];
      const commits = (
        await collectPages(client, `${base}/commits`, token)
      ).flatMap((page) => page.values) as PullRequestCommit[];
      expect(analyzeApprovals(activity, commits, memberUuids)).toEqual(
        hardCase.expected,
      );
    },
  );

  test('unknown authors: one raw-only commit, one non-member account', async () => {
    const hardCase = DEMO_BITBUCKET_CASES[4];
    const response = await client.get(
      `/2.0/repositories/acme-eng/api-gateway/pullrequests/1/commits?pagelen=10`,
      token,
    );
    const pages = await collectPages(
      client,
      '/2.0/repositories/acme-eng/api-gateway/pullrequests/1/commits',
      token,
    );
    expect(response.status).toBe(200);
    const authors = pages
      .flatMap((p) => p.values as PullRequestCommit[])
      .map((c) => [c.hash, c.author]);
    expect(authors).toEqual([
      [
        hardCase.expected.commits[0],
        expect.objectContaining({
          raw: 'Mallory Moss <mallory@example.com>',
          user: expect.objectContaining({ nickname: 'mallory' }),
        }),
      ],
      [
        hardCase.expected.commits[1],
        { type: 'author', raw: 'Contractor Bot <build@contractor.example>' },
      ],
      [
        hardCase.expected.commits[2],
        expect.objectContaining({
          user: expect.objectContaining({ nickname: 'bob' }),
        }),
      ],
    ]);
  });

  test('api-gateway serves its commits without parents (a real shape); my-service with them', async () => {
    const commitsOf = async (repo: string) =>
      (
        await collectPages(
          client,
          `/2.0/repositories/acme-eng/${repo}/pullrequests/1/commits`,
          token,
        )
      ).flatMap((page) => page.values as Array<Record<string, unknown>>);
    const gateway = await commitsOf('api-gateway');
    expect(gateway.length).toBeGreaterThan(0);
    expect(gateway.filter((c) => 'parents' in c)).toEqual([]);
    const service = await commitsOf('my-service');
    expect(service.length).toBeGreaterThan(0);
    expect(service.every((c) => Array.isArray(c.parents))).toBe(true);
  });

  test('fork PR: source repository is the fork, destination the parent', async () => {
    const response = await client.get(
      '/2.0/repositories/acme-eng/web-app/pullrequests/3',
      token,
    );
    expect(response.body).toMatchObject({
      source: {
        branch: { name: 'feature/dark-mode' },
        repository: {
          full_name: 'acme-labs/web-app-fork',
          name: 'Web App Labs Fork',
        },
      },
      destination: {
        branch: { name: 'master' },
        repository: { full_name: 'acme-eng/web-app' },
      },
    });
    const fork = await client.get(
      '/2.0/repositories/acme-labs/web-app-fork',
      token,
    );
    expect(fork.body).toMatchObject({
      parent: { full_name: 'acme-eng/web-app' },
    });
  });

  test('activity update entries carry 12-character hashes, commits 40', async () => {
    const values = (
      await collectPages(
        client,
        '/2.0/repositories/acme-eng/my-service/pullrequests/1/activity',
        token,
      )
    ).flatMap((page) => page.values as ActivityEntry[]);
    const update = values.find((entry) => entry.update)?.update;
    expect(update?.source.commit?.hash).toBe(
      DEMO_BITBUCKET_CASES[0].expected.commits[0].slice(0, 12),
    );
    expect(update?.state).toBe('OPEN');
    // Newest first: the comment, then the approval, then the opening update.
    expect(values.map((entry) => Object.keys(entry)[0])).toEqual([
      'comment',
      'approval',
      'update',
    ]);
  });
});

describe('Bitbucket large dataset', () => {
  const large = (seed: number, params = SMALL_LARGE) =>
    generateBitbucketDataset({
      kind: 'large',
      seed,
      params,
      referenceTime: SANDBOX_REFERENCE_TIME,
    });

  test('is deterministic per seed', () => {
    expect(JSON.stringify(large(3))).toBe(JSON.stringify(large(3)));
    expect(JSON.stringify(large(3).refs)).not.toBe(
      JSON.stringify(large(4).refs),
    );
  });

  test('has the requested sizes and every hard-case shape', () => {
    const summary = summarizeBitbucketDataset(large(3).data);
    expect(summary).toMatchObject({
      workspaces: 2,
      repos: 24,
      // 8 users per workspace (one shared) plus the non-member account.
      memberships: 16,
      users: 16,
      nonMemberUsers: 1,
      groups: 6,
      forkRepos: 2,
      reposWithAdminForbidden: 2,
      reposWithoutProject: 4,
      // Forks carry no PRs of their own: 11 repos x 15 per workspace.
      pullRequests: 330,
    });
    expect(
      summary.pullRequestsOpen +
        summary.pullRequestsMerged +
        summary.pullRequestsDeclined +
        summary.pullRequestsSuperseded,
    ).toBe(330);
    for (const key of [
      'pullRequestsOpen',
      'pullRequestsMerged',
      'pullRequestsDeclined',
      'pullRequestsSuperseded',
      'pullRequestsFromForks',
      'pullRequestsDraft',
    ]) {
      expect(summary[key]).toBeGreaterThan(0);
    }
  });

  test('every approval outcome occurs, computed from served data', async () => {
    const { data } = large(3);
    const client = createRouteClient(
      createBitbucketSimulator(data, {
        now: () => SANDBOX_REFERENCE_TIME,
        tokenTtlSeconds: 3600,
      }),
    );
    const token = await client.token();
    const members = new Set(data.memberships.map((m) => m.userUuid));
    const outcomes = new Map<string, number>();
    const bump = (key: string): void => {
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    };
    for (const pr of data.pullRequests) {
      const repo = data.repos.find((r) => r.uuid === pr.repoUuid);
      const base = `/2.0/repositories/${
        repo?.workspaceSlug
      }/${encodeURIComponent(pr.repoUuid)}/pullrequests/${pr.id}`;
      const activity = (
        await collectPages(client, `${base}/activity`, token)
      ).flatMap((page) => page.values) as ActivityEntry[];
      const commits = (
        await collectPages(client, `${base}/commits`, token)
      ).flatMap((page) => page.values) as PullRequestCommit[];
      const analysis = analyzeApprovals(activity, commits, members);
      bump(analysis.approved ? 'approved' : 'not-approved');
      if (!analysis.validated) bump('unknown-author');
      if (analysis.approvedCommitsRemoved) bump('commits-removed');
      if (analysis.commitsApproved.length > 0 && !analysis.approved) {
        bump('partly-approved');
      }
    }
    for (const outcome of [
      'approved',
      'not-approved',
      'unknown-author',
      'commits-removed',
      'partly-approved',
    ]) {
      expect([outcome, (outcomes.get(outcome) ?? 0) > 0]).toEqual([
        outcome,
        true,
      ]);
    }
  });

  test('scale multiplies repositories and users per workspace', () => {
    const summary = summarizeBitbucketDataset(
      large(3, { ...SMALL_LARGE, scale: 2 }).data,
    );
    expect(summary.repos).toBe(48);
    expect(summary.memberships).toBe(32);
  });

  test('the shared user is a member of every workspace', () => {
    const { refs } = large(5);
    expect(
      refs.members
        .filter((m) => m.nickname === 'shared-admin')
        .map((m) => m.workspace),
    ).toEqual(['large-ws-1', 'large-ws-2']);
  });

  test('serves through the simulator with the sandbox credentials', async () => {
    const { data } = large(3);
    const client = createRouteClient(
      createBitbucketSimulator(data, {
        now: () => SANDBOX_REFERENCE_TIME,
        tokenTtlSeconds: 3600,
      }),
    );
    const token = await client.token(
      SANDBOX_CREDENTIALS.bitbucketOauthKey.split(',')[1],
      SANDBOX_CREDENTIALS.bitbucketOauthSecret.split(',')[1],
    );
    const pages = await collectPages(
      client,
      '/2.0/repositories/large-ws-1?pagelen=10',
      token,
    );
    expect(pages.map((p) => p.values.length)).toEqual([10, 2]);
  });
});
