import { CircleCISteps } from '../metadata';
import { useStepRecording } from '../../../test/stepTest';

const steps = useStepRecording(__dirname, 'circleci');

test(CircleCISteps.USERS.id, async () => {
  steps.start(CircleCISteps.USERS.id);
  const result = await steps.execute(CircleCISteps.USERS.id);
  const users = result.collectedEntities;
  // Four users besides the token owner: one more id is a deleted user (404).
  expect(users).toHaveLength(4);
  expect(users).toMatchGraphObjectSchema({ _class: ['User'] });
  for (const user of users) {
    expect(user._type).toBe('circleci_user');
    expect(user.tokenOwner).toBe(false);
  }
  const direct = result.collectedRelationships.filter((r) => !r._mapping);
  expect(direct).toMatchDirectRelationshipSchema({});
  const count = (type: string) => direct.filter((r) => r._type === type).length;
  expect(count('circleci_account_has_user')).toBe(4);
  expect(count('circleci_user_approved_job')).toBe(3);
  expect(count('circleci_user_triggers_workflow')).toBe(16);
  // 13 pipelines in the window; the errored one has actor.login "" (no user)
  expect(count('circleci_user_triggers_pipeline')).toBe(12);
  expect(count('circleci_user_group_has_user')).toBe(5);
  expect(direct).toHaveLength(40);
  const mapped = result.collectedRelationships.flatMap((r) =>
    r._mapping && typeof r._mapping === 'object' ? [r._mapping] : [],
  );
  expect(mapped.map((m) => m.sourceEntityKey).sort()).toEqual(
    users.map((u) => u._key).sort(),
  );
  for (const mapping of mapped) {
    expect(mapping).toMatchObject({
      skipTargetCreation: true,
      targetFilterKeys: [['_class', 'circleciLogin']],
    });
  }
});
