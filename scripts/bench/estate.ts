/**
 * `npm run bench -- --profile estate`: a realistic estate, collected twice.
 *
 * - Bitbucket: one workspace of 300 repositories with about 3,000 pull
 *   requests updated in the 90-day window.
 * - CircleCI: one organization of 100 projects with about 15,000 pipelines
 *   in the 30-day window (two workflows per pipeline).
 *
 * The first run starts at T - 1 day against the account as it was then
 * (CircleCI pipelines created later are not served yet); the second run
 * starts at T with that day's new pipelines, as the incremental run after
 * the first successful one. Each run is measured on its own: requests per
 * vendor against the data-derived minimum of its window (minimum-requests.ts
 * over the same windows), hours of Bitbucket budget at 1,000 and 10,000
 * requests per hour, wall time at the given latency, and peak RSS. The last
 * line on stdout is one JSON object with `firstRun` and `secondRun`.
 *
 * Pacing is switched off here (an unlimited budget): the sandbox has no
 * hourly limit, and the budget hours are computed from the requests made.
 */
import { StepResultStatus } from '@jupiterone/integration-sdk-core';
import { performance } from 'perf_hooks';
import { PIPELINE_OVERLAP_MS } from '../../src/circleci/steps/pipelineWindow';
import { WINDOW_OVERLAP_MS } from '../../src/bitbucket/steps/pullRequestWindow';
import { overrideTransportDefaults } from '../../src/http/defaults';
import {
  DEFAULT_BITBUCKET_PULL_REQUEST_LOOKBACK_DAYS,
  DEFAULT_CIRCLECI_PIPELINE_LOOKBACK_DAYS,
} from '../../src/config';
import { collectInProcess, CollectResult } from '../../test/collect';
import { DEFAULT_PIPELINE_ORG_PROJECT_LIMIT } from '../../test/sandbox/server';
import { LargeDatasetParams } from '../../test/sandbox/types';
import { SandboxThread, startBenchSandbox } from './bench-sandbox';
import { activityReport } from './activity-report';
import { DEFAULT_PAGE_LIMITS, minimumRequests } from './minimum-requests';
import { envToConfig } from './run';

const DAY_MS = 86_400_000;

/**
 * 300 repositories with 23 PRs each created over 180 days: about half are
 * updated inside the 90-day window (3,000 or a few more; 20 per repository
 * gave 2,704). 225 pipelines per project over the generator's 45 days: 150
 * per project (15,000) inside 30 days.
 */
export const ESTATE_PARAMS: LargeDatasetParams = {
  workspaces: 1,
  reposPerWorkspace: 300,
  usersPerWorkspace: 150,
  pullRequestsPerRepo: 23,
  orgs: 1,
  projectsPerOrg: 100,
  pipelinesPerProject: 225,
  workflowsPerPipeline: 2,
  jobsPerWorkflow: 3,
  scale: 1,
};

export const ESTATE_TARGETS = {
  /** Second CircleCI run at most this share of the first. */
  maxSecondRunShare: 0.1,
  maxWallSeconds: 600,
} as const;

const round = (value: number, digits = 3) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

function vendorTotal(stats: Record<string, number>, vendor: string): number {
  return Object.entries(stats)
    .filter(([key]) => key.startsWith(`${vendor} `))
    .reduce((n, [, v]) => n + v, 0);
}

interface RunInput {
  latencyMs: number;
  sandboxThread: SandboxThread;
  referenceTime: number;
  now: number;
  lastSuccessfulStartedOn?: number;
  circleciAsOf?: number;
  enableSchemaValidation: boolean;
}

