/**
 * Deterministic CircleCI datasets: the same seed, reference time and
 * Bitbucket refs always give the same account, so recordings and exact-count
 * assertions are stable.
 */
import { SeededRandom } from '../random';
import { BitbucketDatasetRefs, LargeDatasetParams } from '../types';
import { CircleCIDatasetBuilder, DAY_MS } from './builder';
import { buildCircleCIDemo } from './demo';
import { buildCircleCILarge } from './large';
import { PROJECT_ENV_VARS } from './listings/project-env-vars';
import { CircleCIData } from './types';

export interface CircleCIDatasetOptions {
  kind: 'demo' | 'large';
  /** Required for `large`. */
  params?: LargeDatasetParams;
  seed: number;
  referenceTime: number;
  refs: BitbucketDatasetRefs;
}

export function generateCircleCIDataset(
  options: CircleCIDatasetOptions,
): CircleCIData {
  // Offset the seed so the CircleCI ids never coincide with Bitbucket's
  // even though both generators start from the same sandbox seed.
  const builder = new CircleCIDatasetBuilder(
    new SeededRandom(options.seed ^ 0x0c1c1c1),
    options.referenceTime,
  );
  if (options.kind === 'demo') {
    return buildCircleCIDemo(builder, options.refs);
  }
  if (!options.params) {
    throw new Error('The large CircleCI dataset needs LargeDatasetParams');
  }
  return buildCircleCILarge(builder, options.refs, options.params);
}

/** The default pipeline lookback of the integration (config.ts). */
export const DEFAULT_LOOKBACK_DAYS = 30;

/**
 * Exact counts per object kind. `…InLookback` counts use the integration's
 * default 30-day window relative to the dataset's reference time, so the
 * benchmark can compute the minimum number of requests.
 */
export function summarizeCircleCIDataset(
  data: CircleCIData,
  referenceTime: number,
  lookbackDays = DEFAULT_LOOKBACK_DAYS,
): Record<string, number> {
  const cutoff = referenceTime - lookbackDays * DAY_MS;
  const recentPipelines = new Set(
    data.pipelines
      .filter((p) => Date.parse(p.created_at) >= cutoff)
      .map((p) => p.id),
  );
  const recentWorkflows = new Set(
    data.workflows
      .filter((w) => recentPipelines.has(w.pipeline_id))
      .map((w) => w.id),
  );
  const jobs = data.jobs.map((r) => r.job);
  return {
    organizations: data.collaborations.length,
    users: data.users.length,
    deletedUsers: data.deletedUserIds.length,
    projects: data.projects.length,
    followedProjects: data.projects.filter((p) => p.followed).length,
    unfollowedProjects: data.projects.filter((p) => !p.followed).length,
    projectSettingsForbidden: data.projects.filter(
      (p) => p.settings === 'forbidden',
    ).length,
    projectsForksReceiveSecrets: data.projects.filter(
      (p) =>
        p.settings !== 'forbidden' &&
        p.settings.advanced.forks_receive_secret_env_vars,
    ).length,
    projectEnvVars: data.projects.reduce(
      (n, p) => n + PROJECT_ENV_VARS.records(p).length,
      0,
    ),
    pipelines: data.pipelines.length,
    pipelinesInLookback: recentPipelines.size,
    workflows: data.workflows.length,
    workflowsInLookback: recentWorkflows.size,
    jobs: jobs.length,
    jobsInLookback: data.jobs.filter((r) => recentWorkflows.has(r.workflowId))
      .length,
    approvalJobs: jobs.filter((j) => j.type === 'approval').length,
    approvedJobs: jobs.filter((j) => j.approved_by !== undefined).length,
    onHoldJobs: jobs.filter((j) => j.status === 'on_hold').length,
    canceledJobs: jobs.filter((j) => j.canceled_by !== undefined).length,
    canceledWorkflows: data.workflows.filter((w) => w.canceled_by !== undefined)
      .length,
    contexts: data.contexts.length,
    contextEnvVars: data.contexts.reduce((n, c) => n + c.envVars.length, 0),
    contextRestrictions: data.contexts.reduce(
      (n, c) => n + c.restrictions.length,
      0,
    ),
  };
}
