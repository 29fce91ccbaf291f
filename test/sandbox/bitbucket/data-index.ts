/**
 * Lookup tables over a BitbucketData, built once per simulator so every
 * request resolves workspaces, repositories and pull requests in O(1).
 */
import {
  BbCommit,
  BbDeployment,
  BbEnvironment,
  BbPipeline,
  BbDeployKey,
  BbPipelineVariable,
  BbWebhook,
  BbGroup,
  BbMembership,
  BbProject,
  BbPullRequest,
  BbRepo,
  BbUser,
  BbWorkspace,
  BitbucketData,
} from './model';

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
  /** Deploy keys by repository uuid and by `project:<workspace>:<KEY>`. */
  deployKeysByOwner: Map<string, BbDeployKey[]>;
  /**
   * Webhooks and variables by repository uuid and by workspace slug;
   * variables also by environment uuid.
   */
  webhooksByOwner: Map<string, BbWebhook[]>;
  variablesByOwner: Map<string, BbPipelineVariable[]>;
}

/** The deployKeysByOwner key of a project. */
export function projectOwnerKey(workspaceSlug: string, key: string): string {
  return `project:${workspaceSlug}:${key}`;
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
    deployKeysByOwner: new Map(),
    webhooksByOwner: new Map(),
    variablesByOwner: new Map(),
  };
  for (const hook of data.webhooks ?? []) {
    const owner = hook.repoUuid ?? hook.workspaceSlug;
    if (owner) push(index.webhooksByOwner, owner, hook);
  }
  for (const variable of data.pipelineVariables ?? []) {
    const owner =
      variable.environmentUuid ?? variable.repoUuid ?? variable.workspaceSlug;
    if (owner) push(index.variablesByOwner, owner, variable);
  }
  for (const e of data.environments ?? []) {
    push(index.environmentsByRepo, e.repoUuid, e);
  }
  for (const p of data.pipelines ?? [])
    push(index.pipelinesByRepo, p.repoUuid, p);
  for (const d of data.deployments ?? []) {
    push(index.deploymentsByRepo, d.repoUuid, d);
  }
  for (const key of data.deployKeys ?? []) {
    const owner = key.project
      ? projectOwnerKey(key.project.workspaceSlug, key.project.key)
      : key.repoUuid;
    if (owner) push(index.deployKeysByOwner, owner, key);
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
