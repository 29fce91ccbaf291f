/**
 * What the sandbox's "effective" endpoints answer, derived from the compact
 * records so the explicit grants and the effective views never disagree:
 *  - `GET /workspaces/{ws}/permissions/repositories`: "the highest level of
 *    permission the user has", whatever the path (explicit user or group
 *    grant, project user or group grant, workspace owner), per repository;
 *  - `GET …/effective-default-reviewers`: the project's default reviewers
 *    plus the repository's own (`reviewer_type` project / repository);
 *  - `GET …/effective-branching-model`: the development and production
 *    branches (development tracks the main branch unless set).
 */
import { DataIndex } from './data-index';
import { BbProject, BbRepo, ProjectPermission, RepoPermission } from './model';

const RANK: Record<RepoPermission, number> = { read: 1, write: 2, admin: 3 };

/** A project permission as the repository level it grants. */
export function projectLevel(permission: ProjectPermission): RepoPermission {
  return permission === 'create-repo' ? 'write' : permission;
}

export function higher(
  a: RepoPermission | undefined,
  b: RepoPermission,
): RepoPermission {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}

/** A permission's rank, for the `permission>"read"` filter (read < write < admin). */
export function permissionRank(permission: string): number {
  return RANK[permission as RepoPermission] ?? 0;
}

export function projectOf(
  index: DataIndex,
  repo: BbRepo,
): BbProject | undefined {
  if (!repo.projectKey) return undefined;
  return (index.projectsByWorkspace.get(repo.workspaceSlug) ?? []).find(
    (project) => project.key === repo.projectKey,
  );
}

function groupMembers(
  index: DataIndex,
  workspaceSlug: string,
  slug: string,
): string[] {
  return (
    (index.groupsByWorkspace.get(workspaceSlug) ?? []).find(
      (group) => group.slug === slug,
    )?.memberUuids ?? []
  );
}

/** Effective permission of every user with any access to `repo`. */
export function effectivePermissions(
  index: DataIndex,
  repo: BbRepo,
): Map<string, RepoPermission> {
  const levels = new Map<string, RepoPermission>();
  const grant = (userUuid: string, level: RepoPermission) =>
    levels.set(userUuid, higher(levels.get(userUuid), level));
  const ws = repo.workspaceSlug;
  for (const m of index.membershipsByWorkspace.get(ws) ?? []) {
    if (m.permission === 'owner') grant(m.userUuid, 'admin');
  }
  for (const p of repo.userPermissions) grant(p.userUuid, p.permission);
  for (const p of repo.groupPermissions) {
    for (const user of groupMembers(index, ws, p.groupSlug)) {
      grant(user, p.permission);
    }
  }
  const project = projectOf(index, repo);
  for (const p of project?.userPermissions ?? []) {
    grant(p.userUuid, projectLevel(p.permission));
  }
  for (const p of project?.groupPermissions ?? []) {
    for (const user of groupMembers(index, ws, p.groupSlug)) {
      grant(user, projectLevel(p.permission));
    }
  }
  return levels;
}

/** Project reviewers first, then the repository's own not already listed. */
export function effectiveDefaultReviewers(
  index: DataIndex,
  repo: BbRepo,
): Array<{ userUuid: string; reviewerType: 'project' | 'repository' }> {
  const out: Array<{
    userUuid: string;
    reviewerType: 'project' | 'repository';
  }> = [];
  const seen = new Set<string>();
  for (const userUuid of projectOf(index, repo)?.defaultReviewerUuids ?? []) {
    seen.add(userUuid);
    out.push({ userUuid, reviewerType: 'project' });
  }
  for (const userUuid of repo.defaultReviewerUuids ?? []) {
    if (seen.has(userUuid)) continue;
    seen.add(userUuid);
    out.push({ userUuid, reviewerType: 'repository' });
  }
  return out;
}
