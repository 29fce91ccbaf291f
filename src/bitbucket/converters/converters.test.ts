import { Entity } from '@jupiterone/integration-sdk-core';
import { BitbucketPullRequest } from '../client/responses/pullRequests';
import { createBranchRestrictionEntity } from './branchRestriction';
import { createGroupEntity } from './group';
import { createPullRequestEntity } from './pullRequest';
import { createRepoEntity } from './repo';
import { createUserEntity, createWorkspaceHasUserRelationship } from './user';

const REPO = '{repo}';
const pr: BitbucketPullRequest & {
  destination: { repository: { uuid: string } };
} = {
  id: 7,
  title: 'Add a thing',
  description: null,
  state: 'MERGED',
  author: {
    uuid: '{a11ce000-0000-4000-a000-000000000001}',
    display_name: 'Alice',
  },
  source: {
    repository: { uuid: '{fork}', full_name: 'Labs/Fork' },
    branch: { name: 'feature/x' },
    commit: { hash: 'abc' },
  },
  destination: {
    repository: { uuid: REPO, name: 'My Service', full_name: 'Eng/My-Service' },
    branch: { name: 'main' },
    commit: { hash: 'def' },
  },
  merge_commit: { hash: 'merge' },
  closed_by: { uuid: '{bob}', display_name: 'Bob' },
  draft: false,
  participants: [
    {
      user: { uuid: '{bob}', display_name: 'Bob' },
      role: 'REVIEWER',
      approved: true,
      state: 'approved',
    },
    {
      user: { uuid: '{carol}', display_name: 'Carol' },
      role: 'PARTICIPANT',
      approved: false,
      state: 'changes_requested',
    },
    {
      user: { uuid: '{dan}' },
      role: 'PARTICIPANT',
      approved: false,
      state: null,
    },
  ],
  links: {
    html: { href: 'https://bitbucket.org/eng/my-service/pull-requests/7' },
  },
};

/** The entity fits its class's data-model schema and has these properties. */
function expectEntity(entity: Entity, _class: string[], properties: object) {
  expect(entity).toMatchGraphObjectSchema({ _class });
  expect(entity).toMatchObject(properties);
}

describe('createPullRequestEntity', () => {
  test('unknown analysis: the approval fields are absent, never false', () => {
    const entity = createPullRequestEntity(
      pr,
      { approvalStatus: 'unknown', approvers: [] },
      {
        workspaceUuid: '{0b5e0000-0000-4000-a000-000000000004}',
        analysisGap: 'commits: 404 Not Found',
      },
    );
    expectEntity(entity, ['Review', 'PR'], {
      _key: `bitbucket_pull_request:${REPO}:7`,
      _type: 'bitbucket_pull_request',
      id: '7',
      displayName: 'My Service/7',
      repository: 'My Service',
      repositoryFullName: 'eng/my-service',
      fromFork: true,
      source: 'feature/x',
      target: 'main',
      merged: true,
      superseded: false,
      mergeCommit: 'merge',
      closedById: '{bob}',
      approvalStatus: 'unknown',
      approvalAnalysisGap: 'commits: 404 Not Found',
      // Participants still give reviewers and approvers.
      reviewerIds: ['{bob}', '{carol}'],
      approverIds: ['{bob}'],
      changesRequested: true,
      changesRequestedByIds: ['{carol}'],
    });
    expect(entity.description).toBeUndefined();
    for (const field of [
      'approved',
      'validated',
      'approvedCommitsRemoved',
      'commits',
    ]) {
      expect(field in entity).toBe(false);
    }
  });

  test('known analysis is copied; long descriptions are cut at 80 characters', () => {
    const entity = createPullRequestEntity(
      { ...pr, description: 'x'.repeat(81) },
      {
        approvalStatus: 'not-approved',
        approved: false,
        validated: true,
        approvedCommitsRemoved: false,
        commits: ['c1'],
        commitMessages: ['m'],
        commitsApproved: [],
        commitsNotApproved: ['c1'],
        commitsByUnknownAuthor: [],
        approvers: [{ uuid: '{erin}', display_name: 'Erin' }],
      },
      { workspaceUuid: '{0b5e0000-0000-4000-a000-000000000004}' },
    );
    expectEntity(entity, ['Review', 'PR'], {
      approved: false,
      validated: true,
      commitsNotApproved: ['c1'],
      approverIds: ['{erin}', '{bob}'],
      approvers: ['Erin', 'Bob'],
      description: `${'x'.repeat(80)}...`,
    });
    expect(
      createPullRequestEntity(
        { ...pr, description: 'short' },
        { approvalStatus: 'unknown', approvers: [] },
        { workspaceUuid: '{0b5e0000-0000-4000-a000-000000000004}' },
      ).description,
    ).toBe('short');
  });
});

