/**
 * The Bitbucket sandbox's in-memory dataset: compact records, not vendor JSON.
 * The simulator renders the vendor's shapes (render.ts) on request, so a large
 * dataset costs only these records (timestamps are epoch milliseconds).
 */

export interface BbUser {
  uuid: string;
  accountId: string;
  nickname: string;
  displayName: string;
  createdOn: number;
}

export type WorkspaceRole = 'owner' | 'collaborator' | 'member';

export interface BbWorkspace {
  uuid: string;
  slug: string;
  name: string;
  isPrivate: boolean;
  createdOn: number;
  updatedOn: number;
  /**
   * When true, `GET /workspaces/{workspace}/permissions/repositories` answers
   * 403 (the caller is no workspace admin; the endpoint is admin-only).
   */
  repositoryPermissionsForbidden?: boolean;
}

export interface BbMembership {
  workspaceSlug: string;
  userUuid: string;
  /** `GET /workspaces/{workspace}/permissions` role. */
  permission: WorkspaceRole;
}

/** A group as API 1.0 (`/1.0/groups/{workspace}`) describes it. */
export interface BbGroup {
  workspaceSlug: string;
  /** Unique only inside its workspace (Bitbucket's `full_slug` is `ws:slug`). */
  slug: string;
  name: string;
  /** Workspace-wide repository privilege granted by the group (1.0 field). */
  permission: 'read' | 'write' | 'admin' | null;
  autoAdd: boolean;
  ownerUuid: string;
  memberUuids: string[];
}

export type RepoPermission = 'read' | 'write' | 'admin';

/** Project permissions (`create-repo` is write plus creating repositories). */
export type ProjectPermission = RepoPermission | 'create-repo';

export interface BbProject {
  workspaceSlug: string;
  uuid: string;
  key: string;
  name: string;
  description: string;
  isPrivate: boolean;
  createdOn: number;
  updatedOn: number;
  /** Explicit project permissions, inherited by every repository of it. */
  userPermissions?: Array<{ userUuid: string; permission: ProjectPermission }>;
  groupPermissions?: Array<{
    groupSlug: string;
    permission: ProjectPermission;
  }>;
  /** Default reviewers of every pull request in the project's repositories. */
  defaultReviewerUuids?: string[];
  /** When true, the project's permissions-config answers 403. */
  adminForbidden?: boolean;
}

export interface BbBranchRestriction {
  id: number;
  kind: string;
  branchMatchKind: 'glob' | 'branching_model';
  pattern: string;
  branchType?: string;
  /** e.g. the minimum number of approvals of `require_approvals_to_merge`. */
  value?: number;
  userUuids: string[];
  groupSlugs: string[];
}

export interface BbRepo {
  workspaceSlug: string;
  uuid: string;
  slug: string;
  /** Display name; may differ from the slug ("My Service" vs `my-service`). */
  name: string;
  description: string;
  isPrivate: boolean;
  /** Project key inside the workspace; absent when the repo is in no project. */
  projectKey?: string;
  mainBranch: string;
  /** uuid of the repository this one was forked from. */
  parentUuid?: string;
  language: string;
  size: number;
  forkPolicy: 'allow_forks' | 'no_public_forks' | 'no_forks';
  createdOn: number;
  updatedOn: number;
  /** Head of the main branch (full hash). */
  mainHead: string;
  /**
   * When true, permissions-config and branch-restrictions answer 403 even to
   * a token holding repository:admin (the caller is not admin of this repo).
   */
  adminForbidden: boolean;
  /**
   * When true, this repository's commit listings omit `parents`, as real
   * answers do when listed with `fields` (issue 10's real payload shapes).
   */
  commitsWithoutParents?: boolean;
  /** `GET …/pipelines_config` `enabled` (default false). */
  pipelinesEnabled?: boolean;
  userPermissions: Array<{ userUuid: string; permission: RepoPermission }>;
  groupPermissions: Array<{ groupSlug: string; permission: RepoPermission }>;
  branchRestrictions: BbBranchRestriction[];
  /** Repository-level default reviewers (project ones add to them). */
  defaultReviewerUuids?: string[];
  /**
   * The effective branching model's development and production branches;
   * development absent = the main branch, production absent = disabled.
   */
  branchingModel?: { development?: string; production?: string };
}

export interface BbCommit {
  hash: string;
  /** Repository the commit was pushed to (a fork's commits live in the fork). */
  repoUuid: string;
  date: number;
  /** `Name <email>` as git recorded it. */
  authorRaw: string;
  /** Bitbucket account the author email maps to; absent for unknown emails. */
  authorUuid?: string;
  message: string;
  parents: string[];
}

