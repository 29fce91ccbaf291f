import { RelationshipMapping } from '@jupiterone/integration-sdk-core';
import { countTypes, ofType, useStepRecording } from '../../../test/stepTest';
import { BitbucketSteps } from '../metadata';

/**
 * Step tests: Polly replays recordings of the demo sandbox made with a page
 * size cap of 2, so every paginated endpoint with more than two items is
 * read over several pages (test/stepTest.ts).
 */
const steps = useStepRecording(__dirname, 'bitbucket');

/**
 * Requests for a page after the first: list endpoints number pages
 * (`page=2`), iterator endpoints (activity, commits) use an opaque cursor.
 */
function laterPages(pattern: RegExp): string[] {
  return steps
    .requestsTo(pattern)
    .filter((path) => /[?&]page=(?!1\b)/.test(path));
}

describe(BitbucketSteps.WORKSPACES.id, () => {
  test('collects both configured workspaces', async () => {
    const result = await steps.collect(BitbucketSteps.WORKSPACES.id);
    expect(
      result.collectedEntities.map((e) => [e.slug, e.name, e._class]),
    ).toEqual([
      ['acme-eng', 'ACME Engineering', ['Account']],
      ['acme-labs', expect.any(String), ['Account']],
    ]);
    // One token per consumer is not needed yet: only consumer 1 is used.
    expect(steps.requestsTo(/oauth2\/access_token$/)).toHaveLength(1);
  });
});

describe(BitbucketSteps.USERS.id, () => {
  test('members of both workspaces, one entity per user, mapped to Person', async () => {
    const result = await steps.run(BitbucketSteps.USERS.id);
    const users = result.collectedEntities;
    expect(users).toHaveLength(7);
    expect(users).toMatchGraphObjectSchema({ _class: ['User'] });
    const direct = result.collectedRelationships.filter((r) => !r._mapping);
    const mapped = result.collectedRelationships.filter((r) => r._mapping);
    expect(direct).toMatchDirectRelationshipSchema({});
    expect(countTypes(direct)).toEqual({ bitbucket_workspace_has_user: 8 });
    expect(mapped).toHaveLength(7);
    // username is the nickname (the older integration stored the display name)
    expect(users.map((u) => [u.username, u.nickname]).sort()).toEqual(
      ['alice', 'bob', 'carol', 'dana', 'erin', 'frank', 'grace'].map((n) => [
        n,
        n,
      ]),
    );
    for (const user of users) {
      const mapping = mapped.find(
        (r) =>
          (r._mapping as RelationshipMapping).sourceEntityKey === user._key,
      )?._mapping as RelationshipMapping;
      expect(mapping).toEqual({
        relationshipDirection: 'FORWARD',
        sourceEntityKey: user._key,
        targetFilterKeys: [['_class', 'bitbucketNickname']],
        targetEntity: { _class: 'Person', bitbucketNickname: user.nickname },
        skipTargetCreation: true,
      });
    }
    // One listing with roles: /permissions, never /members as well.
    expect(steps.requestsTo(/\/members$/)).toEqual([]);
    // Second pages: more members than the page size cap.
    expect(laterPages(/\/permissions$/).length).toBeGreaterThanOrEqual(1);
    const nicknameByKey = new Map(users.map((u) => [u._key, u.nickname]));
    const roles = direct
      .map((r) => [
        nicknameByKey.get(String(r._toEntityKey)),
        r.permission,
        r.admin,
      ])
      .filter(([, permission]) => permission === 'owner')
      .sort();
    expect(roles).toEqual([
      ['alice', 'owner', true],
      ['dana', 'owner', true],
    ]);
    expect(direct.filter((r) => r.admin === true)).toHaveLength(2);
    expect(direct.filter((r) => r.permission === undefined)).toEqual([]);
  });
});

describe(BitbucketSteps.GROUPS.id, () => {
  test('API 1.0 groups with members and owners', async () => {
    const result = await steps.run(BitbucketSteps.GROUPS.id);
    const groups = ofType(result, 'bitbucket_group');
    expect(groups).toMatchGraphObjectSchema({ _class: ['UserGroup'] });
    // Keys are scoped by workspace: both workspaces have "developers".
    expect(groups.map((g) => [g.workspace, g.slug, g.membersKnown])).toEqual([
      ['acme-eng', 'developers', true],
      ['acme-eng', 'admins', true],
      ['acme-eng', 'release-managers', true],
      ['acme-labs', 'developers', true],
    ]);
    for (const group of groups) {
      expect(group._key).toBe(
        `bitbucket_group:${group.workspaceId}:${group.slug}`,
      );
    }
    // Members and owners are linked by the next step (it needs users).
    expect(countTypes(result.collectedRelationships)).toEqual({
      bitbucket_workspace_has_group: 4,
    });
    expect(steps.requestsTo(/\/members$|\/permissions$/)).toEqual([]);
  });
});

