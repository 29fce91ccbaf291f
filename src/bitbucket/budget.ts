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
  /** Deploy keys per project (default: none, one page each). */
  projectDeployKeys?: number[];
  /** Workspace webhooks and Pipelines variables (default 0: one page each). */
  webhooks?: number;
  pipelineVariables?: number;
}

export interface ProjectSize {
  userPermissions: number;
  groupPermissions: number;
}

export interface RepoSize {
  groupPermissions: number;
  userPermissions: number;
  branchRestrictions: number;
  /** Deploy keys, webhooks, Pipelines variables (default 0: one page each). */
  deployKeys?: number;
  webhooks?: number;
  pipelineVariables?: number;
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
  /**
   * Pipelines: runs listed (newest first) and those created in the window;
   * the listing stops at the page holding the first older run.
   */
  pipelines?: number;
  pipelinesInWindow?: number;
  environments?: number;
  /**
   * Variables per deployment environment (default: none, one page each; a
   * 403 is one request too).
   */
  environmentVariables?: number[];
  /** Deployments (newest first) and those started in the window. */
  deployments?: number;
  deploymentsInWindow?: number;
}

export interface PullRequestSize {
  activity: number;
  commits: number;
}

export interface RunSize {
  /** OAuth consumers (one token each); an API token needs none. */
  oauthConsumers: number;
  /** Access tokens: validation checks each with one repository listing. */
  accessTokens?: number;
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
  /** Whether the Pipelines source is on (default true). */
  ingestPipelines?: boolean;
}

/** Pages of a listing: an empty listing still costs one request. */
export function pages(items: number, pagelen: number): number {
  return Math.max(1, Math.ceil(items / pagelen));
}

/**
 * Pages of a newest-first listing read until its first item older than the
 * window: all of them when every item is in the window, else up to the page
 * holding that first older item.
 */
export function pagesUntilWindow(
  listed: number,
  inWindow: number,
  pagelen: number,
): number {
  if (inWindow >= listed) return pages(listed, pagelen);
  return Math.floor(inWindow / pagelen) + 1;
}

export function estimateBitbucketRequests(size: RunSize): number {
  const p = PAGELEN;
  let total = size.oauthConsumers + (size.accessTokens ?? 0);
  for (const ws of size.workspaces) {
    total +=
      1 + // GET /workspaces/{workspace}
      pages(ws.members, p.default) +
      pages(ws.projects, p.default) +
      pages(ws.repos, p.default) +
      1 + // GET /1.0/groups/{workspace} (one unpaginated answer)
      // GET /workspaces/{workspace}/permissions/repositories?q=permission>"read"
      pages(ws.effectiveWriteGrants ?? 0, p.default);
    // GET /workspaces/{workspace}/projects/{project_key}/deploy-keys
    const projectKeys =
      ws.projectDeployKeys ?? Array.from({ length: ws.projects }, () => 0);
    total += projectKeys.reduce((sum, n) => sum + pages(n, p.default), 0);
    // GET /workspaces/{workspace}/hooks and …/pipelines-config/variables
    total += pages(ws.webhooks ?? 0, p.default);
    total += pages(ws.pipelineVariables ?? 0, p.default);
  }
  if (size.projectAdminScope !== false) {
    // GET …/projects/{project_key}/permissions-config/groups and /users
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
    // GET .../deploy-keys: one page, or the 403 of a repository the
    // credential does not administer.
    total += repo.adminForbidden ? 1 : pages(repo.deployKeys ?? 0, p.default);
    // GET .../pipelines_config (one object, or one 403), asked by the
    // repositories step only when a credential holds repository:admin.
    if (size.adminScope !== false) total += 1;
    // GET .../hooks and .../pipelines_config/variables (their own scopes;
    // a 403 is one request each).
    total += repo.adminForbidden ? 1 : pages(repo.webhooks ?? 0, p.default);
    total += repo.adminForbidden
      ? 1
      : pages(repo.pipelineVariables ?? 0, p.default);
    if (size.ingestPullRequests !== false) {
      total += pages(repo.pullRequestsInWindow, p.pullRequests);
    }
    if (size.ingestPipelines !== false) {
      const environments = repo.environments ?? 0;
      total +=
        pagesUntilWindow(
          repo.pipelines ?? 0,
          repo.pipelinesInWindow ?? 0,
          p.default,
        ) + pages(environments, p.default);
      // GET …/deployments_config/environments/{environment_uuid}/variables
      const variables =
        repo.environmentVariables ??
        Array.from({ length: environments }, () => 0);
      total += variables.reduce((sum, n) => sum + pages(n, p.default), 0);
      // Deployments are asked only of repositories with an environment,
      // and only when pull requests are on (their change review).
      if (environments > 0 && size.ingestPullRequests !== false) {
        total += pagesUntilWindow(
          repo.deployments ?? 0,
          repo.deploymentsInWindow ?? 0,
          p.default,
        );
      }
    }
  }
  if (size.ingestPullRequests !== false) {
    for (const pr of size.pullRequests) {
      total += pages(pr.activity, p.activity) + pages(pr.commits, p.commits);
    }
  }
  return total;
}