describe('other converters', () => {
  test('user: username is the nickname (not the display name)', () => {
    const user = createUserEntity({
      uuid: '{a11ce000-0000-4000-a000-000000000001}',
      nickname: 'alice',
      display_name: 'Alice Anders',
      account_id: '557058:1',
      links: { html: { href: 'https://bitbucket.org/%7Balice%7D/' } },
    });
    expectEntity(user, ['User'], {
      _key: '{a11ce000-0000-4000-a000-000000000001}',
      username: 'alice',
      name: 'Alice Anders',
      accountId: '557058:1',
      active: true,
      webLink: 'https://bitbucket.org/%7Balice%7D/',
    });
  });

  test('workspace HAS user: the role and admin flag when known, none otherwise', () => {
    const owner = createWorkspaceHasUserRelationship('{ws}', '{u}', 'owner');
    expect(owner).toMatchObject({
      _type: 'bitbucket_workspace_has_user',
      _class: 'HAS',
      _fromEntityKey: '{ws}',
      _toEntityKey: '{u}',
      permission: 'owner',
      admin: true,
    });
    const member = createWorkspaceHasUserRelationship('{ws}', '{u}', 'member');
    expect(member).toMatchObject({ permission: 'member', admin: false });
    // Listed by /members (the /permissions fallback): the role is unknown.
    const unknown = createWorkspaceHasUserRelationship(
      '{ws}',
      '{u}',
      undefined,
    );
    expect(unknown.permission).toBeUndefined();
    expect(unknown.admin).toBeUndefined();
    expect(unknown._key).toBe(owner._key);
  });

  test('group: key scoped by workspace; members left out of rawData; null owner is fine', () => {
    const group = createGroupEntity(
      { uuid: '{0b5e0000-0000-4000-a000-000000000004}', slug: 'eng' },
      {
        name: 'Developers',
        slug: 'developers',
        owner: null,
        members: [{ uuid: '{a}' }],
      },
    );
    expect(group).toMatchGraphObjectSchema({ _class: ['UserGroup'] });
    expect(group._key).toBe(
      'bitbucket_group:{0b5e0000-0000-4000-a000-000000000004}:developers',
    );
    expect(group.ownerId).toBeUndefined();
    expect(JSON.stringify(group._rawData)).not.toContain('{a}');
  });

  test('repo: slug, language, main branch, fork policy, fork parent, size', () => {
    const repo = createRepoEntity(
      { uuid: '{0b5e0000-0000-4000-a000-000000000004}', slug: 'eng' },
      {
        uuid: '{4e90f000-0000-4000-a000-000000000002}',
        name: 'My Service',
        full_name: 'Eng/my-service',
        is_private: true,
        language: 'go',
        mainbranch: { name: 'trunk' },
        fork_policy: 'no_forks',
        size: 42,
        parent: {
          uuid: '{9a4e7000-0000-4000-a000-000000000003}',
          full_name: 'Eng/Upstream',
        },
      },
    );
    expectEntity(repo, ['CodeRepo'], {
      slug: 'my-service',
      fullName: 'eng/my-service',
      owner: 'eng',
      language: 'go',
      mainBranch: 'trunk',
      forkPolicy: 'no_forks',
      fork: true,
      forkParentId: '{9a4e7000-0000-4000-a000-000000000003}',
      forkParentFullName: 'eng/upstream',
      size: 42,
      public: false,
    });
  });

  test('branch restriction: value and branch type', () => {
    const restriction = createBranchRestrictionEntity(
      {
        uuid: '{4e90f000-0000-4000-a000-000000000002}',
        name: 'repo',
        workspaceUuid: '{0b5e0000-0000-4000-a000-000000000004}',
        workspaceSlug: 'eng',
      },
      {
        id: 3,
        kind: 'require_approvals_to_merge',
        branch_match_kind: 'branching_model',
        branch_type: 'production',
        value: 2,
        users: [{ uuid: '{u}' }],
        groups: [{ slug: 'admins', name: 'Admins' }],
      },
    );
    expectEntity(restriction, ['AccessPolicy'], {
      _key: 'bitbucket_branch_restriction:{4e90f000-0000-4000-a000-000000000002}:3',
      id: '3',
      name: 'require_approvals_to_merge',
      value: 2,
      branchType: 'production',
      matchKind: 'branching_model',
      userIds: ['{u}'],
      groupKeys: [
        'bitbucket_group:{0b5e0000-0000-4000-a000-000000000004}:admins',
      ],
    });
  });
});

describe('real payload shapes', () => {
  const unknown = { approvalStatus: 'unknown' as const, approvers: [] };
  const ws = { workspaceUuid: '{0b5e0000-0000-4000-a000-000000000004}' };

  test('a PR reads its top-level description, falling back to summary.raw', () => {
    expect(
      createPullRequestEntity(
        { ...pr, description: 'top level', summary: { raw: 'summary' } },
        unknown,
        ws,
      ).description,
    ).toBe('top level');
    expect(
      createPullRequestEntity(
        { ...pr, description: '', summary: { raw: 'from summary' } },
        unknown,
        ws,
      ).description,
    ).toBe('from summary');
    expect(
      createPullRequestEntity(
        { ...pr, description: undefined, summary: undefined },
        unknown,
        ws,
      ).description,
    ).toBeUndefined();
  });

  test('webLink only when the link is an absolute http(s) URL', () => {
    const withLink = (href: string) =>
      createPullRequestEntity({ ...pr, links: { html: { href } } }, unknown, ws)
        .webLink;
    expect(
      withLink('https://bitbucket.org/eng/my-service/pull-requests/7'),
    ).toBe('https://bitbucket.org/eng/my-service/pull-requests/7');
    expect(
      withLink('//bitbucket.org/eng/my-service/pull-requests/7'),
    ).toBeUndefined();
    expect(withLink('/eng/my-service/pull-requests/7')).toBeUndefined();
    expect(withLink('javascript:alert(1)')).toBeUndefined();
  });
});
