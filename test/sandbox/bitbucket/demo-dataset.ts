/**
 * The hand-written `demo` dataset: small, but every entity and relationship
 * type the integration ingests, plus the hard cases of the PR-approval
 * analysis (prior-art §3). Ids are derived from labels (ids.ts), so the cases
 * below name fixed hashes and uuids; only timestamps move with referenceTime.
 */
import { labelIds } from './ids';
import {
  BbBranchRestriction,
  BbGroup,
  BbMembership,
  BbProject,
  BbRepo,
  BbUser,
  BbWorkspace,
  BitbucketData,
  RepoPermission,
} from './model';
import {
  buildRepositoryHistory,
  BuildContext,
  CommitSpec,
  PrPlan,
} from './pull-request-builder';

const ids = labelIds('bitbucket-demo');
const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

const userUuid = (nickname: string): string => ids.uuid(`user:${nickname}`);
const repoUuid = (fullName: string): string => ids.uuid(`repo:${fullName}`);
const prCommit = (fullName: string, id: number, label: string): string =>
  ids.hash(`${fullName}#${id}:${label}`);

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

/** Raw author of the commit that maps to no Bitbucket account at all. */
const CONTRACTOR_RAW = 'Contractor Bot <build@contractor.example>';

export const DEMO_WORKSPACES = {
  eng: 'acme-eng',
  labs: 'acme-labs',
} as const;

/** The approval analysis the integration must compute for a PR. */
export interface ExpectedApprovalAnalysis {
  approved: boolean;
  validated: boolean;
  approvedCommitsRemoved: boolean;
  /** The PR's current commits, newest first (full hashes). */
  commits: string[];
  /** Subsets of `commits`, in the same order, without duplicates. */
  commitsApproved: string[];
  commitsNotApproved: string[];
  commitsByUnknownAuthor: string[];
  /** Everyone who approved (self-approvers included), sorted, no duplicates. */
  approverIds: string[];
}

export interface DemoApprovalCase {
  name: string;
  description: string;
  workspace: string;
  repoSlug: string;
  repoUuid: string;
  pullRequestId: number;
  expected: ExpectedApprovalAnalysis;
}

const eng = (slug: string): string => `${DEMO_WORKSPACES.eng}/${slug}`;

/**
 * The hard cases. Hashes and uuids are fixed; `expected` follows prior-art §3:
 * an approval binds to the (source head, destination) range current when it
 * was given, and a commit counts as approved only if someone other than its
 * author approved a range containing it.
 */
