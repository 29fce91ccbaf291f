import { estimateBitbucketRequests, RunSize } from '../src/bitbucket/budget';
import { IntegrationConfig } from '../src/config';
import { collectInProcess } from './collect';
import { indexData } from './sandbox/bitbucket/data-index';
import {
  effectiveDefaultReviewers,
  effectivePermissions,
} from './sandbox/bitbucket/effective-access';
import { BitbucketData } from './sandbox/bitbucket/model';
import { DatasetKind } from './sandbox/datasets';
import { startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

const NOW = SANDBOX_REFERENCE_TIME + 3600_000;
const DAY = 24 * 3600_000;

/** The sizes the formula needs, read off the sandbox's dataset. */
function sizeOf(data: BitbucketData, since: number): RunSize {
  const inWindow = data.pullRequests.filter((pr) => pr.updatedOn >= since);
  const index = indexData(data);
  return {
    oauthConsumers: 2,
    workspaces: data.workspaces.map((ws) => ({
      members: data.memberships.filter((m) => m.workspaceSlug === ws.slug)
        .length,
      projects: data.projects.filter((p) => p.workspaceSlug === ws.slug).length,
      projectDeployKeys: data.projects
        .filter((p) => p.workspaceSlug === ws.slug)
        .map(
          (p) =>
            (data.deployKeys ?? []).filter(
              (k) =>
                k.project?.workspaceSlug === ws.slug && k.project.key === p.key,
            ).length,
        ),
      webhooks: (data.webhooks ?? []).filter((h) => h.workspaceSlug === ws.slug)
        .length,
      pipelineVariables: (data.pipelineVariables ?? []).filter(
        (v) => v.workspaceSlug === ws.slug,
      ).length,
      repos: data.repos.filter((r) => r.workspaceSlug === ws.slug).length,
      effectiveWriteGrants: data.repos
        .filter((r) => r.workspaceSlug === ws.slug)
        .flatMap((r) => [...effectivePermissions(index, r).values()])
        .filter((level) => level !== 'read').length,
    })),
    projects: data.projects.map((project) => ({
      userPermissions: project.userPermissions?.length ?? 0,
      groupPermissions: project.groupPermissions?.length ?? 0,
    })),
    repos: data.repos.map((repo) => ({
      groupPermissions: repo.groupPermissions.length,
      userPermissions: repo.userPermissions.length,
      branchRestrictions: repo.branchRestrictions.length,
      deployKeys: (data.deployKeys ?? []).filter(
        (k) => k.repoUuid === repo.uuid,
      ).length,
      pullRequestsInWindow: inWindow.filter((pr) => pr.repoUuid === repo.uuid)
        .length,
      adminForbidden: repo.adminForbidden,
      defaultReviewers: effectiveDefaultReviewers(index, repo).length,
      branchTypeRestrictions: repo.branchRestrictions.some(
        (r) => r.branchMatchKind === 'branching_model',
      ),
      pipelines: (data.pipelines ?? []).filter((p) => p.repoUuid === repo.uuid)
        .length,
      pipelinesInWindow: (data.pipelines ?? []).filter(
        (p) => p.repoUuid === repo.uuid && p.createdOn >= since,
      ).length,
      environments: (data.environments ?? []).filter(
        (e) => e.repoUuid === repo.uuid,
      ).length,
      environmentVariables: (data.environments ?? [])
        .filter((e) => e.repoUuid === repo.uuid)
        .map(
          (e) =>
            (data.pipelineVariables ?? []).filter(
              (v) => v.environmentUuid === e.uuid,
            ).length,
        ),
      deployments: (data.deployments ?? []).filter(
        (d) => d.repoUuid === repo.uuid,
      ).length,
      deploymentsInWindow: (data.deployments ?? []).filter(
        (d) => d.repoUuid === repo.uuid && d.startedOn >= since,
      ).length,
    })),
    pullRequests: inWindow.map((pr) => ({
      activity: pr.activity.length,
      commits: pr.commitHashes.length,
    })),
  };
}

async function measure(dataset: DatasetKind, lookbackDays: number) {
  const sandbox = await startSandbox({
    port: 0,
    dataset,
    referenceTime: SANDBOX_REFERENCE_TIME,
  });
  try {
    const config: IntegrationConfig = {
      bitbucketOauthKey: SANDBOX_CREDENTIALS.bitbucketOauthKey,
      bitbucketOauthSecret: SANDBOX_CREDENTIALS.bitbucketOauthSecret,
      bitbucketWorkspace: sandbox.dataset.bitbucket.workspaces
        .map((w) => w.slug)
        .join(','),
      bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
      bitbucketTokenUrl: sandbox.bitbucketTokenUrl,
      bitbucketPullRequestLookbackDays: String(lookbackDays),
    };
    const result = await collectInProcess({ config, now: NOW });
    const failed = result.stepResults.filter(
      (s) => s.id.startsWith('bitbucket-') && s.status !== 'success',
    );
    expect(failed).toEqual([]);
    return {
      measured: sandbox.stats().total,
      estimated: estimateBitbucketRequests(
        sizeOf(sandbox.dataset.bitbucket, NOW - lookbackDays * DAY),
      ),
    };
  } finally {
    await sandbox.close();
  }
}

describe('the request budget formula matches what a run really sends', () => {
  test('demo dataset, 90-day window', async () => {
    expect(await measure('demo', 90)).toEqual({
      measured: 167,
      estimated: 167,
    });
  });

  test('large dataset, 30-day window', async () => {
    const { measured, estimated } = await measure('large', 30);
    expect(measured).toBe(estimated);
    expect(measured).toBeGreaterThan(200);
  }, 120_000);
});
