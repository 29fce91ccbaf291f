import {
  DisabledStepReason,
  IntegrationExecutionContext,
} from '@jupiterone/integration-sdk-core';
import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';
import { bitbucketPullRequestStepIds, bitbucketSteps } from './bitbucket';
import { circleciSteps } from './circleci';
import { IntegrationConfig } from './config';
import { crossVendorSteps } from './crossvendor';
import { CircleCIDeployChainSteps } from './crossvendor/circleciDeploys';
import { CircleCISteps } from './circleci/metadata';
import { CrossVendorSteps } from './crossvendor/metadata';
import { getStepStartStates } from './getStepStartStates';
import { invocationConfig } from './index';

const CIRCLECI: IntegrationConfig = { circleciApiKey: 'token' };
const BITBUCKET: IntegrationConfig = {
  bitbucketOauthKey: 'key',
  bitbucketOauthSecret: 'secret',
  bitbucketWorkspace: 'acme-eng',
};

function enabledSteps(
  config: IntegrationConfig,
  disabledSources: string[] = [],
): string[] {
  const context = createMockExecutionContext({
    instanceConfig: config,
  }) as IntegrationExecutionContext<IntegrationConfig>;
  context.instance.disabledSources = disabledSources.map(
    (ingestionSourceId) => ({ ingestionSourceId }),
  );
  const states = getStepStartStates(context);
  expect(Object.keys(states).sort()).toEqual(
    invocationConfig.integrationSteps.map((step) => step.id).sort(),
  );
  for (const state of Object.values(states)) {
    if (state.disabled) {
      expect(state.disabledReason).toBe(DisabledStepReason.CONFIG);
    }
  }
  return Object.entries(states)
    .filter(([, state]) => !state.disabled)
    .map(([id]) => id)
    .sort();
}

const ids = (steps: Array<{ id: string }>) => steps.map((step) => step.id);
const DEPLOYS_WITH_PRS = CircleCIDeployChainSteps.DEPLOYS_WITH_PULL_REQUESTS.id;

describe('getStepStartStates', () => {
  test('CircleCI alone: its steps and the CodeRepo mapping only', () => {
    expect(enabledSteps(CIRCLECI)).toEqual(
      [
        ...ids(circleciSteps),
        CrossVendorSteps.PROJECT_CODE_REPO_MAPPING.id,
      ].sort(),
    );
  });

  test('Bitbucket alone: its steps only', () => {
    expect(enabledSteps(BITBUCKET)).toEqual(ids(bitbucketSteps).sort());
  });

  test('Bitbucket without pull requests: the PR steps are off', () => {
    const enabled = enabledSteps({
      ...BITBUCKET,
      bitbucketIngestPullRequests: false,
    });
    expect(bitbucketPullRequestStepIds.length).toBeGreaterThan(0);
    for (const id of bitbucketPullRequestStepIds) {
      expect(enabled).not.toContain(id);
    }
    expect(enabled).toEqual(
      ids(bitbucketSteps)
        .filter((id) => !bitbucketPullRequestStepIds.includes(id))
        .sort(),
    );
  });

  test('both vendors: every step but the CircleCI-only mapping, deploys linked to pull requests', () => {
    expect(enabledSteps({ ...CIRCLECI, ...BITBUCKET })).toEqual(
      [
        ...ids(circleciSteps).filter((id) => id !== CircleCISteps.DEPLOYS.id),
        ...ids(bitbucketSteps),
        ...ids(crossVendorSteps).filter(
          (id) => id !== CrossVendorSteps.PROJECT_CODE_REPO_MAPPING.id,
        ),
        DEPLOYS_WITH_PRS,
      ].sort(),
    );
  });

  test.each([
    [
      'pull requests switched off in the config',
      { bitbucketIngestPullRequests: false },
      [],
    ],
    ['the pull-request source disabled', {}, ['bitbucket-pull-requests']],
    ['the repository source disabled', {}, ['bitbucket-repos']],
  ])(
    'both vendors, %s: the plain deploy step runs instead of the linking one',
    (_label, extra, disabledSources) => {
      const enabled = enabledSteps(
        { ...CIRCLECI, ...BITBUCKET, ...extra },
        disabledSources,
      );
      expect(enabled).toContain(CircleCISteps.DEPLOYS.id);
      expect(enabled).not.toContain(DEPLOYS_WITH_PRS);
    },
  );

  test('both vendors without pull requests: no pipeline-to-PR links either', () => {
    const enabled = enabledSteps({
      ...CIRCLECI,
      ...BITBUCKET,
      bitbucketIngestPullRequests: 'false',
    });
    expect(enabled).not.toContain(CrossVendorSteps.PIPELINE_PULL_REQUEST.id);
    expect(enabled).toContain(CrossVendorSteps.PROJECT_REPO.id);
  });
});

