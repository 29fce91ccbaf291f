import { CircleCISteps } from '../metadata';
import { useStepRecording } from '../../../test/stepTest';

const steps = useStepRecording(__dirname, 'circleci');

test(CircleCISteps.PROJECT_ENV_VARS.id, async () => {
  steps.start(CircleCISteps.PROJECT_ENV_VARS.id);
  const result = await steps.execute(CircleCISteps.PROJECT_ENV_VARS.id);
  expect(result).toMatchStepMetadata(
    steps.config(CircleCISteps.PROJECT_ENV_VARS.id),
  );
  const variables = result.collectedEntities;
  expect(variables).toHaveLength(8);
  for (const variable of variables) {
    expect(variable._key).toBe(
      `circleci_project_environment_variable:${String(
        variable.projectId,
      )}:${String(variable.name)}`,
    );
    // Never the value, not even the API's masked form.
    expect(JSON.stringify(variable)).not.toMatch(/"value"|xxxx/);
  }
  expect(result.collectedRelationships).toHaveLength(8);
  expect(new Set(result.collectedRelationships.map((r) => r._type))).toEqual(
    new Set(['circleci_project_has_environment_variable']),
  );
});
