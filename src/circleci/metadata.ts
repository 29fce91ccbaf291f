import {
  generateRelationshipType,
  IntegrationIngestionConfigFieldMap,
  RelationshipClass,
  RelationshipDirection,
  StepEntityMetadata,
  StepMappedRelationshipMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';
import {
  relationshipMetadata as relationship,
  userIsPersonMetadata,
} from '../steps/graphMetadata';
import { stepTable } from '../steps/stepTable';

/**
 * The CircleCI graph, declared once: the ingestion sources, entity and
 * relationship metadata, the Person mapping and the steps that write them. Steps, converters,
 * tests and the generated docs/jupiterone.md all read from here.
 */

export const CircleCIIngestionSourceIds = {
  PIPELINES: 'circleci-pipelines',
  CONTEXTS: 'circleci-contexts',
  PROJECT_ENV_VARS: 'circleci-project-environment-variables',
  PROJECT_ACCESS: 'circleci-project-access',
  DEPLOYS: 'circleci-deploys',
} as const;

export const circleciIngestionSources: IntegrationIngestionConfigFieldMap = {
  [CircleCIIngestionSourceIds.PIPELINES]: {
    title: 'CircleCI pipelines, schedules, workflows, jobs and their users',
    description:
      "Pipelines of the lookback window (circleciPipelineLookbackDays), their workflows and jobs, the projects' schedules, and the users who started workflows, approved jobs or run schedules.",
    defaultsToDisabled: false,
    cannotBeDisabled: false,
  },
  [CircleCIIngestionSourceIds.CONTEXTS]: {
    title: 'CircleCI contexts',
    description:
      'Contexts of each organization, the names of their environment variables and their project restrictions.',
    defaultsToDisabled: false,
    cannotBeDisabled: false,
  },
  [CircleCIIngestionSourceIds.PROJECT_ENV_VARS]: {
    title: 'CircleCI project environment variables',
    description:
      'Names and creation times of project environment variables (never their values).',
    defaultsToDisabled: false,
    cannotBeDisabled: false,
  },
  [CircleCIIngestionSourceIds.PROJECT_ACCESS]: {
    title: 'CircleCI checkout keys and webhooks',
    description:
      'The SSH checkout keys of each project (public keys only) and its outbound webhooks (URL host, TLS verification, whether a signing secret is set; never the secret).',
    defaultsToDisabled: false,
    cannotBeDisabled: false,
  },
  [CircleCIIngestionSourceIds.DEPLOYS]: {
    title: 'CircleCI deploys',
    description:
      'Deploy environments and components of each organization, every component version deployed to each environment, the pipeline, workflow and job that deployed it, and (with Bitbucket pull requests) the pull request it came from. Needs the pipelines source.',
    defaultsToDisabled: false,
    cannotBeDisabled: false,
  },
};

export const CircleCIEntities = {
  ACCOUNT: {
    resourceName: 'Account',
    _type: 'circleci_account',
    _class: ['Account'],
  },
  USER: { resourceName: 'User', _type: 'circleci_user', _class: ['User'] },
  USER_GROUP: {
    resourceName: 'UserGroup',
    _type: 'circleci_user_group',
    _class: ['Group'],
  },
  PROJECT: {
    resourceName: 'Project',
    _type: 'circleci_project',
    _class: ['Repository'],
  },
  PIPELINE: {
    resourceName: 'Pipeline',
    _type: 'circleci_pipeline',
    _class: ['Configuration'],
    partial: true,
  },
  WORKFLOW: {
    resourceName: 'Workflow',
    _type: 'circleci_workflow',
    _class: ['Configuration'],
    partial: true,
  },
  JOB: {
    resourceName: 'Job',
    _type: 'circleci_job',
    _class: ['Task'],
    partial: true,
  },
  CONTEXT: {
    resourceName: 'Context',
    _type: 'circleci_context',
    _class: ['Configuration'],
  },
  // Configuration (the older integration's class, kept) and Secret: a
  // CircleCI environment variable is where pipelines keep credentials.
  CONTEXT_ENV_VAR: {
    resourceName: 'Context Environment Variable',
    _type: 'circleci_context_environment_variable',
    _class: ['Configuration', 'Secret'],
  },
  PROJECT_ENV_VAR: {
    resourceName: 'Project Environment Variable',
    _type: 'circleci_project_environment_variable',
    _class: ['Configuration', 'Secret'],
  },
  CHECKOUT_KEY: {
    resourceName: 'Checkout Key',
    _type: 'circleci_checkout_key',
    _class: ['AccessKey'],
  },
  WEBHOOK: {
    resourceName: 'Webhook',
    _type: 'circleci_webhook',
    _class: ['ApplicationEndpoint'],
  },
  SCHEDULE: {
    resourceName: 'Schedule',
    _type: 'circleci_schedule',
    _class: ['Configuration'],
  },
  /**
   * Configuration: the SDK's data model (8.41) has no Environment class
   * (createIntegrationEntity refuses one), and a deploy environment is the
   * named target configuration deploys go to.
   */
  ENVIRONMENT: {
    resourceName: 'Deploy Environment',
    _type: 'circleci_environment',
    _class: ['Configuration'],
  },
  /**
   * Application: a component is the customer's own deployable software
   * (`service-a`), not a service a vendor provides, which is what the data
   * model's Service class describes.
   */
  COMPONENT: {
    resourceName: 'Deploy Component',
    _type: 'circleci_component',
    _class: ['Application'],
  },
  /** One version of a component in one environment. */
  DEPLOY: {
    resourceName: 'Deploy',
    _type: 'circleci_deploy',
    _class: ['Deployment'],
  },
} satisfies Record<string, StepEntityMetadata>;

/**
 * Pipelines, workflows, jobs and their links are partial datasets: after the
 * first run a run reads only new pipelines (pipelineWindow.ts), so what
 * earlier runs read must stay in the graph.
 */
const INCREMENTAL = true;

const E = CircleCIEntities;

export const CircleCIRelationships = {
  ACCOUNT_HAS_USER: relationship(E.ACCOUNT, RelationshipClass.HAS, E.USER),
  ACCOUNT_HAS_USER_GROUP: relationship(
    E.ACCOUNT,
    RelationshipClass.HAS,
    E.USER_GROUP,
  ),
  USER_GROUP_HAS_USER: relationship(
    E.USER_GROUP,
    RelationshipClass.HAS,
    E.USER,
  ),
  USER_GROUP_HAS_PROJECT: relationship(
    E.USER_GROUP,
    RelationshipClass.HAS,
    E.PROJECT,
  ),
  USER_GROUP_HAS_CONTEXT: relationship(
    E.USER_GROUP,
    RelationshipClass.HAS,
    E.CONTEXT,
  ),
  PROJECT_HAS_PIPELINE: relationship(
    E.PROJECT,
    RelationshipClass.HAS,
    E.PIPELINE,
    INCREMENTAL,
  ),
  PIPELINE_HAS_WORKFLOW: relationship(
    E.PIPELINE,
    RelationshipClass.HAS,
    E.WORKFLOW,
    INCREMENTAL,
  ),
  WORKFLOW_HAS_JOB: relationship(
    E.WORKFLOW,
    RelationshipClass.HAS,
    E.JOB,
    INCREMENTAL,
  ),
  PROJECT_HAS_ENV_VAR: relationship(
    E.PROJECT,
    RelationshipClass.HAS,
    E.PROJECT_ENV_VAR,
  ),
  CONTEXT_HAS_ENV_VAR: relationship(
    E.CONTEXT,
    RelationshipClass.HAS,
    E.CONTEXT_ENV_VAR,
  ),
  PROJECT_USES_CONTEXT: relationship(
    E.PROJECT,
    RelationshipClass.USES,
    E.CONTEXT,
  ),
  PROJECT_USES_CONTEXT_ENV_VAR: relationship(
    E.PROJECT,
    RelationshipClass.USES,
    E.CONTEXT_ENV_VAR,
  ),
  USER_APPROVED_JOB: relationship(
    E.USER,
    RelationshipClass.APPROVED,
    E.JOB,
    INCREMENTAL,
  ),
  USER_TRIGGERS_WORKFLOW: relationship(
    E.USER,
    RelationshipClass.TRIGGERS,
    E.WORKFLOW,
    INCREMENTAL,
  ),
  USER_TRIGGERS_PIPELINE: relationship(
    E.USER,
    RelationshipClass.TRIGGERS,
    E.PIPELINE,
    INCREMENTAL,
  ),
  USER_GROUP_HAS_ENVIRONMENT: relationship(
    E.USER_GROUP,
    RelationshipClass.HAS,
    E.ENVIRONMENT,
  ),
  USER_GROUP_HAS_COMPONENT: relationship(
    E.USER_GROUP,
    RelationshipClass.HAS,
    E.COMPONENT,
  ),
  PROJECT_HAS_COMPONENT: relationship(
    E.PROJECT,
    RelationshipClass.HAS,
    E.COMPONENT,
  ),
  COMPONENT_HAS_DEPLOY: relationship(
    E.COMPONENT,
    RelationshipClass.HAS,
    E.DEPLOY,
  ),
  /** The deploy targets its environment (the data model has no TARGETS). */
  DEPLOY_USES_ENVIRONMENT: relationship(
    E.DEPLOY,
    RelationshipClass.USES,
    E.ENVIRONMENT,
  ),
  /** The pipeline, workflow and job that deployed the version. */
  PIPELINE_PERFORMED_DEPLOY: relationship(
    E.PIPELINE,
    RelationshipClass.PERFORMED,
    E.DEPLOY,
  ),
  WORKFLOW_PERFORMED_DEPLOY: relationship(
    E.WORKFLOW,
    RelationshipClass.PERFORMED,
    E.DEPLOY,
  ),
  JOB_PERFORMED_DEPLOY: relationship(
    E.JOB,
    RelationshipClass.PERFORMED,
    E.DEPLOY,
  ),
  PROJECT_HAS_CHECKOUT_KEY: relationship(
    E.PROJECT,
    RelationshipClass.HAS,
    E.CHECKOUT_KEY,
  ),
  PROJECT_HAS_WEBHOOK: relationship(
    E.PROJECT,
    RelationshipClass.HAS,
    E.WEBHOOK,
  ),
  PROJECT_HAS_SCHEDULE: relationship(
    E.PROJECT,
    RelationshipClass.HAS,
    E.SCHEDULE,
  ),
  /**
   * USES: a schedule's pipelines run as its actor, with that user's
   * permissions (the contexts and code the actor may reach). TRIGGERS would
   * say the user starts each run (the timetable does); OWNS would claim an
   * ownership CircleCI does not record (the actor may be changed to anyone,
   * or to CircleCI's scheduling system).
   */
  SCHEDULE_USES_USER: relationship(E.SCHEDULE, RelationshipClass.USES, E.USER),
} satisfies Record<string, StepRelationshipMetadata>;

function mappedPerformed(runType: string): StepMappedRelationshipMetadata {
  return {
    _type: generateRelationshipType(
      RelationshipClass.PERFORMED,
      runType,
      E.DEPLOY._type,
    ),
    sourceType: E.DEPLOY._type,
    _class: RelationshipClass.PERFORMED,
    targetType: runType,
    direction: RelationshipDirection.REVERSE,
  };
}

/**
 * `circleci_user IS Person`, matched on `Person.circleciLogin` =
 * `circleci_user.username` (the VCS login CircleCI reports). The target is
 * never created: a user with no matching employee stays unmapped.
 */
export const CircleCIMappedRelationships = {
  USER_IS_PERSON: userIsPersonMetadata(E.USER),
  /**
   * A deploy whose pipeline, workflow or job is older than the pipeline
   * window: the same PERFORMED relationship, mapped by the run's `_key`
   * with no placeholder created (skipTargetCreation), so it resolves only
   * where that run is in the graph (e.g. an instance with a longer window).
   */
  PIPELINE_PERFORMED_DEPLOY: mappedPerformed(E.PIPELINE._type),
  WORKFLOW_PERFORMED_DEPLOY: mappedPerformed(E.WORKFLOW._type),
  JOB_PERFORMED_DEPLOY: mappedPerformed(E.JOB._type),
} satisfies Record<string, StepMappedRelationshipMetadata>;

/** What addAccountUser (steps/common.ts) writes: a user of the account. */
const ACCOUNT_USER_WRITES = [
  E.USER,
  CircleCIRelationships.ACCOUNT_HAS_USER,
  CircleCIMappedRelationships.USER_IS_PERSON,
];

const R = CircleCIRelationships;
const M = CircleCIMappedRelationships;
const S = CircleCIIngestionSourceIds;

/**
 * Every CircleCI step, in the order the SDK is given them (it runs them by
 * `after`): what each writes, the steps whose entities it reads and the
 * ingestion source that switches it off. Each step file exports the
 * handlers of its steps under these keys (src/circleci/index.ts).
 */
export const CircleCISteps = stepTable({
  ACCOUNT: {
    id: 'circleci-fetch-account',
    name: 'Fetch CircleCI Account',
    writes: [E.ACCOUNT, ...ACCOUNT_USER_WRITES],
  },
  USER_GROUPS: {
    id: 'circleci-fetch-user-groups',
    name: 'Fetch CircleCI Organizations',
    writes: [E.USER_GROUP, R.ACCOUNT_HAS_USER_GROUP, R.USER_GROUP_HAS_USER],
    after: ['ACCOUNT'],
  },
  PROJECTS: {
    id: 'circleci-fetch-projects',
    name: 'Fetch CircleCI Projects',
    writes: [E.PROJECT, R.USER_GROUP_HAS_PROJECT],
    after: ['USER_GROUPS'],
  },
  PROJECT_ENV_VARS: {
    id: 'circleci-fetch-project-environment-variables',
    name: 'Fetch CircleCI Project Environment Variables',
    writes: [E.PROJECT_ENV_VAR, R.PROJECT_HAS_ENV_VAR],
    after: ['PROJECTS'],
    source: S.PROJECT_ENV_VARS,
  },
  CHECKOUT_KEYS: {
    id: 'circleci-fetch-checkout-keys',
    name: 'Fetch CircleCI Project Checkout Keys',
    writes: [E.CHECKOUT_KEY, R.PROJECT_HAS_CHECKOUT_KEY],
    after: ['PROJECTS'],
    source: S.PROJECT_ACCESS,
  },
  WEBHOOKS: {
    id: 'circleci-fetch-webhooks',
    name: 'Fetch CircleCI Project Webhooks',
    writes: [E.WEBHOOK, R.PROJECT_HAS_WEBHOOK],
    after: ['PROJECTS'],
    source: S.PROJECT_ACCESS,
  },
  CONTEXTS: {
    id: 'circleci-fetch-contexts',
    name: 'Fetch CircleCI Contexts',
    writes: [
      E.CONTEXT,
      E.CONTEXT_ENV_VAR,
      R.USER_GROUP_HAS_CONTEXT,
      R.CONTEXT_HAS_ENV_VAR,
      R.PROJECT_USES_CONTEXT,
      R.PROJECT_USES_CONTEXT_ENV_VAR,
    ],
    after: ['USER_GROUPS', 'PROJECTS'],
    source: S.CONTEXTS,
  },
  PIPELINES: {
    id: 'circleci-fetch-pipelines',
    name: 'Fetch CircleCI Pipelines',
    writes: [E.PIPELINE, R.PROJECT_HAS_PIPELINE],
    after: ['PROJECTS'],
    source: S.PIPELINES,
  },
  WORKFLOWS: {
    id: 'circleci-fetch-workflows',
    name: 'Fetch CircleCI Workflows',
    writes: [E.WORKFLOW, R.PIPELINE_HAS_WORKFLOW],
    after: ['PIPELINES'],
    source: S.PIPELINES,
  },
  JOBS: {
    id: 'circleci-fetch-jobs',
    name: 'Fetch CircleCI Jobs',
    writes: [E.JOB, R.WORKFLOW_HAS_JOB],
    after: ['WORKFLOWS'],
    source: S.PIPELINES,
  },
  USERS: {
    id: 'circleci-fetch-users',
    name: 'Fetch CircleCI Users Seen in Workflows and Jobs',
    writes: [
      ...ACCOUNT_USER_WRITES,
      R.USER_GROUP_HAS_USER,
      R.USER_TRIGGERS_WORKFLOW,
      R.USER_APPROVED_JOB,
      R.USER_TRIGGERS_PIPELINE,
    ],
    after: [
      'ACCOUNT',
      'USER_GROUPS',
      'PROJECTS',
      'PIPELINES',
      'WORKFLOWS',
      'JOBS',
      // Schedule actors are collected there; looking them up again here
      // would add the same user twice.
      'SCHEDULES',
    ],
    source: S.PIPELINES,
  },
  SCHEDULES: {
    id: 'circleci-fetch-schedules',
    name: 'Fetch CircleCI Project Schedules',
    writes: [
      E.SCHEDULE,
      R.PROJECT_HAS_SCHEDULE,
      R.SCHEDULE_USES_USER,
      ...ACCOUNT_USER_WRITES,
    ],
    after: ['ACCOUNT', 'PROJECTS'],
    source: S.PIPELINES,
  },
  DEPLOY_COMPONENTS: {
    id: 'circleci-fetch-deploy-environments-and-components',
    name: 'Fetch CircleCI Deploy Environments and Components',
    writes: [
      E.ENVIRONMENT,
      E.COMPONENT,
      R.USER_GROUP_HAS_ENVIRONMENT,
      R.USER_GROUP_HAS_COMPONENT,
      R.PROJECT_HAS_COMPONENT,
    ],
    after: ['USER_GROUPS', 'PROJECTS'],
    source: S.DEPLOYS,
  },
  /**
   * Deploys when no Bitbucket pull requests are collected; with them, the
   * cross-vendor step cross-vendor-fetch-circleci-deploys-with-pull-requests
   * (src/crossvendor/circleciDeploys.ts) collects the same deploys and
   * links each to its pull request. Exactly one of the two runs.
   */
  DEPLOYS: {
    id: 'circleci-fetch-deploys',
    name: 'Fetch CircleCI Deploys',
    writes: [
      E.DEPLOY,
      R.COMPONENT_HAS_DEPLOY,
      R.DEPLOY_USES_ENVIRONMENT,
      R.PIPELINE_PERFORMED_DEPLOY,
      R.WORKFLOW_PERFORMED_DEPLOY,
      R.JOB_PERFORMED_DEPLOY,
      M.PIPELINE_PERFORMED_DEPLOY,
      M.WORKFLOW_PERFORMED_DEPLOY,
      M.JOB_PERFORMED_DEPLOY,
    ],
    after: ['DEPLOY_COMPONENTS', 'JOBS'],
    source: S.DEPLOYS,
  },
});

/** The Person property a CircleCI user's login is matched against. */
export const PERSON_LOGIN_PROPERTY = 'circleciLogin';
