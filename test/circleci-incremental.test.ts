/**
 * Incremental CircleCI: a first run reads the lookback window, a second run
 * one day later reads only the pipelines created since the first run started
 * (minus the overlap), and the graph after both runs (JupiterOne keeps the
 * earlier objects of partial datasets) holds every pipeline of both.
 *
 * Both runs use the same seeded account; the first sandbox serves it as it
 * was a day earlier (circleciAsOf), the second with that day's new pipelines.
 */
import { Entity } from '@jupiterone/integration-sdk-core';
import { CircleCIEntities } from '../src/circleci/metadata';
import { PIPELINE_OVERLAP_MS } from '../src/circleci/steps/pipelineWindow';
import { IntegrationConfig } from '../src/config';
import { collectInProcess, CollectResult } from './collect';
import { Sandbox, SandboxOptions, startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

const DAY_MS = 86_400_000;
const SECOND_RUN = SANDBOX_REFERENCE_TIME;
const FIRST_RUN = SECOND_RUN - DAY_MS;
const LOOKBACK_DAYS = 30;
const WORKFLOW_LISTING = 'GET /pipeline/{pipeline-id}/workflow';

/** About two pipelines per project per day over the 45 days generated. */
const SANDBOX: SandboxOptions = {
  port: 0,
  dataset: 'large',
  referenceTime: SANDBOX_REFERENCE_TIME,
  largeParams: {
    workspaces: 1,
    reposPerWorkspace: 4,
    usersPerWorkspace: 4,
    pullRequestsPerRepo: 2,
    orgs: 1,
    projectsPerOrg: 4,
    pipelinesPerProject: 90,
    workflowsPerPipeline: 1,
    jobsPerWorkflow: 2,
  },
};

const sandboxes: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
});

async function run(
  options: SandboxOptions,
  now: number,
  extra: Partial<IntegrationConfig> & { lastSuccessfulStartedOn?: number },
): Promise<{ sandbox: Sandbox; result: CollectResult }> {
  const sandbox = await startSandbox(options);
  sandboxes.push(sandbox);
  const { lastSuccessfulStartedOn, ...config } = extra;
  const result = await collectInProcess({
    config: {
      circleciApiKey: SANDBOX_CREDENTIALS.circleciApiKey,
      circleciBaseUrl: sandbox.circleciBaseUrl,
      circleciPipelineLookbackDays: String(LOOKBACK_DAYS),
      ...config,
    },
    now,
    lastSuccessfulStartedOn,
  });
  return { sandbox, result };
}

const ids = (entities: Entity[], _type: string) =>
  new Set(entities.filter((e) => e._type === _type).map((e) => String(e.id)));

/** Pipeline ids of the account created in [from, to]. */
function createdBetween(sandbox: Sandbox, from: number, to: number) {
  return new Set(
    sandbox.dataset.circleci.pipelines
      .filter((p) => {
        const t = Date.parse(p.created_at);
        return t >= from && t <= to;
      })
      .map((p) => p.id),
  );
}

test('the second run reads only new pipelines and the graph after both runs holds every pipeline of both', async () => {
  const first = await run(
    { ...SANDBOX, circleciAsOf: FIRST_RUN },
    FIRST_RUN,
    {},
  );
  const second = await run(SANDBOX, SECOND_RUN, {
    lastSuccessfulStartedOn: FIRST_RUN,
  });
  const P = CircleCIEntities.PIPELINE._type;
  const W = CircleCIEntities.WORKFLOW._type;

  // First run: the whole lookback window as it was then.
  const firstWindow = createdBetween(
    first.sandbox,
    FIRST_RUN - LOOKBACK_DAYS * DAY_MS,
    FIRST_RUN,
  );
  expect(ids(first.result.entities, P)).toEqual(firstWindow);

  // Second run: only pipelines created since the first run started, minus
  // the overlap (which re-reads those that may still have been running).
  const secondWindow = createdBetween(
    second.sandbox,
    FIRST_RUN - PIPELINE_OVERLAP_MS,
    SECOND_RUN,
  );
  expect(ids(second.result.entities, P)).toEqual(secondWindow);
  const newToday = createdBetween(second.sandbox, FIRST_RUN + 1, SECOND_RUN);
  expect(newToday.size).toBeGreaterThan(0);
  for (const id of newToday) expect(secondWindow.has(id)).toBe(true);
  // One workflow listing per pipeline read, nothing else.
  expect(second.sandbox.stats()[`circleci ${WORKFLOW_LISTING}`]).toBe(
    secondWindow.size,
  );
  expect(second.sandbox.stats().total).toBeLessThan(
    first.sandbox.stats().total * 0.25,
  );

  // Pipelines, workflows, jobs and their links are partial datasets...
  expect(second.result.partialTypes).toEqual(
    expect.arrayContaining([
      P,
      W,
      CircleCIEntities.JOB._type,
      'circleci_project_has_pipeline',
      'circleci_pipeline_has_workflow',
      'circleci_workflow_has_job',
    ]),
  );
  // ...so the graph after both runs is the first run's plus the second's:
  // every pipeline of both windows, each with its workflows.
  const graph = new Set([
    ...ids(first.result.entities, P),
    ...ids(second.result.entities, P),
  ]);
  const both = createdBetween(
    second.sandbox,
    FIRST_RUN - LOOKBACK_DAYS * DAY_MS,
    SECOND_RUN,
  );
  expect(graph).toEqual(both);
  const workflows = new Set([
    ...ids(first.result.entities, W),
    ...ids(second.result.entities, W),
  ]);
  const expectedWorkflows = new Set(
    second.sandbox.dataset.circleci.workflows
      .filter((w) => both.has(w.pipeline_id))
      .map((w) => w.id),
  );
  expect(workflows).toEqual(expectedWorkflows);
});

test('circleciFullRun reads the whole window again, and so does a run whose last success is older than the window', async () => {
  const full = await run(SANDBOX, SECOND_RUN, {
    lastSuccessfulStartedOn: FIRST_RUN,
    circleciFullRun: 'true',
  });
  const window = createdBetween(
    full.sandbox,
    SECOND_RUN - LOOKBACK_DAYS * DAY_MS,
    SECOND_RUN,
  );
  expect(ids(full.result.entities, CircleCIEntities.PIPELINE._type)).toEqual(
    window,
  );
  const stale = await run(SANDBOX, SECOND_RUN, {
    lastSuccessfulStartedOn: SECOND_RUN - 40 * DAY_MS,
  });
  expect(ids(stale.result.entities, CircleCIEntities.PIPELINE._type)).toEqual(
    window,
  );
});
