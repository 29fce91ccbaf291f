import { Entity, RelationshipClass } from '@jupiterone/integration-sdk-core';
import {
  AccessGaps,
  accessGapOf,
  addChildOnce,
  addEntityOnce,
  addRelationshipOnce,
  describeGaps,
  fanOutFor,
  forEachCollected,
  relateOnce,
  StepContext,
  stringProperty,
  StepHandlers,
} from '../../steps';
import { bitbucketFullNameFromUrl } from '../../crossvendor/match';
import { CircleCIClient } from '../client/client';
import { getStepClient } from '../client/cache';
import {
  CircleCIComponentVersion,
  componentVersions,
} from '../client/responses/deploys';
import { CircleCIPipeline } from '../client/responses/pipelines';
import {
  ComponentRef,
  createComponentEntity,
  createDeployEntity,
  createEnvironmentEntity,
  createMappedRunPerformedDeploy,
  DeployReview,
  DeployRunInfo,
  EnvironmentRef,
  readEnvironmentRef,
} from '../converters/deploy';
import { circleciKeys } from '../converters/keys';
import { CircleCIEntities as E, CircleCISteps } from '../metadata';
import {
  circleciGapsMessage,
  forEachCircleCIParent,
  logCircleCIRequests,
} from './common';
import { CircleCIListings } from './listings';

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
  const { jobState } = context;
  const listing = CircleCIListings.deployEnvironmentsAndComponents;
  await forEachCircleCIParent(context, listing, async (group, org, client) => {
    for await (const environment of client.listDeployEnvironments(org.id)) {
      await addChildOnce(
        jobState,
        group,
        createEnvironmentEntity(environment, org),
      );
    }
    for await (const component of client.listDeployComponents(org.id)) {
      const entity = createComponentEntity(component, org);
      await addChildOnce(jobState, group, entity);
      const project = component.project_id
        ? {
            _key: circleciKeys.project(component.project_id),
            _type: E.PROJECT._type,
          }
        : undefined;
      // A component of a project outside the collected ones has no link.
      if (project && (await jobState.hasKey(project._key))) {
        await relateOnce(jobState, project, RelationshipClass.HAS, entity);
      }
    }
  });
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
 * The pipeline of each deployed version: the collected pipeline when it is
 * in the pipeline window; otherwise, for live versions only, fetched once
 * per pipeline (GET /pipeline/{id}). A 403/404 there leaves the deploy's
 * commit unknown and is named in one warning.
 */
class DeployRuns {
  private readonly fetched = new Map<
    string,
    Promise<DeployRunInfo | undefined>
  >();
  private readonly unreadable: AccessGaps;

  constructor(
    private readonly context: StepContext,
    private readonly client: CircleCIClient,
  ) {
    this.unreadable = new AccessGaps(context, 'pipeline');
  }

  async of(
    version: CircleCIComponentVersion,
  ): Promise<DeployRunInfo | undefined> {
    const id = version.pipeline_id;
    if (!id) return undefined;
    const collected = await this.context.jobState.findEntity(
      circleciKeys.pipeline(id),
    );
    if (collected) return runInfoFromEntity(collected);
    if (version.is_live !== true) return undefined;
    let pending = this.fetched.get(id);
    if (!pending) {
      pending = this.client.getPipeline(id).then(runInfoFromApi, (err) => {
        if (accessGapOf(err) === undefined) throw err;
        return this.unreadable
          .attempt(`pipeline ${id}`, () => Promise.reject(err))
          .then(() => undefined);
      });
      this.fetched.set(id, pending);
    }
    return pending;
  }

  publishGaps(): void {
    this.unreadable.publish(
      (found) =>
        `CircleCI GET /pipeline/{pipeline-id} could not be read for ${
          found.length
        } pipeline(s) of live deploys older than the pipeline window: ${describeGaps(
          found,
        )}. Those deploys are collected without their commit (changeReview unknown).`,
    );
  }
}

/**
 * The pipeline, workflow or job that performed a deploy: a relationship
 * when the run is collected, a mapped one to the run's key otherwise.
 */
async function linkRun(
  context: StepContext,
  type: string,
  key: string,
  deploy: Entity,
) {
  const { jobState } = context;
  const run = { _key: key, _type: type };
  if (await jobState.hasKey(key)) {
    await relateOnce(jobState, run, RelationshipClass.PERFORMED, deploy);
  } else {
    await addRelationshipOnce(
      jobState,
      createMappedRunPerformedDeploy(run, deploy),
    );
  }
}

/** One deploy: the version in its environment, with its links. */
async function collectDeploy(
  context: StepContext,
  version: CircleCIComponentVersion,
  known: {
    component: ComponentRef;
    environments: Map<string, EnvironmentRef>;
    runs: DeployRuns;
    chain: DeployChain;
  },
): Promise<void> {
  const { jobState } = context;
  const { component, chain } = known;
  const environment = version.environment_id
    ? known.environments.get(circleciKeys.environment(version.environment_id))
    : undefined;
  const run = await known.runs.of(version);
  const review = chain.review(run);
  const deploy = createDeployEntity(version, {
    component,
    environment,
    run,
    review,
  });
  if (!(await addEntityOnce(jobState, deploy))) return;
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
  const runs: Array<[string, string | undefined, (id: string) => string]> = [
    [E.PIPELINE._type, version.pipeline_id, circleciKeys.pipeline],
    [E.WORKFLOW._type, version.workflow_id, circleciKeys.workflow],
    [E.JOB._type, version.job_id, circleciKeys.job],
  ];
  for (const [type, id, key] of runs) {
    if (id) await linkRun(context, type, key(id), deploy);
  }
  await chain.link(deploy, review);
}

/**
 * Every version of every component, one deploy entity per version and
 * environment. The deployed commit comes from the pipeline that deployed
 * it (DeployRuns), so what runs now always has its evidence while older,
 * replaced versions cost nothing (their commit stays unknown).
 */
export async function fetchDeploys(
  context: StepContext,
  chain: DeployChain = NO_CHAIN,
) {
  const { client, config } = getStepClient(context);
  const environments = new Map<string, EnvironmentRef>();
  await context.jobState.iterateEntities(
    { _type: E.ENVIRONMENT._type },
    (env) => {
      environments.set(env._key, readEnvironmentRef(env));
    },
  );
  const runs = new DeployRuns(context, client);
  const listing = CircleCIListings.deploys;
  await forEachCollected(context, listing.parents, {
    what: listing.what,
    limit: fanOutFor(config.concurrency),
    visit: async (_entity, component) => {
      for await (const version of client.list(componentVersions, [
        component.id,
      ])) {
        await collectDeploy(context, version, {
          component,
          environments,
          runs,
          chain,
        });
      }
    },
    describe: circleciGapsMessage(CircleCIListings.deploys),
  });
  runs.publishGaps();
  logCircleCIRequests(context, client);
}

export const deployHandlers = {
  DEPLOY_COMPONENTS: fetchDeployEnvironmentsAndComponents,
  DEPLOYS: (context) => fetchDeploys(context),
} satisfies StepHandlers<typeof CircleCISteps>;
