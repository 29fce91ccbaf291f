import { CircleCISteps } from '../metadata';
import { stepTestConfig, useStepRecording } from '../test-support/stepTest';

const steps = useStepRecording(__dirname);

test(CircleCISteps.USER_GROUPS.id, async () => {
  steps.start(CircleCISteps.USER_GROUPS.id);
  const result = await steps.execute(CircleCISteps.USER_GROUPS.id);
  expect(result).toMatchStepMetadata(
    stepTestConfig(CircleCISteps.USER_GROUPS.id),
  );
  const groups = result.collectedEntities;
  expect(groups.map((g) => g.slug).sort()).toEqual([
    'bb/acme-eng',
    'gh/sandbox-gh-org',
  ]);
  for (const group of groups) {
    expect(group._key).toBe(`circleci_user_group:${String(group.id)}`);
  }
  // vcsType, and the older integration's vcstype, from each collaboration
  expect(groups.map((g) => [g.slug, g.vcsType, g.vcstype]).sort()).toEqual([
    ['bb/acme-eng', 'bitbucket', 'bitbucket'],
    ['gh/sandbox-gh-org', 'github', 'github'],
  ]);
  const byType = (type: string) =>
    result.collectedRelationships.filter((r) => r._type === type);
  // Every organization hangs off the account and has the token owner.
  expect(byType('circleci_account_has_user_group')).toHaveLength(2);
  expect(byType('circleci_user_group_has_user')).toHaveLength(2);
  expect(result.collectedRelationships).toHaveLength(4);
});
