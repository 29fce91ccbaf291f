import { Entity } from '@jupiterone/integration-sdk-core';
import {
  ADMIN_SCOPE,
  PIPELINE_SCOPE,
  PROJECT_ADMIN_SCOPE,
  WEBHOOK_SCOPE,
} from '../auth/scopes';
import { BitbucketRunClient } from '../client/clientCache';
import { BitbucketListing } from '../client/listing';
import {
  BitbucketDeployKey,
  environmentPipelineVariables,
  projectDeployKeys,
  repoDeployKeys,
  repoPipelineVariables,
  repoWebhooks,
  workspacePipelineVariables,
  workspaceWebhooks,
} from '../client/responses/repoSettings';
import {
  createDeployKeyEntity,
  DeployKeyParent,
} from '../converters/deployKey';
import { repoPipelineSchedules } from '../client/responses/pipelines';
import { createPipelineScheduleEntity } from '../converters/pipelineSchedule';
import { createPipelineVariableEntity } from '../converters/pipelineVariable';
import { createWebhookEntity } from '../converters/webhook';
import { BitbucketSteps } from '../metadata';
import { isHttpStatus } from '../../http';
import { StepContext, StepHandler } from '../../steps';
import {
  addChildrenOf,
  adminReadFix,
  BitbucketParents,
  ENVIRONMENTS,
  GapWarning,
  PROJECTS,
  REPOSITORIES,
  ScopeGate,
  withRequestLog,
  WORKSPACES,
} from './common';

/**
 * The Bitbucket steps that read one listing per collected repository
 * (workspace, project, deployment environment) and hang every item off its
 * parent (HAS), one entry per step. A new per-repository resource is one
 * entry here (its listing, converter and access-gap warning) plus its step
 * in metadata.ts; index.ts takes every entry.
 */
interface ChildListingEntry<P, T> extends GapWarning, ScopeGate {
  parents: BitbucketParents<P>;
  /** Listed once per parent, with the parent's path ids. */
  listing: BitbucketListing<T>;
  convert: (
    parent: P,
    item: T,
    run: BitbucketRunClient,
  ) => Entity | Promise<Entity>;
  /** A 404 says the parent has none (no access gap, no warning). */
  noneOn404?: boolean;
}

/** The items of a listing, none when it answers 404. */
async function* noneWhenAbsent<T>(items: AsyncIterable<T>): AsyncIterable<T> {
  try {
    yield* items;
  } catch (err) {
    if (!isHttpStatus(err, 404)) throw err;
  }
}

type ChildListingStep = (context: StepContext, stepId: string) => Promise<void>;

function children<P, T>(entry: ChildListingEntry<P, T>): ChildListingStep {
  return (context, stepId) =>
    withRequestLog(context, stepId, (run) =>
      addChildrenOf(context, run, entry.parents, {
        ...entry,
        list: (parent) => {
          const items = run.client.list(
            entry.listing,
            entry.parents.ids(parent),
          );
          return entry.noneOn404 ? noneWhenAbsent(items) : items;
        },
        convert: (parent, item) => entry.convert(parent, item, run),
      }),
    );
}

/**
 * A deploy key's entity, with whether the person who added it is still a
 * member of the workspace (unknown when the members cannot be listed). The
 * client memoises the member listing per workspace and the users step
 * shares its own, so asking for every key costs no request after the first.
 */
async function deployKeyEntity(
  run: BitbucketRunClient,
  parent: DeployKeyParent,
  key: BitbucketDeployKey,
): Promise<Entity> {
  let members: ReadonlySet<string> | undefined;
  try {
    members = await run.client.getMemberUuids(parent.workspaceSlug);
  } catch {
    members = undefined;
  }
  return createDeployKeyEntity(parent, key, members);
}

