import { CircleCISteps } from '../metadata';
import { ofType, useStepRecording } from '../../../test/stepTest';

const steps = useStepRecording(__dirname, 'circleci');

test(CircleCISteps.SCHEDULES.id, async () => {
  steps.start(CircleCISteps.SCHEDULES.id);
  const result = await steps.execute(CircleCISteps.SCHEDULES.id);
  // (toMatchStepMetadata does not support mapped relationships: the
  // schema checks are below.)
  expect(ofType(result, 'circleci_schedule')).toMatchGraphObjectSchema({
    _class: ['Configuration'],
  });
  const schedules = ofType(result, 'circleci_schedule');
  expect(
    schedules
      .map((s) => [s.projectSlug, s.name, s.actorLogin, s.branch].join(' '))
      .sort(),
  ).toEqual([
    'bb/acme-eng/my-service nightly-release bob main',
    'bb/acme-eng/web-app weekly-audit alice master',
    'gh/sandbox-gh-org/gh-web hourly-smoke acme-release-bot main',
  ]);
  // Parameters other than branch/tag by name only.
  expect(
    schedules.find((s) => s.name === 'nightly-release')?.parameterNames,
  ).toEqual(['branch', 'run-integration-tests']);
  // The actors not yet collected (bob, the release bot) are added from
  // the schedule answer itself: no GET /user/{id}. alice is the token owner.
  const users = ofType(result, 'circleci_user');
  expect(users.map((u) => u.login).sort()).toEqual(['acme-release-bot', 'bob']);
  expect(steps.requested().filter((p) => p.includes('/user/'))).toEqual([]);
  const direct = result.collectedRelationships.filter((r) => !r._mapping);
  const uses = direct.filter((r) => r._type === 'circleci_schedule_uses_user');
  expect(uses).toHaveLength(3);
  expect(
    direct.filter((r) => r._type === 'circleci_project_has_schedule'),
  ).toHaveLength(3);
  expect(
    direct.filter((r) => r._type === 'circleci_account_has_user'),
  ).toHaveLength(2);
  // New actors are mapped to a Person like every other user.
  expect(result.collectedRelationships.filter((r) => r._mapping)).toHaveLength(
    2,
  );
});