export type PullRequestState = 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';

/** One entry of `GET …/pullrequests/{id}/activity` (stored newest first). */
export type BbActivity =
  | {
      kind: 'update';
      date: number;
      authorUuid: string;
      state: 'OPEN' | 'MERGED' | 'DECLINED';
      /** Full hashes; the vendor abbreviates them to 12 characters. */
      sourceCommit: string;
      destinationCommit: string;
    }
  | { kind: 'approval'; date: number; userUuid: string }
  | { kind: 'changes_requested'; date: number; userUuid: string }
  | {
      kind: 'comment';
      date: number;
      userUuid: string;
      commentId: number;
      text: string;
    };

export interface BbParticipant {
  userUuid: string;
  role: 'REVIEWER' | 'PARTICIPANT';
  approved: boolean;
  state: 'approved' | 'changes_requested' | null;
  participatedOn: number | null;
}

export interface BbPullRequest {
  /** Destination repository (where the PR lives and is addressed). */
  repoUuid: string;
  id: number;
  title: string;
  description: string;
  state: PullRequestState;
  draft: boolean;
  authorUuid: string;
  /** Differs from repoUuid for a PR from a fork. */
  sourceRepoUuid: string;
  sourceBranch: string;
  sourceCommit: string;
  destinationBranch: string;
  destinationCommit: string;
  mergeCommit?: string;
  closedByUuid?: string;
  reason?: string;
  closeSourceBranch: boolean;
  createdOn: number;
  updatedOn: number;
  commentCount: number;
  taskCount: number;
  participants: BbParticipant[];
  /** The PR's current commits, newest first (full hashes). */
  commitHashes: string[];
  /** Activity log, newest first. */
  activity: BbActivity[];
}

/** A deployment environment (`GET …/environments`). */
export interface BbEnvironment {
  repoUuid: string;
  uuid: string;
  name: string;
  /** Bitbucket's three environment types, ranked 0, 1, 2. */
  type: 'Test' | 'Staging' | 'Production';
  rank: number;
  /** "Only administrators can deploy to this environment". */
  adminOnly: boolean;
  /**
   * Its variables listing answers 403, as Bitbucket does for a caller who
   * may not administer the environment's variables.
   */
  variablesForbidden?: boolean;
}

/** A pipeline run (`GET …/pipelines`). */
export interface BbPipeline {
  repoUuid: string;
  uuid: string;
  buildNumber: number;
  /** May name an account that no longer exists (rendered as a former user). */
  creatorUuid: string;
  trigger: 'push' | 'manual' | 'schedule';
  target:
    | { kind: 'branch'; refName: string; commit: string }
    | {
        kind: 'pullrequest';
        pullRequestId: number;
        source: string;
        destination: string;
        commit: string;
      };
  state: 'COMPLETED' | 'IN_PROGRESS';
  result?: 'SUCCESSFUL' | 'FAILED' | 'STOPPED';
  createdOn: number;
  completedOn?: number;
  buildSecondsUsed: number;
}

/** A deployment (`GET …/deployments`): a release of a pipeline to an environment. */
export interface BbDeployment {
  repoUuid: string;
  uuid: string;
  number: number;
  environmentUuid: string;
  pipelineUuid: string;
  commit: string;
  /** The release name Bitbucket shows: the pipeline's `#build_number`. */
  releaseName: string;
  status: 'SUCCESSFUL' | 'FAILED';
  startedOn: number;
  completedOn: number;
  deployerUuid: string;
}

export interface BitbucketData {
  /** Every account, including non-members that only author commits. */
  users: BbUser[];
  workspaces: BbWorkspace[];
  memberships: BbMembership[];
  groups: BbGroup[];
  projects: BbProject[];
  repos: BbRepo[];
  commits: BbCommit[];
  pullRequests: BbPullRequest[];
  /**
   * Forks deleted after a pull request was opened from them: the pull
   * request and its activity still name them, no endpoint serves them, and
   * the pull request's commits answer 404.
   */
  deletedRepos?: BbRepo[];
  /** Bitbucket Pipelines (absent: every repository answers empty lists). */
  environments?: BbEnvironment[];
  pipelines?: BbPipeline[];
  deployments?: BbDeployment[];
  /**
   * Records of the child listings (listings/registry.ts) by listing name:
   * deploy keys, webhooks, Pipelines variables, ...
   */
  listings?: Record<string, unknown[]>;
}
