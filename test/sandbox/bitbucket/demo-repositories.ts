/** The demo's repositories: every repository shape the integration meets. */
import { DEMO_WORKSPACES, eng, userUuid } from './demo-ids';
import { BbBranchRestriction, RepoPermission } from './model';

export interface RepoSeed {
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
  commitsWithoutParents?: boolean;
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

export const DEMO_REPOS: RepoSeed[] = [
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
    // Its commits come without `parents`, as real listings sometimes do.
    commitsWithoutParents: true,
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
