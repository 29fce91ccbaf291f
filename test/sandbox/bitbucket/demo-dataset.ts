/**
 * The hand-written `demo` dataset: small, but every entity and relationship
 * type the integration ingests, plus the hard cases of the PR-approval
 * analysis (demo-cases.ts). Ids are derived from labels (demo-ids.ts), so the
 * cases name fixed hashes and uuids; only timestamps move with referenceTime.
 */
import {
  DEMO_WORKSPACES,
  demoIds as ids,
  repoUuid,
  userUuid,
} from './demo-ids';
import { enableDemoPipelines } from './demo-credentials';
import { addAccessCases } from './demo-access-cases';
import { addDemoPipelines } from './demo-pipelines';
import { buildDemoPullRequests } from './demo-pull-requests';
import {
  addQuestionCases,
  questionCaseDeletedRepos,
} from './demo-question-cases';
import { DEMO_REPOS } from './demo-repositories';
import { CHILD_LISTINGS } from './listings/registry';
import {
  BbGroup,
  BbMembership,
  BbProject,
  BbRepo,
  BbUser,
  BbWorkspace,
  BitbucketData,
} from './model';
import { BuildContext } from './pull-request-builder';

const DAY = 24 * 60 * 60 * 1000;

const USERS: Array<[nickname: string, displayName: string]> = [
  ['alice', 'Alice Anders'],
  ['bob', 'Bob Brennan'],
  ['carol', 'Carol Chen'],
  ['dana', 'Dana Diaz'],
  ['frank', 'Frank Fischer'],
  ['erin', 'Erin Evans'],
  ['grace', 'Grace Gupta'],
  // Has a Bitbucket account but is a member of neither workspace: commits
  // authored by her count as "unknown author" (prior-art §3.5).
  ['mallory', 'Mallory Moss'],
];