describe(BitbucketSteps.PROJECTS.id, () => {
  test('projects of both workspaces', async () => {
    const result = await steps.collect(BitbucketSteps.PROJECTS.id);
    expect(result.collectedEntities).toHaveLength(4);
    expect(result.collectedRelationships).toHaveLength(4);
    expect(laterPages(/\/projects$/).length).toBeGreaterThanOrEqual(1);
  });
});

describe(BitbucketSteps.REPOS.id, () => {
  test('repositories with the properties the older integration dropped', async () => {
    const result = await steps.collect(BitbucketSteps.REPOS.id);
    expect(result.collectedEntities).toHaveLength(8);
    const myService = result.collectedEntities.find(
      (e) => e.slug === 'my-service',
    );
    expect(myService).toMatchObject({
      name: 'My Service',
      fullName: 'acme-eng/my-service',
      language: 'typescript',
      mainBranch: 'main',
      forkPolicy: 'no_public_forks',
      fork: false,
      size: 1048576,
      public: false,
      projectKey: 'PLAT',
      owner: 'acme-eng',
    });
    const fork = result.collectedEntities.find(
      (e) => e.slug === 'web-app-fork',
    );
    expect(fork).toMatchObject({
      fork: true,
      forkParentFullName: 'acme-eng/web-app',
    });
    expect(laterPages(/\/repositories\/[^/]+$/).length).toBeGreaterThanOrEqual(
      1,
    );
  });
});

describe(BitbucketSteps.PERMISSIONS.id, () => {
  test('user and group permissions; the admin-forbidden repo is skipped', async () => {
    const result = await steps.collect(BitbucketSteps.PERMISSIONS.id);
    expect(result.collectedEntities).toHaveLength(16);
    expect(
      result.collectedEntities.filter((e) => e.principalType === 'group'),
    ).toHaveLength(7);
    expect(countTypes(result.collectedRelationships)).toEqual({
      bitbucket_repo_allows_permission: 16,
    });
    expect(
      laterPages(/\/permissions-config\/(users|groups)$/).length,
    ).toBeGreaterThanOrEqual(1);
  });
});

describe(BitbucketSteps.BRANCH_RESTRICTIONS.id, () => {
  test('branch restrictions with value and branch type', async () => {
    const result = await steps.collect(BitbucketSteps.BRANCH_RESTRICTIONS.id);
    expect(countTypes(result.collectedEntities)).toEqual({
      bitbucket_branch_restriction: 17,
      // Every repository but legacy-billing (403).
      bitbucket_branch_protection: 7,
    });
    // Only repositories with a branch-type restriction need the model.
    expect(steps.requestsTo(/\/effective-branching-model$/)).toHaveLength(3);
    expect(
      result.collectedEntities.find(
        (e) => e.kind === 'require_approvals_to_merge' && e.pattern === 'main',
      ),
    ).toMatchObject({ value: 2, matchKind: 'glob' });
    expect(
      result.collectedEntities.find((e) => e.matchKind === 'branching_model'),
    ).toMatchObject({ branchType: expect.any(String) });
    expect(laterPages(/\/branch-restrictions$/).length).toBeGreaterThanOrEqual(
      1,
    );
  });

  test('permission and restriction principals link to groups that exist', async () => {
    // toMatchStepMetadata would demand a derived group entity; with API 1.0
    // answering there is none, so the relationships are checked directly.
    const result = await steps.run(
      BitbucketSteps.GROUP_ACCESS_RELATIONSHIPS.id,
    );
    expect(result.collectedRelationships).toMatchDirectRelationshipSchema({});
    expect(countTypes(result.collectedRelationships)).toEqual({
      bitbucket_group_has_permission: 7,
      bitbucket_branch_restriction_allows_group: 2,
    });
    // API 1.0 answered: no group had to be derived.
    expect(result.collectedEntities).toEqual([]);
  });
});

describe(BitbucketSteps.PULL_REQUESTS.id, () => {
  test('PRs of all states in the window, with approval analysis', async () => {
    const result = await steps.collect(BitbucketSteps.PULL_REQUESTS.id);
    const prs = result.collectedEntities;
    // The demo's 19 PRs in the window (the recordings now include the two
    // question-case PRs, web-app#7 and api-gateway#4).
    expect(prs).toHaveLength(19);
    expect(new Set(prs.map((p) => p.state))).toEqual(
      new Set(['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED']),
    );
    expect(
      prs
        .filter((p) => p.approvalStatus === 'approved')
        .map((p) => p.displayName)
        .sort(),
    ).toEqual([
      'My Service/1',
      'My Service/4',
      'docs-site/1',
      'legacy-billing/1',
      'ml-notebooks/1',
      'web-app/3',
      'web-app/4',
    ]);
    // web-app#7 came from a fork deleted since: its commits answer 404.
    expect(
      prs
        .filter((p) => p.approvalStatus === 'unknown')
        .map((p) => p.displayName),
    ).toEqual(['web-app/7']);
    // No per-PR detail request: reviewers and participants come with the list.
    expect(steps.requestsTo(/\/pullrequests\/\d+$/)).toEqual([]);
    expect(laterPages(/\/pullrequests$/).length).toBeGreaterThanOrEqual(1);
    expect(laterPages(/\/activity$/).length).toBeGreaterThanOrEqual(1);
    expect(laterPages(/\/commits$/).length).toBeGreaterThanOrEqual(1);
  });
});