async function measuredRun(input: RunInput) {
  const incremental = input.lastSuccessfulStartedOn !== undefined;
  const sandboxStart = performance.now();
  const sandbox = await startBenchSandbox(input.sandboxThread, {
    largeParams: ESTATE_PARAMS,
    latencyMs: input.latencyMs,
    referenceTime: input.referenceTime,
    circleciAsOf: input.circleciAsOf,
    pipelineIdsBetween: [
      input.now - DEFAULT_CIRCLECI_PIPELINE_LOOKBACK_DAYS * DAY_MS,
      input.now,
    ],
    shapeOptions: {
      now: input.now,
      circleciPipelineLookbackDays: DEFAULT_CIRCLECI_PIPELINE_LOOKBACK_DAYS,
      bitbucketPullRequestLookbackDays:
        DEFAULT_BITBUCKET_PULL_REQUEST_LOOKBACK_DAYS,
      pipelineOrgProjectLimit: DEFAULT_PIPELINE_ORG_PROJECT_LIMIT,
      circleciPipelinesSince: incremental
        ? (input.lastSuccessfulStartedOn as number) - PIPELINE_OVERLAP_MS
        : undefined,
      bitbucketPullRequestsSince: incremental
        ? (input.lastSuccessfulStartedOn as number) - WINDOW_OVERLAP_MS
        : undefined,
    },
  });
  try {
    const { ready } = sandbox;
    const sandboxReadySeconds = (performance.now() - sandboxStart) / 1000;
    const minimum = minimumRequests(ready.shape, DEFAULT_PAGE_LIMITS);
    await sandbox.resetStats();
    let peak = process.memoryUsage.rss();
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 100);
    const start = performance.now();
    // The main thread's busy share during the run: the integration's own
    // CPU (the sandbox runs on its worker thread).
    const loopBefore = performance.eventLoopUtilization();
    let result: CollectResult;
    try {
      result = await collectInProcess({
        config: envToConfig(ready.env),
        now: input.now,
        lastSuccessfulStartedOn: input.lastSuccessfulStartedOn,
        enableSchemaValidation: input.enableSchemaValidation,
      });
    } finally {
      clearInterval(timer);
    }
    const wallSeconds = (performance.now() - start) / 1000;
    const loop = performance.eventLoopUtilization(loopBefore);
    const { stats } = await sandbox.stats();
    const circleci = vendorTotal(stats, 'circleci');
    const bitbucket = vendorTotal(stats, 'bitbucket');
    const pipelines = result.entities.filter(
      (e) => e._type === 'circleci_pipeline',
    ).length;
    const repos = result.entities.filter(
      (e) => e._type === 'bitbucket_repo',
    ).length;
    const pullRequests = result.entities.filter(
      (e) => e._type === 'bitbucket_pull_request',
    ).length;
    const failed = result.stepResults.filter(
      (s) =>
        s.status !== StepResultStatus.SUCCESS &&
        s.status !== StepResultStatus.DISABLED,
    );
    return {
      report: {
        now: new Date(input.now).toISOString(),
        incremental,
        wallSeconds: round(wallSeconds, 1),
        timeSpent: {
          sandboxReadySeconds: round(sandboxReadySeconds, 1),
          dataGenerationSeconds: round(ready.generationSeconds, 1),
          integrationBusySeconds: round(loop.active / 1000, 1),
        },
        peakRssMb: round(peak / 2 ** 20, 0),
        failedSteps: failed.map((s) => s.id),
        circleci: {
          requests: circleci,
          minimum: minimum.byVendor.circleci,
          ratioToMinimum: round(circleci / minimum.byVendor.circleci),
          pipelinesCollected: pipelines,
          requestsPerPipeline: round(circleci / Math.max(1, pipelines)),
        },
        bitbucket: {
          requests: bitbucket,
          minimum: minimum.byVendor.bitbucket,
          ratioToMinimum: round(bitbucket / minimum.byVendor.bitbucket),
          repositories: repos,
          pullRequestsCollected: pullRequests,
          requestsPerRepository: round(bitbucket / Math.max(1, repos)),
          budgetHoursAt1000PerHour: round(bitbucket / 1000, 2),
          budgetHoursAt10000PerHour: round(bitbucket / 10_000, 2),
          activity: activityReport(stats, ready.shape, minimum),
        },
      },
      pipelineIds: new Set(
        result.entities
          .filter((e) => e._type === 'circleci_pipeline')
          .map((e) => String(e.id)),
      ),
      datasetPipelineIds: ready.pipelineIds ?? [],
      datasetSummary: ready.summary,
    };
  } finally {
    await sandbox.close();
  }
}

export async function runEstate(options: {
  latencyMs: number;
  sandboxThread: SandboxThread;
  enableSchemaValidation: boolean;
}) {
  const undo = overrideTransportDefaults({
    pacing: {
      defaultBudget: { limit: Number.MAX_SAFE_INTEGER, windowMs: 3600_000 },
    },
  });
  const started = performance.now();
  try {
    // Whole minutes, so both runs' windows fall on the same generated data.
    const referenceTime = Math.floor(Date.now() / 60_000) * 60_000;
    const firstStart = referenceTime - DAY_MS;
    process.stderr.write('estate: first run (T - 1 day, full windows)\n');
    const first = await measuredRun({
      ...options,
      referenceTime,
      now: firstStart,
      circleciAsOf: firstStart,
    });
    process.stderr.write('estate: second run (T, incremental)\n');
    const second = await measuredRun({
      ...options,
      referenceTime,
      now: referenceTime,
      lastSuccessfulStartedOn: firstStart,
    });
    // The graph after both runs: the first run's pipelines stay (partial
    // datasets), the second run's are added.
    const graph = new Set([...first.pipelineIds, ...second.pipelineIds]);
    const expected = new Set([
      ...first.datasetPipelineIds,
      ...second.datasetPipelineIds,
    ]);
    const missing = [...expected].filter((id) => !graph.has(id)).length;
    const share = round(
      second.report.circleci.requests / first.report.circleci.requests,
      4,
    );
    const totalSeconds = round((performance.now() - started) / 1000, 1);
    return {
      command: `npm run bench -- --profile estate --latency ${options.latencyMs}`,
      profile: 'estate',
      latencyMs: options.latencyMs,
      params: ESTATE_PARAMS,
      dataset: second.datasetSummary,
      firstRun: first.report,
      secondRun: second.report,
      graphAfterBothRuns: {
        pipelines: graph.size,
        pipelinesOfBothWindows: expected.size,
        missing,
      },
      totalSeconds,
      targets: {
        secondCircleCIRunShare: {
          value: share,
          max: ESTATE_TARGETS.maxSecondRunShare,
          met: share <= ESTATE_TARGETS.maxSecondRunShare,
        },
        graphHoldsEveryPipeline: { met: missing === 0 },
        underTenMinutes: {
          value: totalSeconds,
          max: ESTATE_TARGETS.maxWallSeconds,
          met: totalSeconds < ESTATE_TARGETS.maxWallSeconds,
        },
        allStepsSucceeded: {
          met:
            first.report.failedSteps.length === 0 &&
            second.report.failedSteps.length === 0,
        },
      },
    };
  } finally {
    undo();
  }
}