export function buildDemoDataset(referenceTime: number): BitbucketData {
  const ago = (days: number): number => referenceTime - days * DAY;
  const u = userUuid;

  const users: BbUser[] = USERS.map(([nickname, displayName], index) => ({
    uuid: u(nickname),
    accountId: ids.hash(`account:${nickname}`).slice(0, 24),
    nickname,
    displayName,
    createdOn: ago(900 - index * 30),
  }));
  const userMap = new Map(users.map((user) => [user.uuid, user]));

  const workspaces: BbWorkspace[] = [
    {
      uuid: ids.uuid('workspace:acme-eng'),
      slug: DEMO_WORKSPACES.eng,
      name: 'ACME Engineering',
      isPrivate: true,
      createdOn: ago(1000),
      updatedOn: ago(30),
    },
    {
      uuid: ids.uuid('workspace:acme-labs'),
      slug: DEMO_WORKSPACES.labs,
      name: 'ACME Labs',
      isPrivate: false,
      createdOn: ago(700),
      updatedOn: ago(12),
    },
  ];

  const memberships: BbMembership[] = [
    ...(
      [
        ['alice', 'owner'],
        ['bob', 'member'],
        ['carol', 'collaborator'],
        ['dana', 'member'],
        ['frank', 'member'],
      ] as const
    ).map(([nickname, permission]) => ({
      workspaceSlug: DEMO_WORKSPACES.eng,
      userUuid: u(nickname),
      permission,
    })),
    // dana is a member of both workspaces.
    ...(
      [
        ['dana', 'owner'],
        ['erin', 'member'],
        ['grace', 'member'],
      ] as const
    ).map(([nickname, permission]) => ({
      workspaceSlug: DEMO_WORKSPACES.labs,
      userUuid: u(nickname),
      permission,
    })),
  ];

  // `developers` exists in both workspaces: group keys must be workspace-scoped.
  const groups: BbGroup[] = [
    {
      workspaceSlug: DEMO_WORKSPACES.eng,
      slug: 'developers',
      name: 'Developers',
      permission: 'write',
      autoAdd: false,
      ownerUuid: u('alice'),
      memberUuids: ['alice', 'bob', 'carol', 'frank'].map(u),
    },
    {
      workspaceSlug: DEMO_WORKSPACES.eng,
      slug: 'admins',
      name: 'Administrators',
      permission: 'admin',
      autoAdd: false,
      ownerUuid: u('alice'),
      memberUuids: [u('alice')],
    },
    {
      workspaceSlug: DEMO_WORKSPACES.eng,
      slug: 'release-managers',
      name: 'Release Managers',
      permission: null,
      autoAdd: false,
      ownerUuid: u('bob'),
      memberUuids: [u('bob'), u('dana')],
    },
    {
      workspaceSlug: DEMO_WORKSPACES.labs,
      slug: 'developers',
      name: 'Developers',
      permission: 'write',
      autoAdd: true,
      ownerUuid: u('dana'),
      memberUuids: ['dana', 'erin', 'grace'].map(u),
    },
  ];

  const projects: BbProject[] = [
    ['acme-eng', 'PLAT', 'Platform', 'Backend services', true, 600],
    ['acme-eng', 'WEB', 'Web', 'Customer-facing web', true, 500],
    [
      'acme-eng',
      'ARCH',
      'Archive',
      'Retired code (no repositories)',
      true,
      400,
    ],
    ['acme-labs', 'RND', 'Research', 'Public research work', false, 300],
  ].map(([workspaceSlug, key, name, description, isPrivate, days]) => ({
    workspaceSlug: workspaceSlug as string,
    uuid: ids.uuid(`project:${workspaceSlug}:${key}`),
    key: key as string,
    name: name as string,
    description: description as string,
    isPrivate: isPrivate as boolean,
    createdOn: ago(days as number),
    updatedOn: ago((days as number) / 10),
  }));

  let restrictionId = 100;
  const repos: BbRepo[] = DEMO_REPOS.map((seed, index) => ({
    workspaceSlug: seed.workspace,
    uuid: repoUuid(`${seed.workspace}/${seed.slug}`),
    slug: seed.slug,
    name: seed.name,
    description: seed.description,
    isPrivate: seed.isPrivate,
    projectKey: seed.projectKey,
    mainBranch: seed.mainBranch,
    parentUuid: seed.parent ? repoUuid(seed.parent) : undefined,
    language: seed.language,
    size: 1_048_576 + index * 65_536,
    forkPolicy: seed.isPrivate ? 'no_public_forks' : 'allow_forks',
    createdOn: ago(400 - index * 20),
    updatedOn: ago(index + 1),
    mainHead: '',
    adminForbidden: seed.adminForbidden ?? false,
    commitsWithoutParents: seed.commitsWithoutParents,
    userPermissions: seed.users.map(([nickname, permission]) => ({
      userUuid: u(nickname),
      permission,
    })),
    groupPermissions: seed.groups.map(([groupSlug, permission]) => ({
      groupSlug,
      permission,
    })),
    branchRestrictions: seed.restrictions.map((restriction) => ({
      ...restriction,
      id: restrictionId++,
    })),
  }));
  addQuestionCases(repos);
  enableDemoPipelines(repos);
  addAccessCases(projects, repos);
  const repo = (fullName: string): BbRepo => {
    const found = repos.find(
      (r) => `${r.workspaceSlug}/${r.slug}` === fullName,
    );
    if (!found) throw new Error(`demo repo ${fullName} missing`);
    return found;
  };

  const data: BitbucketData = {
    users,
    workspaces,
    memberships,
    groups,
    projects,
    repos,
    commits: [],
    pullRequests: [],
    listings: Object.fromEntries(
      CHILD_LISTINGS.map((l) => [l.name, l.demo(referenceTime)]),
    ),
  };
  const context: BuildContext = {
    ids,
    users: userMap,
    sink: data,
    nextCommentId: 5000,
  };
  buildDemoPullRequests(context, repo, referenceTime);
  data.deletedRepos = questionCaseDeletedRepos(repo);
  addDemoPipelines(data, referenceTime);
  return data;
}
