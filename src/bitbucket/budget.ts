import { PAGELEN } from './client/client';

/**
 * Requests one Bitbucket run makes, as a function of workspace size. This is
 * the formula docs/jupiterone.md explains (Bitbucket, Request budget); test/bitbucket-budget.test.ts
 * checks it against the requests the sandbox counts.
 */

export interface WorkspaceSize {
  members: number;
  projects: number;
  repos: number;
  /** Effective (user, repository) permissions above read (default 0). */
  effectiveWriteGrants?: number;
}

export interface ProjectSize {
  userPermissions: number;
  groupPermissions: number;
}

export interface RepoSize {
  groupPermissions: number;
  userPermissions: number;
  branchRestrictions: number;
  /** PRs whose updated_on falls in the run's window. */
  pullRequestsInWindow: number;
  /** The credential is not admin here: each admin listing stops at one 403. */
  adminForbidden?: boolean;
  /** Effective default reviewers (project and repository ones). */
  defaultReviewers?: number;
  /**
   * A branch-type restriction (and a main branch): the posture reads the
   * effective branching model.
   */
  branchTypeRestrictions?: boolean;
}

export interface PullRequestSize {
  activity: number;
  commits: number;
}

export interface RunSize {
  /** OAuth consumers (one token each); an API token needs none. */
  oauthConsumers: number;
  workspaces: WorkspaceSize[];
  repos: RepoSize[];
  /** Every project's explicit permissions (default: none listed). */
  projects?: ProjectSize[];
  /** Only the PRs in the window. */
  pullRequests: PullRequestSize[];
  /** Whether repository:admin is granted (else no admin listings). */
  adminScope?: boolean;
  /** Whether project:admin is granted (else no project permissions). */
  projectAdminScope?: boolean;
  ingestPullRequests?: boolean;
}

/** Pages of a listing: an empty listing still costs one request. */
export function pages(items: number, pagelen: number): number {
  return Math.max(1, Math.ceil(items / pagelen));
}

export function estimateBitbucketRequests(size: RunSize): number {
  const p = PAGELEN;
  let total = size.oauthConsumers;
  for (const ws of size.workspaces) {
    total +=
      1 + // GET /workspaces/{workspace}
      pages(ws.members, p.default) +
      pages(ws.projects, p.default) +
      pages(ws.repos, p.default) +
      1 + // GET /1.0/groups/{workspace} (one unpaginated answer)
      // GET /workspaces/{workspace}/permissions/repositories?q=permission>"read"
      pages(ws.effectiveWriteGrants ?? 0, p.default);
  }
  if (size.projectAdminScope !== false) {
    for (const project of size.projects ?? []) {
      total +=
        pages(project.groupPermissions, p.default) +
        pages(project.userPermissions, p.default);
    }
  }
  for (const repo of size.repos) {
    if (size.adminScope !== false) {
      total += repo.adminForbidden
        ? 2 // permissions-config/groups and branch-restrictions answer 403
        : pages(repo.groupPermissions, p.default) +
          pages(repo.userPermissions, p.default) +
          pages(repo.branchRestrictions, p.default) +
          (repo.branchTypeRestrictions ? 1 : 0); // effective-branching-model
    }
    // GET …/effective-default-reviewers
    total += pages(repo.defaultReviewers ?? 0, p.default);
    if (size.ingestPullRequests !== false) {
      total += pages(repo.pullRequestsInWindow, p.pullRequests);
    }
  }
  if (size.ingestPullRequests !== false) {
    for (const pr of size.pullRequests) {
      total += pages(pr.activity, p.activity) + pages(pr.commits, p.commits);
    }
  }
  return total;
}
