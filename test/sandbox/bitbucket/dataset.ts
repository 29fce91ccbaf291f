/**
 * Entry point of the Bitbucket sandbox datasets (the sandbox core composes it
 * with the CircleCI dataset through BitbucketDatasetRefs).
 */
import { BitbucketDatasetRefs, LargeDatasetParams } from '../types';
import { buildDemoDataset } from './demo-dataset';
import { buildLargeDataset } from './large-dataset';
import { BitbucketData } from './model';

export type { BitbucketData } from './model';
export { DEMO_BITBUCKET_CASES } from './demo-cases';
export type { DemoApprovalCase, ExpectedApprovalAnalysis } from './demo-cases';
export { DEMO_WORKSPACES } from './demo-ids';

export interface BitbucketDatasetOptions {
  kind: 'demo' | 'large';
  /** Required for `large`. */
  params?: LargeDatasetParams;
  /** Drives the `large` dataset; the demo's ids are fixed (see demo-dataset.ts). */
  seed: number;
  /** Epoch ms every timestamp is relative to. */
  referenceTime: number;
}

export function generateBitbucketDataset(options: BitbucketDatasetOptions): {
  data: BitbucketData;
  refs: BitbucketDatasetRefs;
} {
  let data: BitbucketData;
  if (options.kind === 'demo') {
    data = buildDemoDataset(options.referenceTime);
  } else {
    if (!options.params) {
      throw new Error('the large Bitbucket dataset needs LargeDatasetParams');
    }
    data = buildLargeDataset(
      options.params,
      options.seed,
      options.referenceTime,
    );
  }
  return { data, refs: datasetRefs(data) };
}

function datasetRefs(data: BitbucketData): BitbucketDatasetRefs {
  const usersByUuid = new Map(data.users.map((user) => [user.uuid, user]));
  const prsByRepo = new Map<string, BitbucketData['pullRequests']>();
  for (const pr of data.pullRequests) {
    const list = prsByRepo.get(pr.repoUuid) ?? [];
    list.push(pr);
    prsByRepo.set(pr.repoUuid, list);
  }
  return {
    repos: data.repos.map((repo) => ({
      workspace: repo.workspaceSlug,
      repoSlug: repo.slug,
      repoUuid: repo.uuid,
      mainBranch: repo.mainBranch,
      pullRequests: (prsByRepo.get(repo.uuid) ?? []).map((pr) => ({
        id: pr.id,
        sourceBranch: pr.sourceBranch,
        sourceCommit: pr.sourceCommit,
        mergeCommit: pr.mergeCommit,
      })),
    })),
    members: data.memberships.map((membership) => {
      const user = usersByUuid.get(membership.userUuid);
      if (!user) throw new Error(`member ${membership.userUuid} is no user`);
      return {
        workspace: membership.workspaceSlug,
        uuid: user.uuid,
        nickname: user.nickname,
        displayName: user.displayName,
      };
    }),
  };
}

/**
 * Exact counts per kind, so tests and the benchmark can state what a run
 * must ingest. `*Served` counts are what the simulator returns (a repo whose
 * admin endpoints answer 403 serves none of its permissions/restrictions).
 */
export function summarizeBitbucketDataset(
  data: BitbucketData,
): Record<string, number> {
  const count = <T>(items: T[], predicate: (item: T) => boolean): number =>
    items.reduce((sum, item) => sum + (predicate(item) ? 1 : 0), 0);
  const sum = <T>(items: T[], value: (item: T) => number): number =>
    items.reduce((total, item) => total + value(item), 0);
  const memberUuids = new Set(data.memberships.map((m) => m.userUuid));
  const readable = data.repos.filter((repo) => !repo.adminForbidden);
  const prs = data.pullRequests;
  return {
    workspaces: data.workspaces.length,
    users: data.users.length,
    memberships: data.memberships.length,
    distinctMembers: memberUuids.size,
    nonMemberUsers: count(data.users, (u) => !memberUuids.has(u.uuid)),
    groups: data.groups.length,
    groupMemberships: sum(data.groups, (g) => g.memberUuids.length),
    projects: data.projects.length,
    repos: data.repos.length,
    privateRepos: count(data.repos, (r) => r.isPrivate),
    reposWithoutProject: count(data.repos, (r) => r.projectKey === undefined),
    forkRepos: count(data.repos, (r) => r.parentUuid !== undefined),
    reposWithAdminForbidden: count(data.repos, (r) => r.adminForbidden),
    userPermissions: sum(data.repos, (r) => r.userPermissions.length),
    groupPermissions: sum(data.repos, (r) => r.groupPermissions.length),
    permissionsServed: sum(
      readable,
      (r) => r.userPermissions.length + r.groupPermissions.length,
    ),
    branchRestrictions: sum(data.repos, (r) => r.branchRestrictions.length),
    branchRestrictionsServed: sum(readable, (r) => r.branchRestrictions.length),
    projectPermissions: sum(
      data.projects,
      (p) =>
        (p.userPermissions?.length ?? 0) + (p.groupPermissions?.length ?? 0),
    ),
    defaultReviewers:
      sum(data.projects, (p) => p.defaultReviewerUuids?.length ?? 0) +
      sum(data.repos, (r) => r.defaultReviewerUuids?.length ?? 0),
    pullRequests: prs.length,
    pullRequestsOpen: count(prs, (p) => p.state === 'OPEN'),
    pullRequestsMerged: count(prs, (p) => p.state === 'MERGED'),
    pullRequestsDeclined: count(prs, (p) => p.state === 'DECLINED'),
    pullRequestsSuperseded: count(prs, (p) => p.state === 'SUPERSEDED'),
    pullRequestsDraft: count(prs, (p) => p.draft),
    pullRequestsFromForks: count(prs, (p) => p.sourceRepoUuid !== p.repoUuid),
    pullRequestCommits: sum(prs, (p) => p.commitHashes.length),
    activityEntries: sum(prs, (p) => p.activity.length),
    activityUpdates: sum(prs, (p) =>
      count(p.activity, (a) => a.kind === 'update'),
    ),
    activityApprovals: sum(prs, (p) =>
      count(p.activity, (a) => a.kind === 'approval'),
    ),
    activityComments: sum(prs, (p) =>
      count(p.activity, (a) => a.kind === 'comment'),
    ),
    commits: data.commits.length,
  };
}
