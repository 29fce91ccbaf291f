import {
  DisabledStepReason,
  IntegrationExecutionContext,
} from '@jupiterone/integration-sdk-core';
import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';
import { bitbucketPullRequestStepIds, bitbucketSteps } from './bitbucket';
import { circleciSteps } from './circleci';
import { IntegrationConfig } from './config';
import { crossVendorSteps } from './crossvendor';
import { CrossVendorSteps } from './crossvendor/metadata';
import { getStepStartStates } from './getStepStartStates';
import { invocationConfig } from './index';

const CIRCLECI: IntegrationConfig = { circleciApiKey: 'token' };
const BITBUCKET: IntegrationConfig = {
  bitbucketOauthKey: 'key',
  bitbucketOauthSecret: 'secret',
  bitbucketWorkspace: 'acme-eng',
};

function enabledSteps(config: IntegrationConfig): string[] {
  const context = createMockExecutionContext({
    instanceConfig: config,
  }) as IntegrationExecutionContext<IntegrationConfig>;
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

  test('both vendors: every step but the CircleCI-only mapping', () => {
    expect(enabledSteps({ ...CIRCLECI, ...BITBUCKET })).toEqual(
      [
        ...ids(circleciSteps),
        ...ids(bitbucketSteps),
        ...ids(crossVendorSteps).filter(
          (id) => id !== CrossVendorSteps.PROJECT_CODE_REPO_MAPPING.id,
        ),
      ].sort(),
    );
  });

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
      // the links need the pipelines and the users seen in them
      'circleci-pipelines': [
        'cross-vendor-link-pipelines-to-pull-requests',
        'cross-vendor-link-users',
      ],
      'circleci-contexts': [],
      'circleci-project-environment-variables': [],
      // workspaces cannot be disabled: everything Bitbucket hangs off them
      'bitbucket-workspaces': expect.any(Array),
      // relationships to users need the users
      'bitbucket-users': expect.arrayContaining([
        'bitbucket-build-pull-request-user-relationships',
        'cross-vendor-link-users',
      ]),
      'bitbucket-groups': expect.any(Array),
      'bitbucket-projects': [],
      // pull requests are listed per repository
      'bitbucket-repos': expect.arrayContaining([
        'bitbucket-fetch-pull-requests',
        'cross-vendor-link-projects-to-repos',
      ]),
      'bitbucket-pull-requests': [
        'cross-vendor-link-pipelines-to-pull-requests',
      ],
      'cross-vendor-links': [],
    });
    expect(sources['bitbucket-workspaces'].cannotBeDisabled).toBe(true);
  });
});