describe(BitbucketSteps.PROJECT_PERMISSIONS.id, () => {
  test('project user and group permissions; project ALLOWS each', async () => {
    const result = await steps.collect(BitbucketSteps.PROJECT_PERMISSIONS.id);
    expect(
      result.collectedEntities
        .map((e) => [
          e.projectKey,
          e.principalType,
          e.permission,
          e.repositoryPermission,
        ])
        .sort(),
    ).toEqual([
      ['ARCH', 'user', 'admin', 'admin'],
      ['PLAT', 'group', 'write', 'write'],
      ['RND', 'user', 'admin', 'admin'],
      // create-repo is write on the project's repositories.
      ['WEB', 'user', 'create-repo', 'write'],
    ]);
    expect(countTypes(result.collectedRelationships)).toEqual({
      bitbucket_project_allows_permission: 4,
    });
  });
});

describe(BitbucketSteps.REPO_ACCESS.id, () => {
  test('repo ALLOWS user with the effective level and its paths', async () => {
    const result = await steps.collect(BitbucketSteps.REPO_ACCESS.id);
    expect(countTypes(result.collectedRelationships)).toEqual({
      bitbucket_repo_allows_user: 26,
    });
    const levels = countTypes(
      result.collectedRelationships.map((r) => ({
        _type: String(r.permission),
      })),
    );
    expect(levels).toEqual({ admin: 15, write: 11 });
    // One listing per workspace, read page by page, write and admin only.
    const listings = steps.requestsTo(/\/permissions\/repositories$/);
    expect(listings.length).toBeGreaterThan(2);
    expect(
      listings.every((path) =>
        decodeURIComponent(path).includes('q=permission>"read"'),
      ),
    ).toBe(true);
  });
});

describe(BitbucketSteps.DEFAULT_REVIEWERS.id, () => {
  test('effective default reviewers as repo ASSIGNED user', async () => {
    const result = await steps.collect(BitbucketSteps.DEFAULT_REVIEWERS.id);
    expect(
      result.collectedRelationships
        .map((r) => `${r._class} ${r.reviewerType} ${r.defaultReviewer}`)
        .sort(),
    ).toEqual([
      'ASSIGNED project true',
      'ASSIGNED project true',
      'ASSIGNED project true',
      'ASSIGNED repository true',
      'ASSIGNED repository true',
    ]);
    expect(steps.requestsTo(/\/effective-default-reviewers$/)).toHaveLength(8);
  });
});

/**
 * Steps that only link what earlier steps collected: the relationships by
 * `_type`, no entity of their own, and the listings they are said to reuse.
 */
describe('relationship steps', () => {
  test.each<[string, string, Record<string, number>, Array<[RegExp, number]>]>([
    [
      'group HAS user and user OWNS group, from the groups listing',
      BitbucketSteps.GROUP_USER_RELATIONSHIPS.id,
      { bitbucket_group_has_user: 10, bitbucket_user_owns_group: 4 },
      // The memberships came with the groups step's one listing per workspace.
      [[/\/1\.0\/groups\//, 2]],
    ],
    [
      'project HAS repo for every repository in a project',
      BitbucketSteps.PROJECT_REPO_RELATIONSHIPS.id,
      { bitbucket_project_has_repo: 7 },
      [],
    ],
    [
      'permission and restriction principals link to users that exist',
      BitbucketSteps.USER_ACCESS_RELATIONSHIPS.id,
      {
        bitbucket_user_has_permission: 9,
        bitbucket_branch_restriction_allows_user: 2,
      },
      [],
    ],
    [
      // Duplicates would already have failed the step: the job state rejects
      // a repeated key, so the exact counts are the check.
      'OPENED, REVIEWED and APPROVED only to users that exist, no duplicates',
      BitbucketSteps.PULL_REQUEST_USER_RELATIONSHIPS.id,
      {
        bitbucket_user_opened_pull_request: 19,
        bitbucket_user_reviewed_pull_request: 19,
        bitbucket_user_approved_pull_request: 14,
      },
      [],
    ],
    [
      'project permission principals: users and listed groups',
      BitbucketSteps.PROJECT_PERMISSION_PRINCIPALS.id,
      { bitbucket_user_has_permission: 3, bitbucket_group_has_permission: 1 },
      [],
    ],
    [
      // alice, bob, carol and dana; the deleted contractor's #8 has no user.
      'user TRIGGERS pipeline for collected creators only',
      BitbucketSteps.PIPELINE_USER_RELATIONSHIPS.id,
      { bitbucket_user_triggers_pipeline: 4 },
      [],
    ],
  ])('%s (%s)', async (_case, stepId, counts, listings) => {
    const result = await steps.collect(stepId);
    expect(countTypes(result.collectedRelationships)).toEqual(counts);
    expect(result.collectedEntities).toEqual([]);
    for (const [pattern, times] of listings) {
      expect(steps.requestsTo(pattern)).toHaveLength(times);
    }
  });
});