export const DEMO_BITBUCKET_CASES: DemoApprovalCase[] = [
  {
    name: 'approved-by-other-member',
    description:
      'alice pushes two commits, bob approves: every commit approved by someone else. The repo name "My Service" differs from its slug.',
    workspace: DEMO_WORKSPACES.eng,
    repoSlug: 'my-service',
    repoUuid: repoUuid(eng('my-service')),
    pullRequestId: 1,
    expected: {
      approved: true,
      validated: true,
      approvedCommitsRemoved: false,
      commits: [
        prCommit(eng('my-service'), 1, 'c2'),
        prCommit(eng('my-service'), 1, 'c1'),
      ],
      commitsApproved: [
        prCommit(eng('my-service'), 1, 'c2'),
        prCommit(eng('my-service'), 1, 'c1'),
      ],
      commitsNotApproved: [],
      commitsByUnknownAuthor: [],
      approverIds: [userUuid('bob')],
    },
  },
  {
    name: 'self-approved',
    description:
      'frank pushes one commit and is the only approver: an author cannot approve their own commit.',
    workspace: DEMO_WORKSPACES.eng,
    repoSlug: 'my-service',
    repoUuid: repoUuid(eng('my-service')),
    pullRequestId: 2,
    expected: {
      approved: false,
      validated: true,
      approvedCommitsRemoved: false,
      commits: [prCommit(eng('my-service'), 2, 'c1')],
      commitsApproved: [],
      commitsNotApproved: [prCommit(eng('my-service'), 2, 'c1')],
      commitsByUnknownAuthor: [],
      approverIds: [userUuid('frank')],
    },
  },
  {
    name: 'commit-after-approval',
    description:
      "bob approves carol's first commit; carol then pushes a second one nobody approved (Bitbucket keeps the approval: the participant still shows approved=true).",
    workspace: DEMO_WORKSPACES.eng,
    repoSlug: 'my-service',
    repoUuid: repoUuid(eng('my-service')),
    pullRequestId: 3,
    expected: {
      approved: false,
      validated: true,
      approvedCommitsRemoved: false,
      commits: [
        prCommit(eng('my-service'), 3, 'c2'),
        prCommit(eng('my-service'), 3, 'c1'),
      ],
      commitsApproved: [prCommit(eng('my-service'), 3, 'c1')],
      commitsNotApproved: [prCommit(eng('my-service'), 3, 'c2')],
      commitsByUnknownAuthor: [],
      approverIds: [userUuid('bob')],
    },
  },
  {
    name: 'force-push-after-approval',
    description:
      "alice approves bob's two commits; bob force-pushes two rewritten commits: the approved range no longer exists and the new commits are unapproved.",
    workspace: DEMO_WORKSPACES.eng,
    repoSlug: 'web-app',
    repoUuid: repoUuid(eng('web-app')),
    pullRequestId: 2,
    expected: {
      approved: false,
      validated: true,
      approvedCommitsRemoved: true,
      commits: [
        prCommit(eng('web-app'), 2, 'c2-rewritten'),
        prCommit(eng('web-app'), 2, 'c1-rewritten'),
      ],
      commitsApproved: [],
      commitsNotApproved: [
        prCommit(eng('web-app'), 2, 'c2-rewritten'),
        prCommit(eng('web-app'), 2, 'c1-rewritten'),
      ],
      commitsByUnknownAuthor: [],
      approverIds: [userUuid('alice')],
    },
  },
  {
    name: 'unknown-commit-authors',
    description:
      "bob's PR holds a commit by a non-member account (mallory) and one whose email maps to no account (raw author only); alice approves. The raw-only commit can never count as approved; the non-member one is approved by someone else but still unknown.",
    workspace: DEMO_WORKSPACES.eng,
    repoSlug: 'api-gateway',
    repoUuid: repoUuid(eng('api-gateway')),
    pullRequestId: 1,
    expected: {
      approved: false,
      validated: false,
      approvedCommitsRemoved: false,
      commits: [
        prCommit(eng('api-gateway'), 1, 'c3'),
        prCommit(eng('api-gateway'), 1, 'c2'),
        prCommit(eng('api-gateway'), 1, 'c1'),
      ],
      commitsApproved: [
        prCommit(eng('api-gateway'), 1, 'c3'),
        prCommit(eng('api-gateway'), 1, 'c1'),
      ],
      commitsNotApproved: [prCommit(eng('api-gateway'), 1, 'c2')],
      commitsByUnknownAuthor: [
        prCommit(eng('api-gateway'), 1, 'c3'),
        prCommit(eng('api-gateway'), 1, 'c2'),
      ],
      approverIds: [userUuid('alice')],
    },
  },
  {
    name: 'pr-from-fork',
    description:
      'dana opens a PR from acme-labs/web-app-fork (named "Web App Labs Fork") into acme-eng/web-app; alice approves. Activity and commits are served on the destination repo.',
    workspace: DEMO_WORKSPACES.eng,
    repoSlug: 'web-app',
    repoUuid: repoUuid(eng('web-app')),
    pullRequestId: 3,
    expected: {
      approved: true,
      validated: true,
      approvedCommitsRemoved: false,
      commits: [
        prCommit(eng('web-app'), 3, 'c2'),
        prCommit(eng('web-app'), 3, 'c1'),
      ],
      commitsApproved: [
        prCommit(eng('web-app'), 3, 'c2'),
        prCommit(eng('web-app'), 3, 'c1'),
      ],
      commitsNotApproved: [],
      commitsByUnknownAuthor: [],
      approverIds: [userUuid('alice')],
    },
  },
];

