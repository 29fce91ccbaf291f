import { Entity, RelationshipClass } from '@jupiterone/integration-sdk-core';
import {
  repoDeployments,
  repoEnvironments,
  repoPipelines,
} from '../client/responses/pipelines';
import { indexPullRequestCommits } from '../../crossvendor/pullRequestIndex';
import {
  createDeploymentEntity,
  deployedCommit,
  deploymentPipelineUuid,
} from '../converters/deployment';
import {
  createEnvironmentEntity,
  EnvironmentRef,
  readEnvironmentRef,
} from '../converters/environment';
import { bitbucketKeys } from '../converters/keys';
import {
  createPipelineEntity,
  readPipelineCreatorId,
} from '../converters/pipeline';
import { readPullRequestRef } from '../converters/pullRequest';
import { readRepoRef, RepoRef } from '../converters/repo';
import { time } from '../converters/common';
import { BitbucketEntities, BitbucketSteps } from '../metadata';
import { pullRequestWindowStart } from './pullRequestWindow';
import { PULL_REQUEST_GAP_REPOS } from './pullRequests';
import {
  addChildOnce,
  addEntityOnce,
  relateOnce,
  runStartedOn,
  StepContext,
  StepHandlers,
} from '../../steps';
import {
  addChildrenOf,
  BitbucketParents,
  readEach,
  REPOSITORIES,
  withRequestLog,
} from './common';

const E = BitbucketEntities;

/**
 * What a 403/404 from the Pipelines endpoints means: the credential lacks
 * the `pipeline` scope (403), or Pipelines was never enabled on the
 * repository (404).
 */
const PIPELINE_SCOPE_FIX =
  'The credential needs the pipeline scope (OAuth consumer: Pipelines Read; API token: read:pipeline:bitbucket) and Pipelines enabled on those repositories.';

/** True for a time before the window start (newest-first listings stop). */
function before(at: string | undefined, since: Date): boolean {
  const ms = time(at);
  return ms !== undefined && ms < since.getTime();
}

/** Pipelines and deployments use the pull-request window. */
function windowStart(context: StepContext, lookbackDays: number): Date {
  return pullRequestWindowStart({
    now: runStartedOn(context),
    lastSuccessfulStartedOn:
      context.executionHistory?.lastSuccessful?.startedOn,
    lookbackDays,
  });
}

/**
 * Pipeline runs of every repository created since the window start. The
 * list is newest first, so reading stops at the first older run and no
 * later page is requested.
 */
export function fetchPipelines(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.PIPELINES.id;
  return withRequestLog(context, stepId, (run) => {
    const since = windowStart(context, run.config.pullRequestLookbackDays);
    return addChildrenOf(context, run, REPOSITORIES, {
      what: 'pipelines',
      hint: PIPELINE_SCOPE_FIX,
      list: (repo) =>
        run.client.list(repoPipelines, [repo.workspaceSlug, repo.uuid]),
      until: (pipeline) => before(pipeline.created_on, since),
      convert: createPipelineEntity,
    });
  });
}

/** user TRIGGERS pipeline, for creators that are collected users. */
export async function buildPipelineUserRelationships({
  jobState,
}: StepContext): Promise<void> {
  await jobState.iterateEntities(
    { _type: E.PIPELINE._type },
    async (entity) => {
      const creatorId = readPipelineCreatorId(entity);
      // A creator who left the workspace (or whose account was deleted) is
      // no collected user: the pipeline keeps creatorId, no link is made.
      if (!creatorId || !(await jobState.hasKey(creatorId))) return;
      const user = { _key: creatorId, _type: E.USER._type };
      await relateOnce(jobState, user, RelationshipClass.TRIGGERS, entity);
    },
  );
}

/** Deployment environments of every repository. */
export function fetchEnvironments(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.ENVIRONMENTS.id;
  return withRequestLog(context, stepId, (run) =>
    addChildrenOf(context, run, REPOSITORIES, {
      what: 'deployment environments',
      hint: PIPELINE_SCOPE_FIX,
      list: (repo) =>
        run.client.list(repoEnvironments, [repo.workspaceSlug, repo.uuid]),
      convert: createEnvironmentEntity,
    }),
  );
}

async function approvalStatusByKey(
  context: StepContext,
): Promise<Map<string, string | undefined>> {
  const statuses = new Map<string, string | undefined>();
  await context.jobState.iterateEntities(
    { _type: E.PULL_REQUEST._type },
    (entity) => {
      statuses.set(entity._key, readPullRequestRef(entity).approvalStatus);
    },
  );
  return statuses;
}

