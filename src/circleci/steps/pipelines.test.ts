import { CircleCISteps } from '../metadata';
import { STEP_TEST_NOW, useStepRecording } from '../../../test/stepTest';

const steps = useStepRecording(__dirname, 'circleci');
const DAY_MS = 86_400_000;

test(CircleCISteps.PIPELINES.id, async () => {
  const result = await steps.collect(CircleCISteps.PIPELINES.id);
  const pipelines = result.collectedEntities;
  expect(pipelines).toHaveLength(15);
  // The default 30-day lookback window: nothing older is collected.
  const cutoff = STEP_TEST_NOW - 30 * DAY_MS;
  const errored = pipelines.filter((p) => p.state === 'errored');
  for (const pipeline of pipelines) {
    expect(pipeline.createdOn).toBeGreaterThanOrEqual(cutoff);
    expect(typeof pipeline.number).toBe('number');
    expect(typeof pipeline.triggerType).toBe('string');
    expect(pipeline._rawData?.[0].rawData).not.toHaveProperty(
      'trigger_parameters',
    );
    expect(String(pipeline.webLink)).toMatch(
      /^https:\/\/app\.circleci\.com\/pipelines\//,
    );
    if (errored.includes(pipeline)) continue;
    expect(typeof pipeline.triggerActorLogin).toBe('string');
    expect(typeof pipeline.vcsRevision).toBe('string');
    expect(typeof pipeline.triggerReceivedOn).toBe('number');
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
  for (const workflow of result.collectedEntities) {
    expect(typeof workflow.status).toBe('string');
    expect(typeof workflow.startedBy).toBe('string');
    expect(typeof workflow.createdOn).toBe('number');
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