interface RepoSeed {
  workspace: string;
  slug: string;
  name: string;
  description: string;
  isPrivate: boolean;
  projectKey?: string;
  mainBranch: string;
  parent?: string;
  language: string;
  adminForbidden?: boolean;
  users: Array<[nickname: string, permission: RepoPermission]>;
  groups: Array<[slug: string, permission: RepoPermission]>;
  restrictions: Array<Omit<BbBranchRestriction, 'id'>>;
}

const approvals = (value: number, pattern: string) => ({
  kind: 'require_approvals_to_merge',
  branchMatchKind: 'glob' as const,
  pattern,
  value,
  userUuids: [],
  groupSlugs: [],
});

const REPOS: RepoSeed[] = [
  {
    workspace: DEMO_WORKSPACES.eng,
    slug: 'my-service',
    // The older integration addressed repos by name and broke on this one.
    name: 'My Service',
    description: 'Core service',
    isPrivate: true,
    projectKey: 'PLAT',
    mainBranch: 'main',
    language: 'typescript',
    users: [
      ['alice', 'admin'],
      ['bob', 'write'],
      ['carol', 'read'],
    ],
    groups: [
      ['developers', 'write'],
      ['admins', 'admin'],
    ],
    restrictions: [
      approvals(2, 'main'),
      {
        kind: 'push',
        branchMatchKind: 'glob',
        pattern: 'main',
        userUuids: [userUuid('alice')],
        groupSlugs: ['admins'],
      },
      {
        kind: 'force',
        branchMatchKind: 'glob',
        pattern: 'main',
        userUuids: [],
        groupSlugs: [],
      },
    ],
  },
  {
    workspace: DEMO_WORKSPACES.eng,
    slug: 'web-app',
    name: 'web-app',
    description: 'Customer web application',
    isPrivate: true,
    projectKey: 'WEB',
    mainBranch: 'master',
    language: 'javascript',
    users: [
      ['dana', 'write'],
      ['frank', 'read'],
    ],
    groups: [
      ['developers', 'write'],
      ['release-managers', 'admin'],
    ],
    restrictions: [
      approvals(2, 'master'),
      {
        kind: 'require_passing_builds_to_merge',
        branchMatchKind: 'glob',
        pattern: 'master',
        value: 1,
        userUuids: [],
        groupSlugs: [],
      },
      {
        kind: 'delete',
        branchMatchKind: 'branching_model',
        pattern: '',
        branchType: 'production',
        userUuids: [],
        groupSlugs: [],
      },
      {
        kind: 'push',
        branchMatchKind: 'glob',
        pattern: 'release/*',
        userUuids: [userUuid('bob')],
        groupSlugs: ['release-managers'],
      },
    ],
  },
  {
    workspace: DEMO_WORKSPACES.eng,
    slug: 'api-gateway',
    name: 'api-gateway',
    description: 'Edge API gateway',
    isPrivate: true,
    projectKey: 'PLAT',
    mainBranch: 'main',
    language: 'go',
    users: [['bob', 'admin']],
    groups: [['developers', 'read']],
    restrictions: [
      approvals(2, 'main'),
      {
        kind: 'require_no_changes_requested',
        branchMatchKind: 'glob',
        pattern: 'main',
        userUuids: [],
        groupSlugs: [],
      },
    ],
  },
  {
    workspace: DEMO_WORKSPACES.eng,
    slug: 'legacy-billing',
    name: 'legacy-billing',
    description: 'Billing monolith (the integration user is not its admin)',
    isPrivate: true,
    projectKey: 'PLAT',
    mainBranch: 'master',
    language: 'java',
    adminForbidden: true,
    users: [['alice', 'admin']],
    groups: [],
    restrictions: [approvals(1, 'master')],
  },
  {
    workspace: DEMO_WORKSPACES.eng,
    slug: 'docs-site',
    name: 'docs-site',
    description: 'Public documentation (in no project)',
    isPrivate: false,
    mainBranch: 'main',
    language: 'markdown',
    users: [],
    groups: [],
    restrictions: [],
  },
  {
    workspace: DEMO_WORKSPACES.labs,
    slug: 'experiments',
    name: 'experiments',
    description: 'Public playground: main has no approval restriction',
    isPrivate: false,
    projectKey: 'RND',
    mainBranch: 'main',
    language: 'python',
    users: [['erin', 'write']],
    groups: [['developers', 'write']],
    restrictions: [
      {
        kind: 'force',
        branchMatchKind: 'glob',
        pattern: 'main',
        userUuids: [],
        groupSlugs: [],
      },
    ],
  },
  {
    workspace: DEMO_WORKSPACES.labs,
    slug: 'web-app-fork',
    name: 'Web App Labs Fork',
    description: 'Fork of acme-eng/web-app',
    isPrivate: true,
    projectKey: 'RND',
    mainBranch: 'master',
    parent: eng('web-app'),
    language: 'javascript',
    users: [['dana', 'admin']],
    groups: [],
    restrictions: [],
  },
  {
    workspace: DEMO_WORKSPACES.labs,
    slug: 'ml-notebooks',
    name: 'ml-notebooks',
    description: 'Notebooks',
    isPrivate: true,
    projectKey: 'RND',
    mainBranch: 'main',
    language: 'python',
    users: [['grace', 'write']],
    groups: [['developers', 'admin']],
    restrictions: [approvals(1, 'main')],
  },
];

