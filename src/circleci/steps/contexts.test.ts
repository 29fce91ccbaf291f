import { CircleCISteps } from '../metadata';
import { ofType, useStepRecording } from '../../../test/stepTest';

const steps = useStepRecording(__dirname, 'circleci');

test(CircleCISteps.CONTEXTS.id, async () => {
  const result = await steps.collect(CircleCISteps.CONTEXTS.id);
  const count = (type: string) => ofType(result, type).length;
  expect(count('circleci_context')).toBe(6);
  expect(count('circleci_context_environment_variable')).toBe(11);
  expect(count('circleci_user_group_has_context')).toBe(6);
  expect(count('circleci_context_has_environment_variable')).toBe(11);
  expect(count('circleci_project_uses_context')).toBe(5);
  expect(count('circleci_project_uses_context_environment_variable')).toBe(12);
  // Keys as written literally: scoped by the context's id, so the same
  // variable name in two contexts (DEPLOY_TOKEN, NPM_TOKEN) stays two.
  expect(
    ofType(result, 'circleci_context_environment_variable')
      .map((e) => e._key)
      .sort(),
  ).toEqual([
    'circleci_context_environment_variable:1b21ca32-4931-4c44-a4ef-c4aee3f33844:DEPLOY_TOKEN',
    'circleci_context_environment_variable:1b21ca32-4931-4c44-a4ef-c4aee3f33844:NPM_TOKEN',
    'circleci_context_environment_variable:7b2340bb-ebba-46f1-acd7-98096999865c:STAGING_DEPLOY_KEY',
    'circleci_context_environment_variable:7fe2afb5-7753-4e1d-a96f-1b5fb4a98b5a:GITHUB_TOKEN',
    'circleci_context_environment_variable:7fe2afb5-7753-4e1d-a96f-1b5fb4a98b5a:NPM_TOKEN',
    'circleci_context_environment_variable:9c627dfb-a9c4-40a4-ab04-12c21df82ed1:SLACK_WEBHOOK_URL',
    'circleci_context_environment_variable:cc159db3-5469-4214-a2b7-913d06f46d3c:SIGNING_KEY',
    'circleci_context_environment_variable:cc159db3-5469-4214-a2b7-913d06f46d3c:SIGNING_KEY_ID',
    'circleci_context_environment_variable:ed6b76a6-62cf-4942-a5b0-2e769d1f635e:AWS_ACCESS_KEY_ID',
    'circleci_context_environment_variable:ed6b76a6-62cf-4942-a5b0-2e769d1f635e:AWS_SECRET_ACCESS_KEY',
    'circleci_context_environment_variable:ed6b76a6-62cf-4942-a5b0-2e769d1f635e:DEPLOY_TOKEN',
  ]);
  // Restricted contexts are used by exactly the projects they name;
  // shared-notifications is unrestricted, so no project USES it.
  const contextName = new Map(
    ofType(result, 'circleci_context').map((e) => [e._key, e.name]),
  );
  expect(
    result.collectedRelationships
      .filter((r) => r._type === 'circleci_project_uses_context')
      .map((r) => [r._fromEntityKey, contextName.get(String(r._toEntityKey))])
      .sort(),
  ).toEqual([
    ['circleci_project:50142eb1-2d11-41ad-a2be-b3c622d6b961', 'aws-production'],
    ['circleci_project:50142eb1-2d11-41ad-a2be-b3c622d6b961', 'npm-publishing'],
    ['circleci_project:8caf2846-9970-4565-a614-94f68bdf4b61', 'aws-production'],
    ['circleci_project:9fe75bc8-949d-40ec-a557-1af0a14b3510', 'legacy-signing'],
    ['circleci_project:dd6e2a50-f73d-4931-a12d-40e97cb5735a', 'gh-release'],
  ]);
});
