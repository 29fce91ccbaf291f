import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { PIPELINE_SCOPE } from '../auth/scopes';
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
        'reading the Pipelines variables of repositories and workspaces',
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
];
