import {
  Entity,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import {
  AccessGaps,
  accessGapOf,
  addChildOnce,
  addEntityOnce,
  addRelationshipOnce,
  describeGaps,
  forEachLimited,
  fanOutFor,
  relateOnce,
  StepContext,
  stringProperty,
} from '../../steps';
import { bitbucketFullNameFromUrl } from '../../crossvendor/match';
import { getStepClient } from '../client/cache';
import { CircleCIComponentVersion, CircleCIPipeline } from '../client/types';
import {
  ComponentRef,
  createComponentEntity,
  createDeployEntity,
  createEnvironmentEntity,
  createMappedRunPerformedDeploy,
  DeployReview,
  DeployRunInfo,
  EnvironmentRef,
  readComponentRef,
  readEnvironmentRef,
} from '../converters/deploy';
import { circleciKeys } from '../converters/keys';
import {
  CircleCIEntities,
  CircleCIIngestionSourceIds,
  CircleCIMappedRelationships,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import { logCircleCIRequests } from './common';

const E = CircleCIEntities;
const R = CircleCIRelationships;

/**
 * Environments and components of every organization (one listing each per
 * organization: components of all projects at once). An organization
 * whose deploy listings answer 403/404 (deploys not available on its plan,
 * or not readable by the token's user) is skipped and named in one warn
 * event; everything else is collected.
 */
export async function fetchDeployEnvironmentsAndComponents(
  context: StepContext,
) {
  const { client, config } = getStepClient(context);
  const orgs: Array<{ entity: Entity; id: string; name: string }> = [];
  await context.jobState.iterateEntities({ _type: E.USER_GROUP._type }, (g) => {
    const id = stringProperty(g, 'id');
    if (id) orgs.push({ entity: g, id, name: stringProperty(g, 'slug') ?? id });
  });
  const gaps = new AccessGaps(context, 'deploy environments and components');
  await forEachLimited(orgs, fanOutFor(config.concurrency), async (org) => {
    await gaps.attempt(`CircleCI organization ${org.name}`, async () => {
      for await (const environment of client.listDeployEnvironments(org.id)) {
        await addChildOnce(
          context.jobState,
          org.entity,
          createEnvironmentEntity(environment, org),
        );
      }
      for await (const component of client.listDeployComponents(org.id)) {
        const entity = createComponentEntity(component, org);
        await addChildOnce(context.jobState, org.entity, entity);
        const projectKey = component.project_id
          ? circleciKeys.project(component.project_id)
          : undefined;
        if (projectKey && (await context.jobState.hasKey(projectKey))) {
          await relateOnce(
            context.jobState,
            { _key: projectKey, _type: E.PROJECT._type },
            RelationshipClass.HAS,
            entity,
          );
        }
      }
    });
  });
  gaps.publish(
    (found) =>
      `CircleCI GET /deploy/environments and GET /deploy/components could not be read for ${
        found.length
      } organization(s): ${describeGaps(
        found,
      )}. Deploys may not be available on the organization's plan, or the API token's user may not see them; their environments, components and deploys are not collected; everything else is.`,
  );
  logCircleCIRequests(context, client);
}

/** What the deploy step reads back of a collected pipeline. */
function runInfoFromEntity(pipeline: Entity): DeployRunInfo {
  const number = pipeline.number;
  return {
    commitSha: stringProperty(pipeline, 'vcsRevision'),
    branch: stringProperty(pipeline, 'vcsBranch'),
    repositoryFullName: bitbucketFullNameFromUrl(
      stringProperty(pipeline, 'vcsTargetRepositoryUrl'),
    ),
    projectSlug: stringProperty(pipeline, 'projectSlug'),
    pipelineNumber: typeof number === 'number' ? number : undefined,
    triggerActorLogin: stringProperty(pipeline, 'triggerActorLogin'),
    inWindow: true,
  };
}

function runInfoFromApi(pipeline: CircleCIPipeline): DeployRunInfo {
  const present = (v: string | null | undefined) =>
    typeof v === 'string' && v !== '' ? v : undefined;
  return {
    commitSha: present(pipeline.vcs?.revision),
    branch: present(pipeline.vcs?.branch),
    repositoryFullName: bitbucketFullNameFromUrl(
      present(pipeline.vcs?.target_repository_url),
    ),
    projectSlug: present(pipeline.project_slug),
    pipelineNumber: pipeline.number,
    triggerActorLogin: present(pipeline.trigger?.actor?.login),
    inWindow: false,
  };
}

/**
 * How deploys are tied to pull requests; without one (no Bitbucket pull
 * requests collected) every deploy's changeReview is `unknown`.
 */
export interface DeployChain {
  /** The review evidence, and the keys of the pull requests to link. */
  review(run: DeployRunInfo | undefined): DeployReview;
  /** Links the deploy to each pull request the review found. */
  link(deploy: Entity, review: DeployReview): Promise<void>;
}

const NO_CHAIN: DeployChain = {
  review: () => ({ changeReview: 'unknown' }),
  link: async () => undefined,
};

/**
 * Every version of every component, one deploy entity per version and
 * environment. The deployed commit comes from the pipeline that deployed
 * it: read from the collected pipeline when it is in the pipeline window,
 * otherwise fetched (GET /pipeline/{id}, once per pipeline) for live
 * versions only, so what runs now always has its evidence while older,
 * replaced versions cost nothing (their commit stays unknown).
 */
export async function fetchDeploys(
  context: StepContext,
  chain: DeployChain = NO_CHAIN,
) {
  const { client, config } = getStepClient(context);
  const { jobState } = context;
  const environments = new Map<string, EnvironmentRef>();
  await jobState.iterateEntities({ _type: E.ENVIRONMENT._type }, (env) => {
    environments.set(env._key, readEnvironmentRef(env));
  });
  const components: ComponentRef[] = [];
  await jobState.iterateEntities({ _type: E.COMPONENT._type }, (c) => {
    const ref = readComponentRef(c);
    if (ref) components.push(ref);
  });

  const olderPipelines = new Map<string, Promise<DeployRunInfo | undefined>>();
  const unreadablePipelines = new AccessGaps(context, 'pipeline');
  const runOf = async (
    version: CircleCIComponentVersion,
  ): Promise<DeployRunInfo | undefined> => {
    const id = version.pipeline_id;
    if (!id) return undefined;
    const collected = await jobState.findEntity(circleciKeys.pipeline(id));
    if (collected) return runInfoFromEntity(collected);
    if (version.is_live !== true) return undefined;
    let pending = olderPipelines.get(id);
    if (!pending) {
      pending = client.getPipeline(id).then(runInfoFromApi, (err) => {
        if (accessGapOf(err) === undefined) throw err;
        return unreadablePipelines
          .attempt(`pipeline ${id}`, () => Promise.reject(err))
          .then(() => undefined);
      });
      olderPipelines.set(id, pending);
    }
    return pending;
  };

  const linkRun = async (type: string, key: string, deploy: Entity) => {
    const run = { _key: key, _type: type };
    if (await jobState.hasKey(key)) {
      await relateOnce(jobState, run, RelationshipClass.PERFORMED, deploy);
    } else {
      await addRelationshipOnce(
        jobState,
        createMappedRunPerformedDeploy(run, deploy),
      );
    }
  };

  const gaps = new AccessGaps(context, 'deploys');
  await forEachLimited(
    components,
    fanOutFor(config.concurrency),
    async (component) => {
      await gaps.attempt(
        `CircleCI component ${component.name ?? component.id}`,
        async () => {
          for await (const version of client.listComponentVersions(
            component.id,
          )) {
            const environmentKey = version.environment_id
              ? circleciKeys.environment(version.environment_id)
              : undefined;
            const environment = environmentKey
              ? environments.get(environmentKey)
              : undefined;
            const run = await runOf(version);
            const review = chain.review(run);
            const deploy = createDeployEntity(version, {
              component,
              environment,
              run,
              review,
            });
            if (!(await addEntityOnce(jobState, deploy))) continue;
            await relateOnce(
              jobState,
              { _key: component.key, _type: E.COMPONENT._type },
              RelationshipClass.HAS,
              deploy,
            );
            if (environment) {
              await relateOnce(jobState, deploy, RelationshipClass.USES, {
                _key: environment.key,
                _type: E.ENVIRONMENT._type,
              });
            }
            if (version.pipeline_id) {
              await linkRun(
                E.PIPELINE._type,
                circleciKeys.pipeline(version.pipeline_id),
                deploy,
              );
            }
            if (version.workflow_id) {
              await linkRun(
                E.WORKFLOW._type,
                circleciKeys.workflow(version.workflow_id),
                deploy,
              );
            }
            if (version.job_id) {
              await linkRun(
                E.JOB._type,
                circleciKeys.job(version.job_id),
                deploy,
              );
            }
            await chain.link(deploy, review);
          }
        },
      );
    },
  );
  gaps.publish(
    (found) =>
      `CircleCI GET /deploy/components/{component_id}/versions could not be read for ${
        found.length
      } component(s): ${describeGaps(
        found,
      )}. Their deploys are not collected; everything else is.`,
  );
  unreadablePipelines.publish(
    (found) =>
      `CircleCI GET /pipeline/{pipeline-id} could not be read for ${
        found.length
      } pipeline(s) of live deploys older than the pipeline window: ${describeGaps(
        found,
      )}. Those deploys are collected without their commit (changeReview unknown).`,
  );
  logCircleCIRequests(context, client);
}

/** The deploy step's declaration, shared with the cross-vendor variant. */
export const deployStepShape = {
  entities: [E.DEPLOY],
  relationships: [
    R.COMPONENT_HAS_DEPLOY,
    R.DEPLOY_USES_ENVIRONMENT,
    R.PIPELINE_PERFORMED_DEPLOY,
    R.WORKFLOW_PERFORMED_DEPLOY,
    R.JOB_PERFORMED_DEPLOY,
  ],
  mappedRelationships: [
    CircleCIMappedRelationships.PIPELINE_PERFORMED_DEPLOY,
    CircleCIMappedRelationships.WORKFLOW_PERFORMED_DEPLOY,
    CircleCIMappedRelationships.JOB_PERFORMED_DEPLOY,
  ],
  dependsOn: [CircleCISteps.DEPLOY_COMPONENTS.id, CircleCISteps.JOBS.id],
  ingestionSourceId: CircleCIIngestionSourceIds.DEPLOYS,
};

export const deploySteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...CircleCISteps.DEPLOY_COMPONENTS,
    entities: [E.ENVIRONMENT, E.COMPONENT],
    relationships: [
      R.USER_GROUP_HAS_ENVIRONMENT,
      R.USER_GROUP_HAS_COMPONENT,
      R.PROJECT_HAS_COMPONENT,
    ],
    dependsOn: [CircleCISteps.USER_GROUPS.id, CircleCISteps.PROJECTS.id],
    ingestionSourceId: CircleCIIngestionSourceIds.DEPLOYS,
    executionHandler: fetchDeployEnvironmentsAndComponents,
  },
  {
    ...CircleCISteps.DEPLOYS,
    ...deployStepShape,
    executionHandler: (context) => fetchDeploys(context),
  },
];
