import {
  IntegrationIngestionConfigFieldMap,
  RelationshipClass,
  StepEntityMetadata,
  StepMappedRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';
import {
  relationshipMetadata as relationship,
  userIsPersonMetadata,
} from '../steps/graphMetadata';
import { stepTable } from '../steps/stepTable';

/**
 * The Bitbucket graph, declared once: ingestion sources, entities,
 * relationships, mapped relationships and the steps that write them. Steps and converters refer to these
 * constants only.
 */

export const BitbucketIngestionSourceIds = {
  WORKSPACES: 'bitbucket-workspaces',
  USERS: 'bitbucket-users',
  GROUPS: 'bitbucket-groups',
  PROJECTS: 'bitbucket-projects',
  REPOS: 'bitbucket-repos',
  PULL_REQUESTS: 'bitbucket-pull-requests',
  PIPELINES: 'bitbucket-pipelines',
  DEPLOY_KEYS: 'bitbucket-deploy-keys',
  WEBHOOKS: 'bitbucket-webhooks',
  PIPELINE_VARIABLES: 'bitbucket-pipeline-variables',
} as const;

const S = BitbucketIngestionSourceIds;

/**
 * Ingestion sources of Bitbucket, keyed by ingestionSourceId. Every source
 * is on by default (the older integration shipped repositories switched off,
 * so a default install collected no repositories or pull requests).
 */
export const bitbucketIngestionSources: IntegrationIngestionConfigFieldMap = {
  [S.WORKSPACES]: {
    title: 'Bitbucket workspaces',
    description:
      'The configured workspaces; everything else hangs off them, so they cannot be switched off.',
    defaultsToDisabled: false,
    cannotBeDisabled: true,
  },
  [S.USERS]: {
    title: 'Bitbucket users',
    description:
      'Workspace members with their workspace role (owner, collaborator, member) and their mapping to employees (Person.bitbucketNickname). Group memberships and the user links of permissions, branch restrictions and pull requests need it.',
    defaultsToDisabled: false,
  },
  [S.GROUPS]: {
    title: 'Bitbucket groups',
    description:
      'Workspace groups (API 1.0), their members and owner when users are collected too, and the groups named in permissions and branch restrictions.',
    defaultsToDisabled: false,
  },
  [S.PROJECTS]: {
    title: 'Bitbucket projects',
    description:
      'Projects, which repositories they hold, and their explicit user and group permissions (those need the project:admin scope). The effective repository access step needs them too, so it stops when projects are switched off.',
    defaultsToDisabled: false,
  },
  [S.REPOS]: {
    title: 'Bitbucket repositories',
    description:
      'Repositories with their explicit user and group permissions, branch restrictions and main-branch protection posture (those need the repository:admin scope), effective default reviewers, and who can read, write or administer each repository through any path (workspace admin for the effective listing; users, groups and projects must be on too).',
    defaultsToDisabled: false,
  },
  [S.PULL_REQUESTS]: {
    title: 'Bitbucket pull requests',
    description:
      'Pull requests updated in the lookback window, in every state, with author, reviewers, approvers and the commit approval analysis.',
    defaultsToDisabled: false,
  },
  [S.PIPELINES]: {
    title: 'Bitbucket Pipelines and deployments',
    description:
      'Pipeline runs created in the pull-request window with who triggered them, pipeline schedules (cron, branch, pipeline), deployment environments with their type and admin-only restriction, and deployments with the pull request they deployed and whether it was approved (the pipeline scope; deployments need pull requests on).',
    defaultsToDisabled: false,
  },
  [S.DEPLOY_KEYS]: {
    title: 'Bitbucket deploy keys',
    description:
      'SSH deploy keys of repositories (needs repository:admin) and projects (needs project:admin): label, public key and its SHA-256 fingerprint, added and last used, who added it and whether they are still a workspace member.',
    defaultsToDisabled: false,
  },
  [S.WEBHOOKS]: {
    title: 'Bitbucket webhooks',
    description:
      'Webhooks of repositories and workspaces (need the webhook scope): URL host only, https or not, events, active, whether a secret is set, certificate verification.',
    defaultsToDisabled: false,
  },
  [S.PIPELINE_VARIABLES]: {
    title: 'Bitbucket Pipelines variables',
    description:
      'Pipelines variables of workspaces, repositories and deployment environments (need the pipeline scope; those of deployment environments need the Pipelines source on too): key and whether it is secured, never a value.',
    defaultsToDisabled: false,
  },
};

export const BitbucketEntities = {
  WORKSPACE: {
    resourceName: 'Workspace',
    _type: 'bitbucket_workspace',
    _class: ['Account'],
  },
  USER: { resourceName: 'User', _type: 'bitbucket_user', _class: ['User'] },
  GROUP: {
    resourceName: 'Group',
    _type: 'bitbucket_group',
    _class: ['UserGroup'],
  },
  PROJECT: {
    resourceName: 'Project',
    _type: 'bitbucket_project',
    _class: ['Project'],
  },
  REPO: {
    resourceName: 'Repository',
    _type: 'bitbucket_repo',
    _class: ['CodeRepo'],
  },
  PERMISSION: {
    resourceName: 'Repository Permission',
    _type: 'bitbucket_permission',
    _class: ['AccessPolicy'],
  },
  BRANCH_RESTRICTION: {
    resourceName: 'Branch Restriction',
    _type: 'bitbucket_branch_restriction',
    _class: ['AccessPolicy'],
  },
  BRANCH_PROTECTION: {
    resourceName: 'Branch Protection',
    _type: 'bitbucket_branch_protection',
    _class: ['ControlPolicy'],
  },
  DEPLOY_KEY: {
    resourceName: 'Deploy Key',
    _type: 'bitbucket_deploy_key',
    _class: ['AccessKey'],
  },
  WEBHOOK: {
    resourceName: 'Webhook',
    _type: 'bitbucket_webhook',
    _class: ['ApplicationEndpoint'],
  },
  /** Secured variables also carry the class Secret. */
  PIPELINE_VARIABLE: {
    resourceName: 'Pipelines Variable',
    _type: 'bitbucket_pipeline_variable',
    _class: ['Configuration'],
  },
  /** A cron trigger of one pipeline on one branch (like circleci_schedule). */
  PIPELINE_SCHEDULE: {
    resourceName: 'Pipeline Schedule',
    _type: 'bitbucket_pipeline_schedule',
    _class: ['Configuration'],
  },
  PULL_REQUEST: {
    resourceName: 'Pull Request',
    _type: 'bitbucket_pull_request',
    _class: ['Review', 'PR'],
    // A run sees only the PRs updated in its window; older PRs stay.
    partial: true,
  },
  PIPELINE: {
    resourceName: 'Pipeline',
    _type: 'bitbucket_pipeline',
    // A run of the repository's CI/CD workflow (the data model's Workflow:
    // "a workflow such as an AWS CodePipeline, GitHub repository workflow").
    _class: ['Workflow'],
    // A run sees only the pipelines created in its window; older ones stay.
    partial: true,
  },
  ENVIRONMENT: {
    resourceName: 'Deployment Environment',
    _type: 'bitbucket_environment',
    // The data model of SDK 8.41.0 has no Environment class; Configuration
    // ("definitions that describe a resource such as a Task, Deployment or
    // Workload") is the nearest: an environment is the named, restricted
    // deployment target and its settings, not a host.
    _class: ['Configuration'],
  },
  DEPLOYMENT: {
    resourceName: 'Deployment',
    _type: 'bitbucket_deployment',
    _class: ['Deployment'],
    // Deployments are read back to the pipeline window only.
    partial: true,
  },
} satisfies Record<string, StepEntityMetadata>;

const E = BitbucketEntities;

export const BitbucketRelationships = {
  WORKSPACE_OWNS_PROJECT: relationship(
    E.WORKSPACE,
    RelationshipClass.OWNS,
    E.PROJECT,
  ),
  WORKSPACE_OWNS_REPO: relationship(
    E.WORKSPACE,
    RelationshipClass.OWNS,
    E.REPO,
  ),
  WORKSPACE_HAS_USER: relationship(E.WORKSPACE, RelationshipClass.HAS, E.USER),
  WORKSPACE_HAS_GROUP: relationship(
    E.WORKSPACE,
    RelationshipClass.HAS,
    E.GROUP,
  ),
  GROUP_HAS_USER: relationship(E.GROUP, RelationshipClass.HAS, E.USER),
  USER_OWNS_GROUP: relationship(E.USER, RelationshipClass.OWNS, E.GROUP),
  PROJECT_HAS_REPO: relationship(E.PROJECT, RelationshipClass.HAS, E.REPO),
  REPO_ALLOWS_PERMISSION: relationship(
    E.REPO,
    RelationshipClass.ALLOWS,
    E.PERMISSION,
  ),
  PROJECT_ALLOWS_PERMISSION: relationship(
    E.PROJECT,
    RelationshipClass.ALLOWS,
    E.PERMISSION,
  ),
  /** Effective access: permission, read/write/admin, grantedThrough. */
  REPO_ALLOWS_USER: relationship(E.REPO, RelationshipClass.ALLOWS, E.USER),
  /** Effective default reviewers (project or repository level). */
  REPO_ASSIGNED_USER: relationship(E.REPO, RelationshipClass.ASSIGNED, E.USER),
  REPO_HAS_BRANCH_PROTECTION: relationship(
    E.REPO,
    RelationshipClass.HAS,
    E.BRANCH_PROTECTION,
  ),
  USER_HAS_PERMISSION: relationship(
    E.USER,
    RelationshipClass.HAS,
    E.PERMISSION,
  ),
  GROUP_HAS_PERMISSION: relationship(
    E.GROUP,
    RelationshipClass.HAS,
    E.PERMISSION,
  ),
  REPO_HAS_BRANCH_RESTRICTION: relationship(
    E.REPO,
    RelationshipClass.HAS,
    E.BRANCH_RESTRICTION,
  ),
  BRANCH_RESTRICTION_ALLOWS_USER: relationship(
    E.BRANCH_RESTRICTION,
    RelationshipClass.ALLOWS,
    E.USER,
  ),
  BRANCH_RESTRICTION_ALLOWS_GROUP: relationship(
    E.BRANCH_RESTRICTION,
    RelationshipClass.ALLOWS,
    E.GROUP,
  ),
  REPO_HAS_DEPLOY_KEY: relationship(
    E.REPO,
    RelationshipClass.HAS,
    E.DEPLOY_KEY,
  ),
  PROJECT_HAS_DEPLOY_KEY: relationship(
    E.PROJECT,
    RelationshipClass.HAS,
    E.DEPLOY_KEY,
  ),
  REPO_HAS_WEBHOOK: relationship(E.REPO, RelationshipClass.HAS, E.WEBHOOK),
  WORKSPACE_HAS_WEBHOOK: relationship(
    E.WORKSPACE,
    RelationshipClass.HAS,
    E.WEBHOOK,
  ),
  REPO_HAS_PIPELINE_VARIABLE: relationship(
    E.REPO,
    RelationshipClass.HAS,
    E.PIPELINE_VARIABLE,
  ),
  WORKSPACE_HAS_PIPELINE_VARIABLE: relationship(
    E.WORKSPACE,
    RelationshipClass.HAS,
    E.PIPELINE_VARIABLE,
  ),
  ENVIRONMENT_HAS_PIPELINE_VARIABLE: relationship(
    E.ENVIRONMENT,
    RelationshipClass.HAS,
    E.PIPELINE_VARIABLE,
  ),
  REPO_HAS_PIPELINE_SCHEDULE: relationship(
    E.REPO,
    RelationshipClass.HAS,
    E.PIPELINE_SCHEDULE,
  ),
  REPO_HAS_PULL_REQUEST: relationship(
    E.REPO,
    RelationshipClass.HAS,
    E.PULL_REQUEST,
    true,
  ),
  USER_OPENED_PULL_REQUEST: relationship(
    E.USER,
    RelationshipClass.OPENED,
    E.PULL_REQUEST,
    true,
  ),
  USER_REVIEWED_PULL_REQUEST: relationship(
    E.USER,
    RelationshipClass.REVIEWED,
    E.PULL_REQUEST,
    true,
  ),
  USER_APPROVED_PULL_REQUEST: relationship(
    E.USER,
    RelationshipClass.APPROVED,
    E.PULL_REQUEST,
    true,
  ),
  REPO_HAS_PIPELINE: relationship(
    E.REPO,
    RelationshipClass.HAS,
    E.PIPELINE,
    true,
  ),
  USER_TRIGGERS_PIPELINE: relationship(
    E.USER,
    RelationshipClass.TRIGGERS,
    E.PIPELINE,
    true,
  ),
  REPO_HAS_ENVIRONMENT: relationship(
    E.REPO,
    RelationshipClass.HAS,
    E.ENVIRONMENT,
  ),
  /** The environment's deployment history: each deployment went to one. */
  ENVIRONMENT_HAS_DEPLOYMENT: relationship(
    E.ENVIRONMENT,
    RelationshipClass.HAS,
    E.DEPLOYMENT,
    true,
  ),
  /** The pipeline run whose deployment step made the deployment. */
  PIPELINE_PERFORMED_DEPLOYMENT: relationship(
    E.PIPELINE,
    RelationshipClass.PERFORMED,
    E.DEPLOYMENT,
    true,
  ),
  /**
   * The deploy chain (shared with the CircleCI deploys): the deployment
   * deployed the pull request whose merge (or source) commit it released,
   * in the same repository.
   */
  DEPLOYMENT_DEPLOYED_PULL_REQUEST: relationship(
    E.DEPLOYMENT,
    RelationshipClass.DEPLOYED,
    E.PULL_REQUEST,
    true,
  ),
};

/**
 * HR and IdP integrations put the Bitbucket nickname on the employee as
 * `Person.bitbucketNickname` (the seed: "bitbucket_user.nickname ===
 * Person.bitbucketNickname"). No Person is created when none matches.
 */
export const BitbucketMappedRelationships = {
  USER_IS_PERSON: userIsPersonMetadata(E.USER),
} satisfies Record<string, StepMappedRelationshipMetadata>;

const R = BitbucketRelationships;

/**
 * Every Bitbucket step, in the order the SDK is given them (it runs them by
 * `after`): what each writes, the steps whose entities it reads and the
 * ingestion source that switches it off. Each step file exports the
 * handlers of its steps under these keys (src/bitbucket/index.ts).
 */
export const BitbucketSteps = stepTable({
  WORKSPACES: {
    id: 'bitbucket-fetch-workspaces',
    name: 'Fetch Bitbucket Workspaces',
    writes: [E.WORKSPACE],
    source: S.WORKSPACES,
  },
  USERS: {
    id: 'bitbucket-fetch-users',
    name: 'Fetch Bitbucket Users',
    writes: [
      E.USER,
      R.WORKSPACE_HAS_USER,
      BitbucketMappedRelationships.USER_IS_PERSON,
    ],
    after: ['WORKSPACES'],
    source: S.USERS,
  },
  // Needs only the workspaces, so switching the users source off keeps
  // the groups; who is in them is linked by the next step.
  GROUPS: {
    id: 'bitbucket-fetch-groups',
    name: 'Fetch Bitbucket Groups',
    writes: [E.GROUP, R.WORKSPACE_HAS_GROUP],
    after: ['WORKSPACES'],
    source: S.GROUPS,
  },
  // Group HAS user and user OWNS group need both ends; the source is
  // groups (the data comes from the groups listing), and switching users
  // off skips only this step, not the group entities.
  GROUP_USER_RELATIONSHIPS: {
    id: 'bitbucket-build-group-user-relationships',
    name: 'Build Bitbucket Group Member and Owner Relationships',
    writes: [R.GROUP_HAS_USER, R.USER_OWNS_GROUP],
    after: ['GROUPS', 'USERS'],
    source: S.GROUPS,
  },
  PROJECTS: {
    id: 'bitbucket-fetch-projects',
    name: 'Fetch Bitbucket Projects',
    writes: [E.PROJECT, R.WORKSPACE_OWNS_PROJECT],
    after: ['WORKSPACES'],
    source: S.PROJECTS,
  },
  // Separate from the repos step so that switching projects off does not
  // switch repositories (and everything after them) off too.
  PROJECT_REPO_RELATIONSHIPS: {
    id: 'bitbucket-build-project-repo-relationships',
    name: 'Build Bitbucket Project-Repository Relationships',
    writes: [R.PROJECT_HAS_REPO],
    after: ['PROJECTS', 'REPOS'],
    source: S.PROJECTS,
  },
  REPOS: {
    id: 'bitbucket-fetch-repos',
    name: 'Fetch Bitbucket Repositories',
    writes: [E.REPO, R.WORKSPACE_OWNS_REPO],
    after: ['WORKSPACES'],
    source: S.REPOS,
  },
  PERMISSIONS: {
    id: 'bitbucket-fetch-repo-permissions',
    name: 'Fetch Bitbucket Repository Permissions',
    writes: [E.PERMISSION, R.REPO_ALLOWS_PERMISSION],
    after: ['REPOS'],
    source: S.REPOS,
  },
  BRANCH_RESTRICTIONS: {
    id: 'bitbucket-fetch-branch-restrictions',
    name: 'Fetch Bitbucket Branch Restrictions and Main Branch Protection',
    writes: [
      E.BRANCH_RESTRICTION,
      E.BRANCH_PROTECTION,
      R.REPO_HAS_BRANCH_RESTRICTION,
      R.REPO_HAS_BRANCH_PROTECTION,
    ],
    after: ['REPOS'],
    source: S.REPOS,
  },
  // The principal steps read the permission and branch-restriction
  // entities; their source is repositories, like those entities. Each also
  // needs its principal's step, so switching users off skips only the user
  // links, switching groups off only the group links.
  USER_ACCESS_RELATIONSHIPS: {
    id: 'bitbucket-build-user-access-relationships',
    name: 'Build Bitbucket Permission and Branch Restriction User Principals',
    writes: [R.USER_HAS_PERMISSION, R.BRANCH_RESTRICTION_ALLOWS_USER],
    after: ['USERS', 'PERMISSIONS', 'BRANCH_RESTRICTIONS'],
    source: S.REPOS,
  },
  // The groups step comes first so that listed groups (with members)
  // exist before any would be derived under the same key.
  GROUP_ACCESS_RELATIONSHIPS: {
    id: 'bitbucket-build-group-access-relationships',
    name: 'Build Bitbucket Permission and Branch Restriction Group Principals',
    writes: [
      E.GROUP,
      R.WORKSPACE_HAS_GROUP,
      R.GROUP_HAS_PERMISSION,
      R.BRANCH_RESTRICTION_ALLOWS_GROUP,
    ],
    after: ['GROUPS', 'PERMISSIONS', 'BRANCH_RESTRICTIONS'],
    source: S.REPOS,
  },
  // Only repos: switching users off must not switch PRs off.
  PULL_REQUESTS: {
    id: 'bitbucket-fetch-pull-requests',
    name: 'Fetch Bitbucket Pull Requests',
    writes: [E.PULL_REQUEST, R.REPO_HAS_PULL_REQUEST],
    after: ['REPOS'],
    source: S.PULL_REQUESTS,
  },
  // In its own step so PRs do not depend on users: the author, reviewer
  // and approver links need the user entities, the PRs themselves do not.
  PULL_REQUEST_USER_RELATIONSHIPS: {
    id: 'bitbucket-build-pull-request-user-relationships',
    name: 'Build Bitbucket Pull Request Author, Reviewer and Approver Relationships',
    writes: [
      R.USER_OPENED_PULL_REQUEST,
      R.USER_REVIEWED_PULL_REQUEST,
      R.USER_APPROVED_PULL_REQUEST,
    ],
    after: ['PULL_REQUESTS', 'USERS'],
    source: S.PULL_REQUESTS,
  },
  PROJECT_PERMISSIONS: {
    id: 'bitbucket-fetch-project-permissions',
    name: 'Fetch Bitbucket Project Permissions',
    writes: [E.PERMISSION, R.PROJECT_ALLOWS_PERMISSION],
    after: ['PROJECTS'],
    source: S.PROJECTS,
  },
  PROJECT_PERMISSION_PRINCIPALS: {
    id: 'bitbucket-build-project-permission-principals',
    name: 'Build Bitbucket Project Permission User and Group Principals',
    writes: [R.USER_HAS_PERMISSION, R.GROUP_HAS_PERMISSION],
    after: ['USERS', 'GROUPS', 'PROJECT_PERMISSIONS'],
    source: S.PROJECTS,
  },
  // Reads what the permission, project-permission and group steps wrote;
  // switching users, groups or projects off therefore skips it too.
  REPO_ACCESS: {
    id: 'bitbucket-build-repo-access',
    name: 'Build Bitbucket Effective Repository Access',
    writes: [R.REPO_ALLOWS_USER],
    after: [
      'REPOS',
      'USERS',
      'PERMISSIONS',
      'PROJECT_PERMISSIONS',
      'GROUP_USER_RELATIONSHIPS',
    ],
    source: S.REPOS,
  },
  DEFAULT_REVIEWERS: {
    id: 'bitbucket-fetch-default-reviewers',
    name: 'Fetch Bitbucket Effective Default Reviewers',
    writes: [R.REPO_ASSIGNED_USER],
    after: ['REPOS', 'USERS'],
    source: S.REPOS,
  },
  PIPELINES: {
    id: 'bitbucket-fetch-pipelines',
    name: 'Fetch Bitbucket Pipelines',
    writes: [E.PIPELINE, R.REPO_HAS_PIPELINE],
    after: ['REPOS'],
    source: S.PIPELINES,
  },
  // Its own step so pipelines do not depend on users.
  PIPELINE_USER_RELATIONSHIPS: {
    id: 'bitbucket-build-pipeline-user-relationships',
    name: 'Build Bitbucket Pipeline Trigger Relationships',
    writes: [R.USER_TRIGGERS_PIPELINE],
    after: ['PIPELINES', 'USERS'],
    source: S.PIPELINES,
  },
  PIPELINE_SCHEDULES: {
    id: 'bitbucket-fetch-pipeline-schedules',
    name: 'Fetch Bitbucket Pipeline Schedules',
    writes: [E.PIPELINE_SCHEDULE, R.REPO_HAS_PIPELINE_SCHEDULE],
    after: ['REPOS'],
    source: S.PIPELINES,
  },
  ENVIRONMENTS: {
    id: 'bitbucket-fetch-environments',
    name: 'Fetch Bitbucket Deployment Environments',
    writes: [E.ENVIRONMENT, R.REPO_HAS_ENVIRONMENT],
    after: ['REPOS'],
    source: S.PIPELINES,
  },
  // Depends on pull requests for the change-review evidence it carries:
  // with pull requests switched off, deployments are not collected.
  DEPLOYMENTS: {
    id: 'bitbucket-fetch-deployments',
    name: 'Fetch Bitbucket Deployments',
    writes: [
      E.DEPLOYMENT,
      R.ENVIRONMENT_HAS_DEPLOYMENT,
      R.PIPELINE_PERFORMED_DEPLOYMENT,
      R.DEPLOYMENT_DEPLOYED_PULL_REQUEST,
    ],
    after: ['ENVIRONMENTS', 'PIPELINES', 'PULL_REQUESTS'],
    source: S.PIPELINES,
  },
  REPO_DEPLOY_KEYS: {
    id: 'bitbucket-fetch-repo-deploy-keys',
    name: 'Fetch Bitbucket Repository Deploy Keys',
    writes: [E.DEPLOY_KEY, R.REPO_HAS_DEPLOY_KEY],
    after: ['REPOS'],
    source: S.DEPLOY_KEYS,
  },
  PROJECT_DEPLOY_KEYS: {
    id: 'bitbucket-fetch-project-deploy-keys',
    name: 'Fetch Bitbucket Project Deploy Keys',
    writes: [E.DEPLOY_KEY, R.PROJECT_HAS_DEPLOY_KEY],
    after: ['PROJECTS'],
    source: S.DEPLOY_KEYS,
  },
  REPO_WEBHOOKS: {
    id: 'bitbucket-fetch-repo-webhooks',
    name: 'Fetch Bitbucket Repository Webhooks',
    writes: [E.WEBHOOK, R.REPO_HAS_WEBHOOK],
    after: ['REPOS'],
    source: S.WEBHOOKS,
  },
  WORKSPACE_WEBHOOKS: {
    id: 'bitbucket-fetch-workspace-webhooks',
    name: 'Fetch Bitbucket Workspace Webhooks',
    writes: [E.WEBHOOK, R.WORKSPACE_HAS_WEBHOOK],
    after: ['WORKSPACES'],
    source: S.WEBHOOKS,
  },
  REPO_PIPELINE_VARIABLES: {
    id: 'bitbucket-fetch-repo-pipeline-variables',
    name: 'Fetch Bitbucket Repository Pipelines Variables',
    writes: [E.PIPELINE_VARIABLE, R.REPO_HAS_PIPELINE_VARIABLE],
    after: ['REPOS'],
    source: S.PIPELINE_VARIABLES,
  },
  WORKSPACE_PIPELINE_VARIABLES: {
    id: 'bitbucket-fetch-workspace-pipeline-variables',
    name: 'Fetch Bitbucket Workspace Pipelines Variables',
    writes: [E.PIPELINE_VARIABLE, R.WORKSPACE_HAS_PIPELINE_VARIABLE],
    after: ['WORKSPACES'],
    source: S.PIPELINE_VARIABLES,
  },
  // Reads the environments step's entities: with the Pipelines source
  // off, environment variables are not collected either.
  ENVIRONMENT_PIPELINE_VARIABLES: {
    id: 'bitbucket-fetch-environment-pipeline-variables',
    name: 'Fetch Bitbucket Deployment Environment Pipelines Variables',
    writes: [E.PIPELINE_VARIABLE, R.ENVIRONMENT_HAS_PIPELINE_VARIABLE],
    after: ['ENVIRONMENTS'],
    source: S.PIPELINE_VARIABLES,
  },
});

/** Steps disabled when bitbucketIngestPullRequests is false. */
export const bitbucketPullRequestStepIds: string[] = [
  BitbucketSteps.PULL_REQUESTS.id,
  BitbucketSteps.PULL_REQUEST_USER_RELATIONSHIPS.id,
  // Deployments carry the change review of the pull request they deployed.
  BitbucketSteps.DEPLOYMENTS.id,
];
