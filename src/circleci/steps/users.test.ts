import { CircleCISteps } from '../metadata';
import { useStepRecording } from '../../../test/stepTest';

const steps = useStepRecording(__dirname, 'circleci');

test(CircleCISteps.USERS.id, async () => {
  const result = await steps.run(CircleCISteps.USERS.id);
  const users = result.collectedEntities;
  expect(users).toMatchGraphObjectSchema({ _class: ['User'] });
  // Three users besides the token owner and bob, whom the schedules step
  // (a dependency) already collected from his schedule; one more id is a
  // deleted user (404).
  expect(users.map((u) => u.login).sort()).toEqual([
    'carol',
    'octo-contributor',
    'octo-maintainer',
  ]);
  for (const user of users) {
    expect(user._type).toBe('circleci_user');
    expect(user.tokenOwner).toBe(false);
  }
  const direct = result.collectedRelationships.filter((r) => !r._mapping);
  expect(direct).toMatchDirectRelationshipSchema({});
  const count = (type: string) => direct.filter((r) => r._type === type).length;
  expect(count('circleci_account_has_user')).toBe(3);
  // web-app's hold was approved by the deleted account: no relationship.
  expect(count('circleci_user_approved_job')).toBe(3);
  expect(count('circleci_user_triggers_workflow')).toBe(18);
  // 15 pipelines in the window; the errored one has actor.login "" (no user)
  expect(count('circleci_user_triggers_pipeline')).toBe(14);
  // Memberships read from activity, each marked inferred.
  const memberships = direct.filter(
    (r) => r._type === 'circleci_user_group_has_user',
  );
  expect(memberships).toHaveLength(5);
  expect(memberships.every((r) => r.inferred === true)).toBe(true);
  expect(direct).toHaveLength(43);
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
