import { CircleCISteps } from '../metadata';
import { useStepRecording } from '../../../test/stepTest';

const steps = useStepRecording(__dirname, 'circleci');

test(CircleCISteps.CONTEXTS.id, async () => {
  steps.start(CircleCISteps.CONTEXTS.id);
  const result = await steps.execute(CircleCISteps.CONTEXTS.id);
  expect(result).toMatchStepMetadata(steps.config(CircleCISteps.CONTEXTS.id));
  const count = (type: string) =>
    [...result.collectedEntities, ...result.collectedRelationships].filter(
      (o) => o._type === type,
    ).length;
  expect(count('circleci_context')).toBe(4);
  expect(count('circleci_context_environment_variable')).toBe(8);
  expect(count('circleci_user_group_has_context')).toBe(4);
  expect(count('circleci_context_has_environment_variable')).toBe(8);
  expect(count('circleci_project_uses_context')).toBe(4);
  expect(count('circleci_project_uses_context_environment_variable')).toBe(10);
  for (const variable of result.collectedEntities.filter(
    (e) => e._type === 'circleci_context_environment_variable',
  )) {
    expect(variable._key).toBe(
      `circleci_context_environment_variable:${String(
        variable.contextId,
      )}:${String(variable.variable)}`,
    );
  }
});