async function environmentsByKey(
  context: StepContext,
): Promise<{ byKey: Map<string, EnvironmentRef>; repoIds: Set<string> }> {
  const byKey = new Map<string, EnvironmentRef>();
  const repoIds = new Set<string>();
  await context.jobState.iterateEntities(
    { _type: E.ENVIRONMENT._type },
    (entity: Entity) => {
      const ref = readEnvironmentRef(entity);
      byKey.set(ref.key, ref);
      if (ref.repoId) repoIds.add(ref.repoId);
    },
  );
  return { byKey, repoIds };
}

/**
 * Deployments of every repository started since the window start, each
 * linked to its environment, the pipeline that ran it and the pull request
 * whose merge (or source) commit it deployed in the same repository, with
 * that pull request's approval as `changeReview`.
 */
export function fetchDeployments(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.DEPLOYMENTS.id;
  return withRequestLog(context, stepId, async (run) => {
    const { jobState } = context;
    const since = windowStart(context, run.config.pullRequestLookbackDays);
    const environments = await environmentsByKey(context);
    // Every deployment goes to an environment, and Bitbucket creates a
    // repository's environments when Pipelines is enabled on it: a
    // repository without any has no deployments, and is not asked.
    const withEnvironments: BitbucketParents<RepoRef> = {
      ...REPOSITORIES,
      read: (entity) => {
        const repo = readRepoRef(entity);
        return repo && environments.repoIds.has(repo.uuid) ? repo : undefined;
      },
    };
    const pullRequests = await indexPullRequestCommits(context.jobState);
    const approvals = await approvalStatusByKey(context);
    const unreadable = new Set(
      (await jobState.getData<string[]>(PULL_REQUEST_GAP_REPOS)) ?? [],
    );

    const ingest = async (
      repo: RepoRef,
      deployment: Parameters<typeof createDeploymentEntity>[1],
    ) => {
      const envUuid = deployment.environment?.uuid;
      const environment = envUuid
        ? environments.byKey.get(bitbucketKeys.environment(repo.uuid, envUuid))
        : undefined;
      const pipelineUuid = deploymentPipelineUuid(deployment);
      const pipelineKey = pipelineUuid
        ? bitbucketKeys.pipeline(repo.uuid, pipelineUuid)
        : undefined;
      const commit = deployedCommit(deployment);
      const matches = commit
        ? pullRequests.find(repo.fullName.toLowerCase(), commit)
        : [];
      const entity = createDeploymentEntity(repo, deployment, {
        environment,
        pipelineKey,
        pullRequests: matches.map((match) => ({
          key: match.pullRequestKey,
          matchedOn: match.matchedOn,
          approvalStatus: approvals.get(match.pullRequestKey),
        })),
        pullRequestsUnreadable: unreadable.has(repo.uuid),
      });
      if (environment) {
        await addChildOnce(
          jobState,
          { _key: environment.key, _type: E.ENVIRONMENT._type },
          entity,
        );
      } else {
        await addEntityOnce(jobState, entity);
      }
      // Links only to what this run collected: a pipeline older than the
      // window keeps its key on the deployment (pipelineKey), no placeholder.
      if (pipelineKey && (await jobState.hasKey(pipelineKey))) {
        const pipeline = { _key: pipelineKey, _type: E.PIPELINE._type };
        await relateOnce(
          jobState,
          pipeline,
          RelationshipClass.PERFORMED,
          entity,
        );
      }
      for (const match of matches) {
        const pr = { _key: match.pullRequestKey, _type: E.PULL_REQUEST._type };
        await relateOnce(jobState, entity, RelationshipClass.DEPLOYED, pr, {
          matchedOn: match.matchedOn,
          commit,
        });
      }
    };

    await readEach(
      context,
      run,
      withEnvironments,
      { what: 'deployments', hint: PIPELINE_SCOPE_FIX },
      async (repo) => {
        for await (const deployment of run.client.list(repoDeployments, [
          repo.workspaceSlug,
          repo.uuid,
        ])) {
          if (before(deployment.state?.started_on, since)) break;
          await ingest(repo, deployment);
        }
      },
    );
  });
}

export const pipelineHandlers = {
  PIPELINES: fetchPipelines,
  PIPELINE_USER_RELATIONSHIPS: buildPipelineUserRelationships,
  ENVIRONMENTS: fetchEnvironments,
  DEPLOYMENTS: fetchDeployments,
} satisfies StepHandlers<typeof BitbucketSteps>;
