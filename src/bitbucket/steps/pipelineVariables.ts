import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { PIPELINE_SCOPE } from '../auth/scopes';
import {
  EnvironmentLocation,
  readEnvironmentLocation,
} from '../converters/environment';
import { createPipelineVariableEntity } from '../converters/pipelineVariable';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import {
  AccessGaps,
  addChildOnce,
  describeGaps,
  forEachLimited,
  StepContext,
  declareStep,
} from '../../steps';
import { requireScope } from './adminScope';
import {
  collectRepoRefs,
  forEachWorkspace,
  repoEnd,
  repoGapsMessage,
  repoName,
  withRequestLog,
} from './common';

/** Pipelines variables of every repository; repo HAS each. */
export function fetchRepoPipelineVariables(
  context: StepContext,
): Promise<void> {
  const stepId = BitbucketSteps.REPO_PIPELINE_VARIABLES.id;
  return withRequestLog(context, stepId, async (run) => {
    if (
      !(await requireScope(
        context,
        run,
        PIPELINE_SCOPE,
        // The workspace step warns once for both.
        undefined,
      ))
    ) {
      return;
    }
    const repos = await collectRepoRefs(context.jobState);
    const gaps = new AccessGaps(context, 'Pipelines variables');
    await forEachLimited(repos, run.config.concurrency, (repo) =>
      gaps.attempt(repoName(repo), async () => {
        for await (const variable of run.client.listRepoPipelineVariables(
          repo.workspaceSlug,
          repo.uuid,
        )) {
          await addChildOnce(
            context.jobState,
            repoEnd(repo),
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
          );
        }
      }),
    );
    gaps.publish((found) =>
      repoGapsMessage(
        'Pipelines variables',
        found,
        `Reading Pipelines variables needs repository admin rights on those repositories and the ${PIPELINE_SCOPE} scope.`,
      ),
    );
  });
}

/** Pipelines variables of every workspace; workspace HAS each. */
export function fetchWorkspacePipelineVariables(
  context: StepContext,
): Promise<void> {
  const stepId = BitbucketSteps.WORKSPACE_PIPELINE_VARIABLES.id;
  return withRequestLog(context, stepId, async (run) => {
    if (
      !(await requireScope(
        context,
        run,
        PIPELINE_SCOPE,
        'reading the Pipelines variables of repositories, workspaces and deployment environments',
      ))
    ) {
      return;
    }
    const gaps = new AccessGaps(context, 'Pipelines variables');
    await forEachWorkspace(
      context,
      'Pipelines variables',
      (workspace, entity) =>
        gaps.attempt(`Bitbucket workspace '${workspace.slug}'`, async () => {
          for await (const variable of run.client.listWorkspacePipelineVariables(
            workspace.slug,
          )) {
            await addChildOnce(
              context.jobState,
              entity,
              createPipelineVariableEntity(
                {
                  kind: 'workspace',
                  uuid: workspace.uuid,
                  name: workspace.slug,
                  workspaceSlug: workspace.slug,
                },
                variable,
              ),
            );
          }
        }),
    );
    gaps.publish(
      (found) =>
        `The Pipelines variables of ${
          found.length
        } Bitbucket workspace(s) could not be read: ${describeGaps(
          found,
        )}. Every other workspace is still collected. Workspace variables can be read by workspace admins only (and need the ${PIPELINE_SCOPE} scope).`,
    );
  });
}

/** The name of an environment in warnings. */
function environmentName(env: EnvironmentLocation): string {
  return `Bitbucket environment '${env.repoFullName}/${env.name}'`;
}

/**
 * Pipelines variables of every collected deployment environment;
 * environment HAS each. One request per environment: the environments
 * step already knows which exist.
 */
export function fetchEnvironmentPipelineVariables(
  context: StepContext,
): Promise<void> {
  const stepId = BitbucketSteps.ENVIRONMENT_PIPELINE_VARIABLES.id;
  return withRequestLog(context, stepId, async (run) => {
    // The workspace step warns once for every kind of variable.
    if (!(await requireScope(context, run, PIPELINE_SCOPE, undefined))) {
      return;
    }
    const environments: EnvironmentLocation[] = [];
    await context.jobState.iterateEntities(
      { _type: BitbucketEntities.ENVIRONMENT._type },
      (entity) => {
        const location = readEnvironmentLocation(entity);
        if (location) environments.push(location);
      },
    );
    const gaps = new AccessGaps(context, 'Pipelines variables');
    await forEachLimited(environments, run.config.concurrency, (env) =>
      gaps.attempt(environmentName(env), async () => {
        for await (const variable of run.client.listEnvironmentPipelineVariables(
          env.workspaceSlug,
          env.repoUuid,
          env.uuid,
        )) {
          await addChildOnce(
            context.jobState,
            { _key: env.key, _type: BitbucketEntities.ENVIRONMENT._type },
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
          );
        }
      }),
    );
    gaps.publish(
      (found) =>
        `The Pipelines variables of ${
          found.length
        } Bitbucket deployment environment(s) could not be read: ${describeGaps(
          found,
        )}. Those were skipped and every other environment is still collected. Reading the variables of a deployment environment needs repository admin rights on its repository and the ${PIPELINE_SCOPE} scope.`,
    );
  });
}

export const pipelineVariableSteps: IntegrationStep<IntegrationConfig>[] = [
  declareStep(
    BitbucketSteps.REPO_PIPELINE_VARIABLES,
    fetchRepoPipelineVariables,
    {
      writes: [
        BitbucketEntities.PIPELINE_VARIABLE,
        BitbucketRelationships.REPO_HAS_PIPELINE_VARIABLE,
      ],
      after: [BitbucketSteps.REPOS],
      source: BitbucketIngestionSourceIds.PIPELINE_VARIABLES,
    },
  ),
  declareStep(
    BitbucketSteps.WORKSPACE_PIPELINE_VARIABLES,
    fetchWorkspacePipelineVariables,
    {
      writes: [
        BitbucketEntities.PIPELINE_VARIABLE,
        BitbucketRelationships.WORKSPACE_HAS_PIPELINE_VARIABLE,
      ],
      after: [BitbucketSteps.WORKSPACES],
      source: BitbucketIngestionSourceIds.PIPELINE_VARIABLES,
    },
  ),
  // Reads the environments step's entities: with the Pipelines source
  // off, environment variables are not collected either.
  declareStep(
    BitbucketSteps.ENVIRONMENT_PIPELINE_VARIABLES,
    fetchEnvironmentPipelineVariables,
    {
      writes: [
        BitbucketEntities.PIPELINE_VARIABLE,
        BitbucketRelationships.ENVIRONMENT_HAS_PIPELINE_VARIABLE,
      ],
      after: [BitbucketSteps.ENVIRONMENTS],
      source: BitbucketIngestionSourceIds.PIPELINE_VARIABLES,
    },
  ),
];
