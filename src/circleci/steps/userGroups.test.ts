import { CircleCISteps } from '../metadata';
import { useStepRecording } from '../../../test/stepTest';

const steps = useStepRecording(__dirname, 'circleci');

/** The demo's `circleci/<org-id>` organization (seeded, so stable). */
const STANDALONE_ORG = 'circleci/05084afc-85c3-49c4-a442-84c373e2b235';

test(CircleCISteps.USER_GROUPS.id, async () => {
  const result = await steps.collect(CircleCISteps.USER_GROUPS.id);
  const groups = result.collectedEntities;
  expect(groups.map((g) => g.slug).sort()).toEqual([
    'bb/acme-eng',
    STANDALONE_ORG,
    'gh/sandbox-gh-org',
  ]);
  for (const group of groups) {
    expect(group._key).toBe(`circleci_user_group:${String(group.id)}`);
  }
  // vcsType, and the older integration's vcstype, from each collaboration
  // (the sandbox, like the real API, spells it vcs_type)
  expect(groups.map((g) => [g.slug, g.vcsType, g.vcstype]).sort()).toEqual([
    ['bb/acme-eng', 'bitbucket', 'bitbucket'],
    [STANDALONE_ORG, 'circleci', 'circleci'],
    ['gh/sandbox-gh-org', 'github', 'github'],
  ]);
  const byType = (type: string) =>
    result.collectedRelationships.filter((r) => r._type === type);
  // Every organization hangs off the account and has the token owner.
  expect(byType('circleci_account_has_user_group')).toHaveLength(3);
  expect(byType('circleci_user_group_has_user')).toHaveLength(3);
  expect(result.collectedRelationships).toHaveLength(6);
});