/** Steps the SDK skips when a source is off: its own and their dependents. */
function disabledBySource(source: string): string[] {
  const steps = invocationConfig.integrationSteps;
  const disabled = new Set(
    steps.filter((step) => step.ingestionSourceId === source).map((s) => s.id),
  );
  let changed = true;
  while (changed) {
    changed = false;
    for (const step of steps) {
      if (
        !disabled.has(step.id) &&
        (step.dependsOn ?? []).some((id) => disabled.has(id))
      ) {
        disabled.add(step.id);
        changed = true;
      }
    }
  }
  return steps
    .filter(
      (step) => disabled.has(step.id) && step.ingestionSourceId !== source,
    )
    .map((step) => step.id)
    .sort();
}

describe('ingestionConfig', () => {
  const sources = invocationConfig.ingestionConfig ?? {};

  test('declares every source a step uses, and every declared source is used', () => {
    const used = new Set(
      invocationConfig.integrationSteps
        .map((step) => step.ingestionSourceId)
        .filter((id): id is string => id !== undefined),
    );
    expect([...used].sort()).toEqual(Object.keys(sources).sort());
    for (const source of Object.values(sources)) {
      expect(source.title).toEqual(expect.any(String));
      expect(source.description).toEqual(expect.any(String));
    }
  });

  test('pull requests are a source of their own, enabled by default, as are repositories', () => {
    const prStep = invocationConfig.integrationSteps.find((step) =>
      bitbucketPullRequestStepIds.includes(step.id),
    );
    expect(prStep?.ingestionSourceId).toBeDefined();
    const prSource = sources[prStep?.ingestionSourceId ?? ''];
    expect(prSource.defaultsToDisabled).toBe(false);
    for (const source of Object.values(sources)) {
      // The older Bitbucket integration shipped repositories off by default,
      // so a default install collected no repositories or pull requests.
      expect(source.defaultsToDisabled).toBe(false);
    }
  });

  /**
   * Switching a source off disables its steps, and the SDK also skips every
   * step depending on them. Each cascade below is one where the skipped step
   * needs the switched-off data to do anything at all; anything else would
   * silently lose unrelated data.
   */
  test('switching a source off only skips steps that need its data', () => {
    const cascades = Object.fromEntries(
      Object.keys(sources).map((source) => [source, disabledBySource(source)]),
    );
    expect(cascades).toEqual({
      // the links need the pipelines and the users seen in them; a deploy
      // names the pipeline, workflow and job that deployed it
      'circleci-pipelines': [
        'circleci-fetch-deploys',
        'cross-vendor-fetch-circleci-deploys-with-pull-requests',
        'cross-vendor-link-pipelines-to-pull-requests',
        'cross-vendor-link-users',
      ],
      'circleci-deploys': [],
      'circleci-contexts': [],
      'circleci-project-environment-variables': [],
      // the key link needs the checkout keys
      'circleci-project-access': [
        'cross-vendor-link-checkout-keys-to-deploy-keys',
      ],
      // workspaces cannot be disabled; every Bitbucket step is per workspace
      'bitbucket-workspaces': [
        // group principals: permissions and restrictions of the workspaces' repos
        'bitbucket-build-group-access-relationships',
        // members and owners link groups of a workspace to its users
        'bitbucket-build-group-user-relationships',
        // PR authors and reviewers are matched to workspace members
        'bitbucket-build-pull-request-user-relationships',
        // links a workspace's projects to its repositories
        'bitbucket-build-project-repo-relationships',
        // user principals: permissions and restrictions of the workspaces' repos
        'bitbucket-build-user-access-relationships',
        // branch restrictions are read per repository of a workspace
        'bitbucket-fetch-branch-restrictions',
        // project permissions are read per project of a workspace
        'bitbucket-fetch-project-permissions',
        // and linked to the workspace's users and groups
        'bitbucket-build-project-permission-principals',
        // effective access is listed per workspace
        'bitbucket-build-repo-access',
        // default reviewers are read per repository of a workspace
        'bitbucket-fetch-default-reviewers',
        // groups are listed per workspace
        'bitbucket-fetch-groups',
        // projects are listed per workspace
        'bitbucket-fetch-projects',
        // pull requests are listed per repository of a workspace
        'bitbucket-fetch-pull-requests',
        // pipelines, environments and deployments are read per repository
        'bitbucket-fetch-pipelines',
        'bitbucket-fetch-environments',
        'bitbucket-fetch-deployments',
        // user TRIGGERS pipeline needs both
        'bitbucket-build-pipeline-user-relationships',
        // permissions are read per repository of a workspace
        'bitbucket-fetch-repo-permissions',
        // deploy keys are read per repository and project of a workspace
        'bitbucket-fetch-repo-deploy-keys',
        'bitbucket-fetch-project-deploy-keys',
        // webhooks and Pipelines variables: per workspace and repository
        'bitbucket-fetch-repo-webhooks',
        'bitbucket-fetch-workspace-webhooks',
        'bitbucket-fetch-repo-pipeline-variables',
        'bitbucket-fetch-workspace-pipeline-variables',
        // and per deployment environment of the workspaces' repositories
        'bitbucket-fetch-environment-pipeline-variables',
        // repositories are listed per workspace
        'bitbucket-fetch-repos',
        // users are the workspace members
        'bitbucket-fetch-users',
        // links CircleCI projects to the workspaces' repositories
        'cross-vendor-link-projects-to-repos',
        // links pipelines to the workspaces' pull requests
        'cross-vendor-link-pipelines-to-pull-requests',
        // deploys linked to pull requests (getStepStartStates then runs
        // the plain circleci-fetch-deploys instead)
        'cross-vendor-fetch-circleci-deploys-with-pull-requests',
        // links CircleCI users to workspace members
        'cross-vendor-link-users',
        // links checkout keys to the workspaces' deploy keys
        'cross-vendor-link-checkout-keys-to-deploy-keys',
      ].sort(),
      'bitbucket-users': [
        // group HAS user and user OWNS group point at user entities
        'bitbucket-build-group-user-relationships',
        // user TRIGGERS pipeline starts at user entities
        'bitbucket-build-pipeline-user-relationships',
        // OPENED, REVIEWED and APPROVED start at user entities
        'bitbucket-build-pull-request-user-relationships',
        // user HAS permission and restriction ALLOWS user need user entities
        'bitbucket-build-user-access-relationships',
        // user HAS project permission needs user entities too
        'bitbucket-build-project-permission-principals',
        // repo ALLOWS user and repo ASSIGNED user point at user entities
        'bitbucket-build-repo-access',
        'bitbucket-fetch-default-reviewers',
        // CircleCI users are matched to Bitbucket user entities
        'cross-vendor-link-users',
      ].sort(),
      'bitbucket-groups': [
        // group HAS permission and restriction ALLOWS group need group entities
        'bitbucket-build-group-access-relationships',
        'bitbucket-build-project-permission-principals',
        // the group and project-group paths of effective access need the
        // group memberships (without them the paths would be guessed)
        'bitbucket-build-repo-access',
      ].sort(),
      'bitbucket-projects': [
        // the project paths of effective access need the project permissions
        'bitbucket-build-repo-access',
        // project deploy keys are read per project
        'bitbucket-fetch-project-deploy-keys',
        // checkout keys are linked to project deploy keys too
        'cross-vendor-link-checkout-keys-to-deploy-keys',
      ].sort(),
      // checkout keys are linked to the deploy keys
      'bitbucket-deploy-keys': [
        'cross-vendor-link-checkout-keys-to-deploy-keys',
      ],
      'bitbucket-webhooks': [],
      'bitbucket-pipeline-variables': [],
      'bitbucket-repos': [
        // project HAS repo needs the repositories
        'bitbucket-build-project-repo-relationships',
        // pull requests are listed per repository
        'bitbucket-fetch-pull-requests',
        // repository deploy keys, webhooks and variables: per repository
        'bitbucket-fetch-repo-deploy-keys',
        // checkout keys are linked to repository deploy keys
        'cross-vendor-link-checkout-keys-to-deploy-keys',
        'bitbucket-fetch-repo-webhooks',
        'bitbucket-fetch-repo-pipeline-variables',
        // environments are read per repository, and their variables
        'bitbucket-fetch-environment-pipeline-variables',
        // a PR's users need the PR
        'bitbucket-build-pull-request-user-relationships',
        // pipelines, environments and deployments are read per repository
        'bitbucket-fetch-pipelines',
        'bitbucket-fetch-environments',
        'bitbucket-fetch-deployments',
        'bitbucket-build-pipeline-user-relationships',
        // CircleCI projects are matched to repositories
        'cross-vendor-link-projects-to-repos',
        // pipelines are matched to pull requests
        'cross-vendor-link-pipelines-to-pull-requests',
        // deploys are matched to pull requests (the plain deploy step runs)
        'cross-vendor-fetch-circleci-deploys-with-pull-requests',
      ].sort(),
      'bitbucket-pull-requests': [
        // deploys are matched to pull requests (the plain deploy step runs)
        'cross-vendor-fetch-circleci-deploys-with-pull-requests',
        // deployments carry the change review of the PR they deployed
        'bitbucket-fetch-deployments',
        'cross-vendor-link-pipelines-to-pull-requests',
      ].sort(),
      // environment variables are read per collected environment
      'bitbucket-pipelines': ['bitbucket-fetch-environment-pipeline-variables'],
      'cross-vendor-links': [],
    });
    expect(sources['bitbucket-workspaces'].cannotBeDisabled).toBe(true);
  });
});