export function buildDemoDataset(referenceTime: number): BitbucketData {
  const ago = (days: number, hours = 0): number =>
    referenceTime - days * DAY + hours * HOUR;
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
  const repos: BbRepo[] = REPOS.map((seed, index) => ({
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
  };
  const context: BuildContext = {
    ids,
    users: userMap,
    sink: data,
    nextCommentId: 5000,
  };
  const by = (
    nickname: string,
    label: string,
    message: string,
  ): CommitSpec => ({
    label,
    author: { uuid: u(nickname) },
    message,
  });
  const base = (nickname: string): CommitSpec[] => [
    by(nickname, 'base-1', 'Initial commit'),
    by(nickname, 'base-2', 'Add build configuration'),
    by(nickname, 'base-3', 'Add README'),
  ];
  const plan = (
    fullName: string,
    id: number,
    fields: Partial<PrPlan> & Pick<PrPlan, 'title' | 'authorUuid' | 'events'>,
  ): PrPlan => ({
    repo: repo(fullName),
    sourceRepo: repo(fullName),
    id,
    description: `${fields.title}.`,
    sourceBranch: `feature/pr-${id}`,
    draft: false,
    reviewerUuids: [],
    closeSourceBranch: true,
    taskCount: 0,
    ...fields,
  });

  const myService = eng('my-service');
  buildRepositoryHistory(context, repo(myService), base('alice'), ago(380), [
    plan(myService, 1, {
      title: 'Add rate limiting',
      authorUuid: u('alice'),
      sourceBranch: 'feature/rate-limiting',
      reviewerUuids: [u('bob'), u('carol')],
      events: [
        {
          kind: 'push',
          at: ago(10),
          byUuid: u('alice'),
          commits: [
            by('alice', 'c1', 'Add token bucket'),
            by('alice', 'c2', 'Wire rate limiter into router'),
          ],
        },
        { kind: 'approve', at: ago(9), userUuid: u('bob') },
        {
          kind: 'comment',
          at: ago(9, 2),
          userUuid: u('carol'),
          text: 'Looks good; maybe log rejections?',
        },
      ],
    }),
    plan(myService, 2, {
      title: 'Bump dependencies',
      authorUuid: u('frank'),
      sourceBranch: 'chore/bump-deps',
      reviewerUuids: [u('alice')],
      taskCount: 1,
      events: [
        {
          kind: 'push',
          at: ago(8),
          byUuid: u('frank'),
          commits: [by('frank', 'c1', 'Bump dependencies')],
        },
        { kind: 'approve', at: ago(8, 1), userUuid: u('frank') },
      ],
    }),
    plan(myService, 3, {
      title: 'Cache tenant lookups',
      authorUuid: u('carol'),
      sourceBranch: 'feature/tenant-cache',
      reviewerUuids: [u('bob')],
      events: [
        {
          kind: 'push',
          at: ago(7),
          byUuid: u('carol'),
          commits: [by('carol', 'c1', 'Cache tenant lookups')],
        },
        { kind: 'approve', at: ago(6), userUuid: u('bob') },
        {
          kind: 'push',
          at: ago(5),
          byUuid: u('carol'),
          commits: [by('carol', 'c2', 'Tune cache TTL')],
        },
      ],
    }),
    plan(myService, 4, {
      title: 'Add health endpoint',
      authorUuid: u('bob'),
      sourceBranch: 'feature/health',
      reviewerUuids: [u('alice'), u('carol')],
      events: [
        {
          kind: 'push',
          at: ago(30),
          byUuid: u('bob'),
          commits: [by('bob', 'c1', 'Add /health')],
        },
        { kind: 'approve', at: ago(29), userUuid: u('alice') },
        { kind: 'approve', at: ago(29, 2), userUuid: u('carol') },
        { kind: 'merge', at: ago(28), userUuid: u('alice') },
      ],
    }),
    plan(myService, 5, {
      title: 'Rewrite config loader',
      authorUuid: u('frank'),
      sourceBranch: 'feature/config-loader',
      closeSourceBranch: false,
      events: [
        {
          kind: 'push',
          at: ago(20),
          byUuid: u('frank'),
          commits: [by('frank', 'c1', 'New config loader')],
        },
        {
          kind: 'comment',
          at: ago(19, 20),
          userUuid: u('alice'),
          text: 'We agreed to keep the old loader.',
        },
        {
          kind: 'decline',
          at: ago(19),
          userUuid: u('alice'),
          reason: 'Keeping the current loader',
        },
      ],
    }),
    plan(myService, 6, {
      title: 'Initial service skeleton',
      authorUuid: u('alice'),
      sourceBranch: 'feature/skeleton',
      reviewerUuids: [u('bob')],
      events: [
        {
          kind: 'push',
          at: ago(151),
          byUuid: u('alice'),
          commits: [by('alice', 'c1', 'Service skeleton')],
        },
        { kind: 'approve', at: ago(150, 12), userUuid: u('bob') },
        { kind: 'merge', at: ago(150), userUuid: u('alice') },
      ],
    }),
  ]);

  const webApp = eng('web-app');
  buildRepositoryHistory(context, repo(webApp), base('dana'), ago(360), [
    plan(webApp, 1, {
      title: 'WIP: new checkout flow',
      authorUuid: u('dana'),
      sourceBranch: 'feature/checkout',
      draft: true,
      events: [
        {
          kind: 'push',
          at: ago(2),
          byUuid: u('dana'),
          commits: [by('dana', 'c1', 'Checkout flow scaffolding')],
        },
      ],
    }),
    plan(webApp, 2, {
      title: 'Refactor session handling',
      authorUuid: u('bob'),
      sourceBranch: 'feature/sessions',
      reviewerUuids: [u('alice')],
      events: [
        {
          kind: 'push',
          at: ago(12),
          byUuid: u('bob'),
          commits: [
            by('bob', 'c1', 'Extract session store'),
            by('bob', 'c2', 'Use session store in middleware'),
          ],
        },
        { kind: 'approve', at: ago(11), userUuid: u('alice') },
        {
          kind: 'force-push',
          at: ago(10),
          byUuid: u('bob'),
          commits: [
            by('bob', 'c1-rewritten', 'Extract session store (rebased)'),
            by('bob', 'c2-rewritten', 'Use session store everywhere'),
          ],
        },
      ],
    }),
    plan(webApp, 3, {
      title: 'Dark mode',
      authorUuid: u('dana'),
      // Opened from the fork in the other workspace.
      sourceRepo: repo(`${DEMO_WORKSPACES.labs}/web-app-fork`),
      sourceBranch: 'feature/dark-mode',
      reviewerUuids: [u('alice')],
      events: [
        {
          kind: 'push',
          at: ago(5),
          byUuid: u('dana'),
          commits: [
            by('dana', 'c1', 'Add dark palette'),
            by('dana', 'c2', 'Theme switcher'),
          ],
        },
        { kind: 'approve', at: ago(4), userUuid: u('alice') },
      ],
    }),
    plan(webApp, 4, {
      title: 'Accessibility fixes',
      authorUuid: u('carol'),
      sourceBranch: 'fix/a11y',
      reviewerUuids: [u('bob'), u('alice')],
      events: [
        {
          kind: 'push',
          at: ago(16),
          byUuid: u('carol'),
          commits: [
            by('carol', 'c1', 'Label form inputs'),
            by('carol', 'c2', 'Fix contrast'),
          ],
        },
        { kind: 'approve', at: ago(15, 6), userUuid: u('bob') },
        { kind: 'approve', at: ago(15, 8), userUuid: u('alice') },
        { kind: 'merge', at: ago(15), userUuid: u('bob') },
      ],
    }),
    plan(webApp, 5, {
      title: 'Old analytics integration',
      authorUuid: u('frank'),
      sourceBranch: 'feature/analytics',
      events: [
        {
          kind: 'push',
          at: ago(41),
          byUuid: u('frank'),
          commits: [by('frank', 'c1', 'Analytics snippet')],
        },
        { kind: 'supersede', at: ago(40), userUuid: u('frank') },
      ],
    }),
    plan(webApp, 6, {
      title: 'Bootstrap the app',
      authorUuid: u('dana'),
      sourceBranch: 'feature/bootstrap',
      reviewerUuids: [u('carol')],
      events: [
        {
          kind: 'push',
          at: ago(201),
          byUuid: u('dana'),
          commits: [by('dana', 'c1', 'Bootstrap')],
        },
        { kind: 'approve', at: ago(200, 12), userUuid: u('carol') },
        { kind: 'merge', at: ago(200), userUuid: u('dana') },
      ],
    }),
  ]);

  const gateway = eng('api-gateway');
  buildRepositoryHistory(context, repo(gateway), base('bob'), ago(340), [
    plan(gateway, 1, {
      title: 'Vendor SDK upgrade',
      authorUuid: u('bob'),
      sourceBranch: 'feature/sdk-upgrade',
      reviewerUuids: [u('alice')],
      events: [
        {
          kind: 'push',
          at: ago(6),
          byUuid: u('bob'),
          commits: [
            by('bob', 'c1', 'Prepare SDK upgrade'),
            {
              label: 'c2',
              author: { raw: CONTRACTOR_RAW },
              message: 'Regenerate SDK bindings',
            },
            by('mallory', 'c3', 'Patch generated client'),
          ],
        },
        { kind: 'approve', at: ago(5), userUuid: u('alice') },
      ],
    }),
    plan(gateway, 2, {
      title: 'Experimental HTTP/3',
      authorUuid: u('carol'),
      sourceBranch: 'spike/http3',
      events: [
        {
          kind: 'push',
          at: ago(26),
          byUuid: u('carol'),
          commits: [by('carol', 'c1', 'HTTP/3 spike')],
        },
        {
          kind: 'decline',
          at: ago(25),
          userUuid: u('bob'),
          reason: 'Not now',
        },
      ],
    }),
    plan(gateway, 3, {
      title: 'Timeout tuning',
      authorUuid: u('frank'),
      sourceBranch: 'fix/timeouts',
      reviewerUuids: [u('carol'), u('bob')],
      events: [
        {
          kind: 'push',
          at: ago(3),
          byUuid: u('frank'),
          commits: [by('frank', 'c1', 'Lower upstream timeout')],
        },
        { kind: 'request-changes', at: ago(2, 4), userUuid: u('carol') },
        {
          kind: 'comment',
          at: ago(2, 5),
          userUuid: u('carol'),
          text: 'Needs a test.',
        },
      ],
    }),
  ]);

  const billing = eng('legacy-billing');
  buildRepositoryHistory(context, repo(billing), base('alice'), ago(390), [
    plan(billing, 1, {
      title: 'Invoice rounding fix',
      authorUuid: u('alice'),
      sourceBranch: 'fix/rounding',
      reviewerUuids: [u('bob')],
      events: [
        {
          kind: 'push',
          at: ago(61),
          byUuid: u('alice'),
          commits: [by('alice', 'c1', 'Round half even')],
        },
        { kind: 'approve', at: ago(60, 6), userUuid: u('bob') },
        { kind: 'merge', at: ago(60), userUuid: u('alice') },
      ],
    }),
    plan(billing, 2, {
      title: 'Migrate to new tax API',
      authorUuid: u('bob'),
      sourceBranch: 'feature/tax-api',
      // Still open, but untouched for longer than the 90-day lookback.
      events: [
        {
          kind: 'push',
          at: ago(100),
          byUuid: u('bob'),
          commits: [by('bob', 'c1', 'Tax API client')],
        },
      ],
    }),
  ]);

  const docs = eng('docs-site');
  buildRepositoryHistory(context, repo(docs), base('alice'), ago(300), [
    plan(docs, 1, {
      title: 'Document rate limits',
      authorUuid: u('alice'),
      sourceBranch: 'docs/rate-limits',
      reviewerUuids: [u('frank')],
      events: [
        {
          kind: 'push',
          at: ago(6),
          byUuid: u('alice'),
          commits: [by('alice', 'c1', 'Rate limit docs')],
        },
        { kind: 'approve', at: ago(5, 12), userUuid: u('frank') },
        { kind: 'merge', at: ago(5), userUuid: u('alice') },
      ],
    }),
  ]);

  const labs = (slug: string): string => `${DEMO_WORKSPACES.labs}/${slug}`;
  buildRepositoryHistory(
    context,
    repo(labs('experiments')),
    base('erin'),
    ago(280),
    [
      plan(labs('experiments'), 1, {
        title: 'Try new tokenizer',
        authorUuid: u('erin'),
        sourceBranch: 'spike/tokenizer',
        events: [
          {
            kind: 'push',
            at: ago(1),
            byUuid: u('erin'),
            commits: [by('erin', 'c1', 'Tokenizer experiment')],
          },
        ],
      }),
      plan(labs('experiments'), 2, {
        title: 'Seed notebook',
        authorUuid: u('grace'),
        sourceBranch: 'feature/seed',
        events: [
          {
            kind: 'push',
            at: ago(121),
            byUuid: u('grace'),
            commits: [by('grace', 'c1', 'Seed notebook')],
          },
          // No approval restriction on main: merged unreviewed.
          { kind: 'merge', at: ago(120), userUuid: u('grace') },
        ],
      }),
    ],
  );

  // The fork starts at web-app's history; its own main line is not modelled
  // beyond the commit it was forked from.
  repo(labs('web-app-fork')).mainHead = repo(webApp).mainHead;

  const notebooks = labs('ml-notebooks');
  buildRepositoryHistory(context, repo(notebooks), base('dana'), ago(260), [
    plan(notebooks, 1, {
      title: 'Training pipeline',
      authorUuid: u('dana'),
      sourceBranch: 'feature/training',
      reviewerUuids: [u('erin')],
      events: [
        {
          kind: 'push',
          at: ago(46),
          byUuid: u('dana'),
          commits: [
            by('dana', 'c1', 'Training loop'),
            by('grace', 'c2', 'Metrics'),
          ],
        },
        { kind: 'approve', at: ago(45, 6), userUuid: u('erin') },
        { kind: 'merge', at: ago(45), userUuid: u('dana') },
      ],
    }),
    plan(notebooks, 2, {
      title: 'GPU scheduling',
      authorUuid: u('grace'),
      sourceBranch: 'feature/gpu',
      events: [
        {
          kind: 'push',
          at: ago(96),
          byUuid: u('grace'),
          commits: [by('grace', 'c1', 'GPU scheduler')],
        },
        {
          kind: 'decline',
          at: ago(95),
          userUuid: u('dana'),
          reason: 'Moved to the platform team',
        },
      ],
    }),
  ]);

  return data;
}
