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
import {
  BitbucketIngestionSourceIds as BS,
  BitbucketSteps as B,
} from './bitbucket/metadata';
import {
  CircleCIIngestionSourceIds as CS,
  CircleCISteps as C,
} from './circleci/metadata';
import {
  CROSS_VENDOR_INGESTION_SOURCE,
  CrossVendorSteps as X,
} from './crossvendor/metadata';
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
      [...ids(circleciSteps), X.PROJECT_CODE_REPO_MAPPING.id].sort(),
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
        ...ids(circleciSteps).filter((id) => id !== C.DEPLOYS.id),
        ...ids(bitbucketSteps),
        ...ids(crossVendorSteps).filter(
          (id) => id !== X.PROJECT_CODE_REPO_MAPPING.id,
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
    ['the pull-request source disabled', {}, [BS.PULL_REQUESTS]],
    ['the repository source disabled', {}, [BS.REPOS]],
  ])(
    'both vendors, %s: the plain deploy step runs instead of the linking one',
    (_label, extra, disabledSources) => {
      const enabled = enabledSteps(
        { ...CIRCLECI, ...BITBUCKET, ...extra },
        disabledSources,
      );
      expect(enabled).toContain(C.DEPLOYS.id);
      expect(enabled).not.toContain(DEPLOYS_WITH_PRS);
    },
  );

  test('both vendors without pull requests: no pipeline-to-PR links either', () => {
    const enabled = enabledSteps({
      ...CIRCLECI,
      ...BITBUCKET,
      bitbucketIngestPullRequests: 'false',
    });
    expect(enabled).not.toContain(X.PIPELINE_PULL_REQUEST.id);
    expect(enabled).toContain(X.PROJECT_REPO.id);
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

/**
 * The Bitbucket steps that read one listing per collected repository and
 * nothing else (declared after the repository step alone, like every
 * child listing): skipped with the repositories and with the workspaces,
 * which is what they need. Listed from metadata.ts so a new per-repository
 * resource needs no line below; every other cascade is written out.
 */
function perRepository(switchedOff: string): string[] {
  return Object.values(B)
    .filter(
      (step) =>
        step.after.length === 1 &&
        step.after[0].id === B.REPOS.id &&
        step.source !== switchedOff,
    )
    .map((step) => step.id);
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
      [CS.PIPELINES]: [
        C.DEPLOYS.id,
        CircleCIDeployChainSteps.DEPLOYS_WITH_PULL_REQUESTS.id,
        X.PIPELINE_PULL_REQUEST.id,
        X.USER_USER.id,
      ],
      [CS.DEPLOYS]: [],
      [CS.CONTEXTS]: [],
      [CS.PROJECT_ENV_VARS]: [],
      // the key link needs the checkout keys
      [CS.PROJECT_ACCESS]: [X.CHECKOUT_KEY_DEPLOY_KEY.id],
      // workspaces cannot be disabled; every Bitbucket step is per workspace
      [BS.WORKSPACES]: [
        // every step read per repository (perRepository)
        ...perRepository(BS.WORKSPACES),
        // group principals: permissions and restrictions of the workspaces' repos
        B.GROUP_ACCESS_RELATIONSHIPS.id,
        // members and owners link groups of a workspace to its users
        B.GROUP_USER_RELATIONSHIPS.id,
        // PR authors and reviewers are matched to workspace members
        B.PULL_REQUEST_USER_RELATIONSHIPS.id,
        // links a workspace's projects to its repositories
        B.PROJECT_REPO_RELATIONSHIPS.id,
        // user principals: permissions and restrictions of the workspaces' repos
        B.USER_ACCESS_RELATIONSHIPS.id,
        // project permissions are read per project of a workspace
        B.PROJECT_PERMISSIONS.id,
        // and linked to the workspace's users and groups
        B.PROJECT_PERMISSION_PRINCIPALS.id,
        // effective access is listed per workspace
        B.REPO_ACCESS.id,
        // default reviewers are read per repository of a workspace
        B.DEFAULT_REVIEWERS.id,
        // groups are listed per workspace
        B.GROUPS.id,
        // projects are listed per workspace
        B.PROJECTS.id,
        // deployments are read per repository with environments
        B.DEPLOYMENTS.id,
        // user TRIGGERS pipeline needs both
        B.PIPELINE_USER_RELATIONSHIPS.id,
        // deploy keys are read per project of a workspace too
        B.PROJECT_DEPLOY_KEYS.id,
        // webhooks and Pipelines variables are read per workspace too
        B.WORKSPACE_WEBHOOKS.id,
        B.WORKSPACE_PIPELINE_VARIABLES.id,
        // and per deployment environment of the workspaces' repositories
        B.ENVIRONMENT_PIPELINE_VARIABLES.id,
        // repositories are listed per workspace
        B.REPOS.id,
        // users are the workspace members
        B.USERS.id,
        // links CircleCI projects to the workspaces' repositories
        X.PROJECT_REPO.id,
        // links pipelines to the workspaces' pull requests
        X.PIPELINE_PULL_REQUEST.id,
        // deploys linked to pull requests (getStepStartStates then runs
        // the plain circleci-fetch-deploys instead)
        CircleCIDeployChainSteps.DEPLOYS_WITH_PULL_REQUESTS.id,
        // links CircleCI users to workspace members
        X.USER_USER.id,
        // links checkout keys to the workspaces' deploy keys
        X.CHECKOUT_KEY_DEPLOY_KEY.id,
      ].sort(),
      [BS.USERS]: [
        // group HAS user and user OWNS group point at user entities
        B.GROUP_USER_RELATIONSHIPS.id,
        // user TRIGGERS pipeline starts at user entities
        B.PIPELINE_USER_RELATIONSHIPS.id,
        // OPENED, REVIEWED and APPROVED start at user entities
        B.PULL_REQUEST_USER_RELATIONSHIPS.id,
        // user HAS permission and restriction ALLOWS user need user entities
        B.USER_ACCESS_RELATIONSHIPS.id,
        // user HAS project permission needs user entities too
        B.PROJECT_PERMISSION_PRINCIPALS.id,
        // repo ALLOWS user and repo ASSIGNED user point at user entities
        B.REPO_ACCESS.id,
        B.DEFAULT_REVIEWERS.id,
        // CircleCI users are matched to Bitbucket user entities
        X.USER_USER.id,
      ].sort(),
      [BS.GROUPS]: [
        // group HAS permission and restriction ALLOWS group need group entities
        B.GROUP_ACCESS_RELATIONSHIPS.id,
        B.PROJECT_PERMISSION_PRINCIPALS.id,
        // the group and project-group paths of effective access need the
        // group memberships (without them the paths would be guessed)
        B.REPO_ACCESS.id,
      ].sort(),
      [BS.PROJECTS]: [
        // the project paths of effective access need the project permissions
        B.REPO_ACCESS.id,
        // project deploy keys are read per project
        B.PROJECT_DEPLOY_KEYS.id,
        // checkout keys are linked to project deploy keys too
        X.CHECKOUT_KEY_DEPLOY_KEY.id,
      ].sort(),
      // checkout keys are linked to the deploy keys
      [BS.DEPLOY_KEYS]: [X.CHECKOUT_KEY_DEPLOY_KEY.id],
      [BS.WEBHOOKS]: [],
      [BS.PIPELINE_VARIABLES]: [],
      [BS.REPOS]: [
        // every step read per repository (perRepository)
        ...perRepository(BS.REPOS),
        // project HAS repo needs the repositories
        B.PROJECT_REPO_RELATIONSHIPS.id,
        // checkout keys are linked to repository deploy keys
        X.CHECKOUT_KEY_DEPLOY_KEY.id,
        // environments are read per repository, and their variables
        B.ENVIRONMENT_PIPELINE_VARIABLES.id,
        // a PR's users need the PR
        B.PULL_REQUEST_USER_RELATIONSHIPS.id,
        // deployments are read per repository with environments; user
        // TRIGGERS pipeline needs the pipelines
        B.DEPLOYMENTS.id,
        B.PIPELINE_USER_RELATIONSHIPS.id,
        // CircleCI projects are matched to repositories
        X.PROJECT_REPO.id,
        // pipelines are matched to pull requests
        X.PIPELINE_PULL_REQUEST.id,
        // deploys are matched to pull requests (the plain deploy step runs)
        CircleCIDeployChainSteps.DEPLOYS_WITH_PULL_REQUESTS.id,
      ].sort(),
      [BS.PULL_REQUESTS]: [
        // deploys are matched to pull requests (the plain deploy step runs)
        CircleCIDeployChainSteps.DEPLOYS_WITH_PULL_REQUESTS.id,
        // deployments carry the change review of the PR they deployed
        B.DEPLOYMENTS.id,
        X.PIPELINE_PULL_REQUEST.id,
      ].sort(),
      // environment variables are read per collected environment
      [BS.PIPELINES]: [B.ENVIRONMENT_PIPELINE_VARIABLES.id],
      [CROSS_VENDOR_INGESTION_SOURCE]: [],
    });
    expect(sources[BS.WORKSPACES].cannotBeDisabled).toBe(true);
  });
});