const CHILD_LISTINGS = {
  /** Deploy keys of every repository; repo HAS each. */
  REPO_DEPLOY_KEYS: children({
    parents: REPOSITORIES,
    needs: { scope: ADMIN_SCOPE, for: 'reading repository deploy keys' },
    what: 'deploy keys',
    hint: adminReadFix('deploy keys'),
    listing: repoDeployKeys,
    convert: (repo, key, run) =>
      deployKeyEntity(run, { kind: 'repository', ...repo }, key),
  }),
  /** Deploy keys of every project; project HAS each. */
  PROJECT_DEPLOY_KEYS: children({
    parents: PROJECTS,
    needs: { scope: PROJECT_ADMIN_SCOPE, for: 'reading project deploy keys' },
    what: 'deploy keys',
    hint: `Reading project deploy keys needs project admin rights (OAuth scope ${PROJECT_ADMIN_SCOPE}).`,
    listing: projectDeployKeys,
    convert: (project, key, run) =>
      deployKeyEntity(run, { kind: 'project', ...project }, key),
  }),
  /** Webhooks of every repository; repo HAS each. */
  REPO_WEBHOOKS: children({
    parents: REPOSITORIES,
    // The workspace step warns once for both.
    needs: { scope: WEBHOOK_SCOPE },
    what: 'webhooks',
    hint: `Reading webhooks needs repository admin rights on those repositories and the ${WEBHOOK_SCOPE} scope.`,
    listing: repoWebhooks,
    convert: (repo, hook) =>
      createWebhookEntity({ kind: 'repository', ...repo }, hook),
  }),
  /** Webhooks of every workspace; workspace HAS each. */
  WORKSPACE_WEBHOOKS: children({
    parents: WORKSPACES,
    needs: {
      scope: WEBHOOK_SCOPE,
      for: 'reading the webhooks of repositories and workspaces',
    },
    what: 'webhooks',
    hint: `Workspace webhooks can be read by workspace owners only (and need the ${WEBHOOK_SCOPE} scope).`,
    listing: workspaceWebhooks,
    convert: (workspace, hook) =>
      createWebhookEntity(
        {
          kind: 'workspace',
          uuid: workspace.uuid,
          workspaceSlug: workspace.slug,
        },
        hook,
      ),
  }),
  /** Pipeline schedules of every repository; repo HAS each. */
  PIPELINE_SCHEDULES: children({
    parents: REPOSITORIES,
    // No scope gate on the main credential: like the pipelines listing,
    // schedules go with the access tokens when there are some
    // (servedByAccessToken), whose scopes the consumer's do not tell; a
    // 403 names the repositories.
    what: 'pipeline schedules',
    hint: `The credential needs the ${PIPELINE_SCOPE} scope (OAuth consumer: Pipelines Read; API token: read:pipeline:bitbucket).`,
    listing: repoPipelineSchedules,
    // Bitbucket answers 404 for the Pipelines configuration of a repository
    // that never set Pipelines up (not for one where it is disabled:
    // ktrysmt/go-bitbucket#177); such a repository has no schedules.
    noneOn404: true,
    convert: createPipelineScheduleEntity,
  }),
  /** Pipelines variables of every repository; repo HAS each. */
  REPO_PIPELINE_VARIABLES: children({
    parents: REPOSITORIES,
    // The workspace step warns once for every kind of variable.
    needs: { scope: PIPELINE_SCOPE },
    what: 'Pipelines variables',
    hint: `Reading Pipelines variables needs repository admin rights on those repositories and the ${PIPELINE_SCOPE} scope.`,
    listing: repoPipelineVariables,
    convert: (repo, variable) =>
      createPipelineVariableEntity(
        {
          kind: 'repository',
          uuid: repo.uuid,
          name: repo.fullName,
          workspaceSlug: repo.workspaceSlug,
          repoUuid: repo.uuid,
          repoFullName: repo.fullName,
        },
        variable,
      ),
  }),
  /** Pipelines variables of every workspace; workspace HAS each. */
  WORKSPACE_PIPELINE_VARIABLES: children({
    parents: WORKSPACES,
    needs: {
      scope: PIPELINE_SCOPE,
      for: 'reading the Pipelines variables of repositories, workspaces and deployment environments',
    },
    what: 'Pipelines variables',
    hint: `Workspace variables can be read by workspace admins only (and need the ${PIPELINE_SCOPE} scope).`,
    listing: workspacePipelineVariables,
    convert: (workspace, variable) =>
      createPipelineVariableEntity(
        {
          kind: 'workspace',
          uuid: workspace.uuid,
          name: workspace.slug,
          workspaceSlug: workspace.slug,
        },
        variable,
      ),
  }),
  /**
   * Pipelines variables of every collected deployment environment;
   * environment HAS each. One request per environment: the environments
   * step already knows which exist.
   */
  ENVIRONMENT_PIPELINE_VARIABLES: children({
    parents: ENVIRONMENTS,
    // The workspace step warns once for every kind of variable.
    needs: { scope: PIPELINE_SCOPE },
    what: 'Pipelines variables',
    hint: `Reading the variables of a deployment environment needs repository admin rights on its repository and the ${PIPELINE_SCOPE} scope.`,
    listing: environmentPipelineVariables,
    convert: (env, variable) =>
      createPipelineVariableEntity(
        {
          kind: 'environment',
          uuid: env.uuid,
          name: `${env.repoFullName}/${env.name}`,
          workspaceSlug: env.workspaceSlug,
          repoUuid: env.repoUuid,
          repoFullName: env.repoFullName,
          environmentName: env.name,
        },
        variable,
      ),
  }),
};

type ChildListingKey = keyof typeof CHILD_LISTINGS;

/** The handler of every entry, under its step's key. */
export const childListingHandlers = Object.fromEntries(
  (Object.keys(CHILD_LISTINGS) as ChildListingKey[]).map((key) => [
    key,
    (context: StepContext) =>
      CHILD_LISTINGS[key](context, BitbucketSteps[key].id),
  ]),
) as Record<ChildListingKey, StepHandler>;
