import { CircleCISteps } from '../metadata';
import { stepTestConfig, useStepRecording } from '../test-support/stepTest';

const steps = useStepRecording(__dirname);

test(CircleCISteps.PROJECTS.id, async () => {
  steps.start(CircleCISteps.PROJECTS.id);
  const result = await steps.execute(CircleCISteps.PROJECTS.id);
  expect(result).toMatchStepMetadata(stepTestConfig(CircleCISteps.PROJECTS.id));
  const projects = result.collectedEntities;
  expect(projects.map((p) => p.slug).sort()).toEqual([
    'bb/acme-eng/api-gateway',
    'bb/acme-eng/my-service',
    'bb/acme-eng/web-app',
    'gh/sandbox-gh-org/gh-api',
    'gh/sandbox-gh-org/gh-web',
  ]);
  expect(projects).toHaveLength(5);
  for (const project of projects) {
    expect(project._key).toBe(`circleci_project:${String(project.id)}`);
    expect(project.webLink).toBe(
      `https://app.circleci.com/pipelines/${String(project.slug)}`,
    );
    expect(typeof project.vcsUrl).toBe('string');
    expect(typeof project.defaultBranch).toBe('string');
    expect(['Bitbucket', 'GitHub', 'CircleCI']).toContain(project.vcsProvider);
  }
  // The demo's settings answer 403 for exactly one project: collected
  // without its settings properties.
  const withoutSettings = projects.filter((p) => p.settingsAvailable === false);
  expect(withoutSettings.map((p) => p.slug)).toEqual(['bb/acme-eng/web-app']);
  expect(withoutSettings[0].forksReceiveSecretEnvVars).toBeUndefined();
  for (const project of projects.filter((p) => p.settingsAvailable)) {
    expect(typeof project.forksReceiveSecretEnvVars).toBe('boolean');
  }
  expect(result.collectedRelationships.map((r) => r._type)).toEqual(
    Array(5).fill('circleci_user_group_has_project'),
  );
});

test(`${CircleCISteps.PROJECTS.id}: without insights, the /pipeline?org-slug= listing (every page back to the lookback cut)`, async () => {
  steps.start(`${CircleCISteps.PROJECTS.id}-pipeline-listing`, [
    {
      kind: 'status',
      status: 403,
      vendor: 'circleci',
      endpoint: 'GET /insights/{org-slug}/summary',
    },
  ]);
  const result = await steps.execute(CircleCISteps.PROJECTS.id);
  expect(result).toMatchStepMetadata(stepTestConfig(CircleCISteps.PROJECTS.id));
  // The followed projects with pipelines in the window; the unfollowed one
  // is only named by insights.
  expect(result.collectedEntities.map((p) => p.slug).sort()).toEqual([
    'bb/acme-eng/my-service',
    'bb/acme-eng/web-app',
    'gh/sandbox-gh-org/gh-api',
    'gh/sandbox-gh-org/gh-web',
  ]);
});
