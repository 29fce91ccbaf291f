import { CircleCIEntities, CircleCISteps } from '../metadata';
import { ofType, useStepRecording } from '../../../test/stepTest';

const steps = useStepRecording(__dirname, 'circleci');

test(CircleCISteps.DEPLOY_COMPONENTS.id, async () => {
  const result = await steps.collect(CircleCISteps.DEPLOY_COMPONENTS.id);
  const byType = (type: string) => ofType(result, type);
  expect(
    byType('circleci_environment').map((e) => [e.name, e.production]),
  ).toEqual([
    ['production', true],
    ['staging', false],
  ]);
  expect(
    byType('circleci_component')
      .map((c) => c.name)
      .sort(),
  ).toEqual(['api-gateway', 'my-service', 'web-app']);
  expect(byType('circleci_project_has_component')).toHaveLength(3);
  expect(byType('circleci_user_group_has_environment')).toHaveLength(2);
  // One listing of each per organization, at page-size 100.
  const listings = steps
    .requested()
    .filter((path) => path.includes('/deploy/'));
  expect(listings).toHaveLength(6);
  for (const path of listings) expect(path).toContain('page-size=100');
});

test(CircleCISteps.DEPLOYS.id, async () => {
  const result = await steps.run(CircleCISteps.DEPLOYS.id);
  // toMatchStepMetadata does not support mapped relationships.
  expect(result.collectedEntities).toMatchGraphObjectSchema({
    _class: CircleCIEntities.DEPLOY._class,
    schema: {
      properties: {
        _type: { const: CircleCIEntities.DEPLOY._type },
        version: { type: 'string' },
        isLive: { type: 'boolean' },
        production: { type: 'boolean' },
        changeReview: { type: 'string' },
      },
      required: ['version', 'isLive', 'production', 'changeReview'],
    },
  });
  expect(result.collectedEntities).toHaveLength(6);
  const rels = result.collectedRelationships;
  const count = (type: string, mapped: boolean) =>
    rels.filter((r) => r._type === type && Boolean(r._mapping) === mapped)
      .length;
  expect(count('circleci_component_has_deploy', false)).toBe(6);
  expect(count('circleci_deploy_uses_environment', false)).toBe(6);
  // Four deploys by pipelines in the window, two by older ones (mapped).
  for (const type of [
    'circleci_pipeline_performed_deploy',
    'circleci_workflow_performed_deploy',
    'circleci_job_performed_deploy',
  ]) {
    expect([count(type, false), count(type, true)]).toEqual([4, 2]);
  }
  // The versions listing is paged (2 per page here) and the only pipeline
  // read by id is the live version's one outside the window.
  const requested = steps.requested();
  expect(
    requested.filter((p) => p.includes('/versions?page-token=')).length,
  ).toBeGreaterThan(0);
  expect(
    requested.filter((p) => /\/pipeline\/[0-9a-f-]{36}$/.test(p)),
  ).toHaveLength(1);
});
