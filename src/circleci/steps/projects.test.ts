import { CircleCISteps } from '../metadata';
import { useStepRecording } from '../../../test/stepTest';

const steps = useStepRecording(__dirname, 'circleci');

/**
 * The demo's `circleci/<org-id>` project: its slug ends in the project id
 * (given by GET /pipeline?org-slug=, never built from its name).
 */
const STANDALONE_PROJECT =
  'circleci/05084afc-85c3-49c4-a442-84c373e2b235/419caf0a-c595-4c00-a142-428302dea013';

test(CircleCISteps.PROJECTS.id, async () => {
  const result = await steps.collect(CircleCISteps.PROJECTS.id);
  const projects = result.collectedEntities;
  expect(projects.map((p) => p.slug).sort()).toEqual([
    'bb/acme-eng/api-gateway',
    'bb/acme-eng/my-service',
    'bb/acme-eng/web-app',
    STANDALONE_PROJECT,
    'gh/sandbox-gh-org/gh-api',
    'gh/sandbox-gh-org/gh-web',
  ]);
  expect(projects).toHaveLength(6);
  for (const project of projects) {
    expect(project._key).toBe(`circleci_project:${String(project.id)}`);
    expect(project.webLink).toBe(
      `https://app.circleci.com/pipelines/${String(project.slug)}`,
    );
    expect(typeof project.vcsUrl).toBe('string');
    if (project.slug === STANDALONE_PROJECT) {
      expect(project.name).toBe('platform-api');
      // Scheme-less, as the API sends it: data, not a link.
      expect(project.vcsUrl).toBe(
        `//circleci.com/${STANDALONE_PROJECT.split('/').slice(1).join('/')}`,
      );
    }
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
    Array(6).fill('circleci_user_group_has_project'),
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
  expect(result).toMatchStepMetadata(steps.config(CircleCISteps.PROJECTS.id));
  // The followed projects with pipelines in the window; the unfollowed one
  // is only named by insights.
  expect(result.collectedEntities.map((p) => p.slug).sort()).toEqual([
    'bb/acme-eng/my-service',
    'bb/acme-eng/web-app',
    STANDALONE_PROJECT,
    'gh/sandbox-gh-org/gh-api',
    'gh/sandbox-gh-org/gh-web',
  ]);
});
