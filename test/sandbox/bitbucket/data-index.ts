/**
 * Lookup tables over a BitbucketData, built once per simulator so every
 * request resolves workspaces, repositories and pull requests in O(1).
 */
import {
  BbCommit,
  BbDeployment,
  BbEnvironment,
  BbPipeline,
  BbGroup,
  BbMembership,
  BbProject,
  BbPullRequest,
  BbRepo,
  BbUser,
  BbWorkspace,
  BitbucketData,
} from './model';
import { CHILD_LISTINGS } from './listings/registry';

export interface DataIndex {
  data: BitbucketData;
  users: Map<string, BbUser>;
  /** By slug and by `{uuid}`. */
  workspaces: Map<string, BbWorkspace>;
  membershipsByWorkspace: Map<string, BbMembership[]>;
  groupsByWorkspace: Map<string, BbGroup[]>;
  projectsByWorkspace: Map<string, BbProject[]>;
  reposByWorkspace: Map<string, BbRepo[]>;
  /** By `{uuid}` and by `workspace/slug`. */
  repos: Map<string, BbRepo>;
  /** Per destination repo uuid, newest PR (highest id) first. */
  pullRequestsByRepo: Map<string, BbPullRequest[]>;
  commits: Map<string, BbCommit>;
  /** Deleted forks by uuid (BitbucketData.deletedRepos). */
  deletedRepos: Map<string, BbRepo>;
  environmentsByRepo: Map<string, BbEnvironment[]>;
  pipelinesByRepo: Map<string, BbPipeline[]>;
  deploymentsByRepo: Map<string, BbDeployment[]>;
  pipelines: Map<string, BbPipeline>;
  /**
   * Per child-listing route (by path), its records by owner key
   * (listings/listing.ts ownerKey), in dataset order.
   */
  listings: Map<string, Map<string, unknown[]>>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexData(data: BitbucketData): DataIndex {
  const index: DataIndex = {
    data,
    users: new Map(data.users.map((user) => [user.uuid, user])),
    workspaces: new Map(),
    membershipsByWorkspace: new Map(),
    groupsByWorkspace: new Map(),
    projectsByWorkspace: new Map(),
    reposByWorkspace: new Map(),
    repos: new Map(),
    pullRequestsByRepo: new Map(),
    commits: new Map(data.commits.map((commit) => [commit.hash, commit])),
    deletedRepos: new Map(
      (data.deletedRepos ?? []).map((repo) => [repo.uuid, repo]),
    ),
    environmentsByRepo: new Map(),
    pipelinesByRepo: new Map(),
    deploymentsByRepo: new Map(),
    pipelines: new Map((data.pipelines ?? []).map((p) => [p.uuid, p])),
    listings: new Map(),
  };
  for (const listing of CHILD_LISTINGS) {
    for (const route of listing.routes) {
      const byOwner = new Map<string, unknown[]>();
      for (const record of listing.records(data)) {
        const owner = route.ownerOf(record);
        if (owner !== undefined) push(byOwner, owner, record);
      }
      index.listings.set(route.path, byOwner);
    }
  }
  for (const e of data.environments ?? []) {
    push(index.environmentsByRepo, e.repoUuid, e);
  }
  for (const p of data.pipelines ?? [])
    push(index.pipelinesByRepo, p.repoUuid, p);
  for (const d of data.deployments ?? []) {
    push(index.deploymentsByRepo, d.repoUuid, d);
  }
  for (const workspace of data.workspaces) {
    index.workspaces.set(workspace.slug, workspace);
    index.workspaces.set(workspace.uuid, workspace);
  }
  for (const m of data.memberships) {
    push(index.membershipsByWorkspace, m.workspaceSlug, m);
  }
  for (const g of data.groups)
    push(index.groupsByWorkspace, g.workspaceSlug, g);
  for (const p of data.projects) {
    push(index.projectsByWorkspace, p.workspaceSlug, p);
  }
  for (const repo of data.repos) {
    push(index.reposByWorkspace, repo.workspaceSlug, repo);
    index.repos.set(repo.uuid, repo);
    index.repos.set(`${repo.workspaceSlug}/${repo.slug}`, repo);
  }
  for (const pr of data.pullRequests)
    push(index.pullRequestsByRepo, pr.repoUuid, pr);
  for (const list of index.pullRequestsByRepo.values()) {
    list.sort((a, b) => b.id - a.id);
  }
  return index;
}
