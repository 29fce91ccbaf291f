import { CircleCISteps } from '../metadata';
import { STEP_TEST_NOW, useStepRecording } from '../../../test/stepTest';

const steps = useStepRecording(__dirname, 'circleci');
const DAY_MS = 86_400_000;
/** The demo's project in its `circleci/<org-id>` organization (seeded). */
const STANDALONE_PROJECT =
  'circleci/05084afc-85c3-49c4-a442-84c373e2b235/419caf0a-c595-4c00-a142-428302dea013';

test(CircleCISteps.PIPELINES.id, async () => {
  const result = await steps.collect(CircleCISteps.PIPELINES.id);
  const pipelines = result.collectedEntities;
  expect(pipelines).toHaveLength(15);
  // The default 30-day lookback window: nothing older is collected.
  const cutoff = STEP_TEST_NOW - 30 * DAY_MS;
  const errored = pipelines.filter((p) => p.state === 'errored');
  for (const pipeline of pipelines) {
    expect(pipeline.createdOn).toBeGreaterThanOrEqual(cutoff);
    expect(pipeline._rawData?.[0].rawData).not.toHaveProperty(
      'trigger_parameters',
    );
  }
  // Each pipeline of the window with its number, trigger, actor and branch
  // as the demo dataset has them (the web link is built from the same).
  expect(
    pipelines
      .map((p) =>
        [
          p.projectSlug,
          p.number,
          p.triggerType,
          p.triggerActorLogin,
          p.vcsBranch,
          p.webLink ===
            `https://app.circleci.com/pipelines/${String(
              p.projectSlug,
            )}/${String(p.number)}`,
        ].join(' '),
      )
      .sort(),
  ).toEqual([
    'bb/acme-eng/api-gateway 1 webhook alice main true',
    'bb/acme-eng/api-gateway 2 webhook alice main true',
    'bb/acme-eng/api-gateway 3 webhook carol main true',
    'bb/acme-eng/my-service 3 api carol main true',
    'bb/acme-eng/my-service 4 webhook bob feature/rate-limiting true',
    'bb/acme-eng/my-service 5 webhook alice main true',
    'bb/acme-eng/web-app 1 webhook carol master true',
    'bb/acme-eng/web-app 2 webhook bob master true',
    'bb/acme-eng/web-app 3 webhook carol master true',
    'bb/acme-eng/web-app 4 webhook carol master true',
    `${STANDALONE_PROJECT} 1 Decoupled Ingestion System   true`,
    `${STANDALONE_PROJECT} 2 api carol main true`,
    'gh/sandbox-gh-org/gh-api 2 webhook octo-contributor main true',
    'gh/sandbox-gh-org/gh-api 3 webhook octo-maintainer main true',
    'gh/sandbox-gh-org/gh-web 1 scheduled_pipeline octo-maintainer main true',
  ]);
  for (const pipeline of pipelines.filter((p) => p.state !== 'errored')) {
    expect(pipeline.vcsRevision).toMatch(/^[0-9a-f]{40}$/);
    expect(pipeline.triggerReceivedOn).toBeLessThanOrEqual(
      Number(pipeline.createdOn),
    );
  }
  // The real errored pipeline (real-shapes.ts): no vcs, received_at at the
  // epoch and login "" read as absent, a trigger type outside the spec enum.
  expect(errored).toHaveLength(1);
  expect(errored[0]).toMatchObject({
    triggerType: 'Decoupled Ingestion System',
    errorTypes: ['config'],
    errorMessages: ['Config does not conform to schema'],
  });
  expect(errored[0].triggerReceivedOn).toBeUndefined();
  expect(errored[0].triggerActorLogin).toBeUndefined();
  expect(errored[0].vcsRevision).toBeUndefined();
  expect(result.collectedRelationships).toHaveLength(15);
});

test(CircleCISteps.WORKFLOWS.id, async () => {
  const result = await steps.collect(CircleCISteps.WORKFLOWS.id);
  expect(result.collectedEntities).toHaveLength(18);
  // Status and the starting user's id as the demo dataset has them.
  const workflows = result.collectedEntities.map((w) =>
    [w.projectSlug, w.pipelineNumber, w.name, w.status].join(' '),
  );
  expect(workflows.sort()).toEqual([
    'bb/acme-eng/api-gateway 1 docs success',
    'bb/acme-eng/api-gateway 2 docs success',
    'bb/acme-eng/api-gateway 3 build-and-deploy success',
    'bb/acme-eng/my-service 3 build-and-test canceled',
    'bb/acme-eng/my-service 3 lint success',
    'bb/acme-eng/my-service 3 nightly-audit failed',
    'bb/acme-eng/my-service 4 build-and-test success',
    'bb/acme-eng/my-service 4 deploy on_hold',
    'bb/acme-eng/my-service 5 build-and-test success',
    'bb/acme-eng/my-service 5 deploy success',
    'bb/acme-eng/web-app 1 build failed',
    'bb/acme-eng/web-app 2 build success',
    'bb/acme-eng/web-app 3 build success',
    'bb/acme-eng/web-app 4 release success',
    `${STANDALONE_PROJECT} 2 build success`,
    'gh/sandbox-gh-org/gh-api 2 ship success',
    'gh/sandbox-gh-org/gh-api 3 ship success',
    'gh/sandbox-gh-org/gh-web 1 build success',
  ]);
  for (const workflow of result.collectedEntities) {
    expect(workflow.startedBy).toMatch(/^[0-9a-f-]{36}$/);
    expect(workflow.createdOn).toBeGreaterThanOrEqual(
      STEP_TEST_NOW - 30 * DAY_MS,
    );
  }
  expect(result.collectedRelationships).toHaveLength(18);
});

test(CircleCISteps.JOBS.id, async () => {
  const result = await steps.collect(CircleCISteps.JOBS.id);
  expect(result.collectedEntities).toHaveLength(31);
  // Real job items carry created_at (not in the spec): mapped to createdOn.
  for (const job of result.collectedEntities) {
    expect(typeof job.createdOn).toBe('number');
  }
  const approvals = result.collectedEntities.filter(
    (j) => j.type === 'approval',
  );
  expect(approvals.length).toBeGreaterThan(0);
  // my-service's and web-app's holds (the latter by a deleted account) and
  // gh-api's two approve-release jobs.
  expect(approvals.filter((j) => j.approvedBy)).toHaveLength(4);
  expect(result.collectedRelationships).toHaveLength(31);
});
