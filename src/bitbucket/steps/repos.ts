import {
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { createRepoEntity } from '../converters/repo';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { addChildOnce, StepContext, declareStep } from '../../steps';
import { forEachWorkspace, withRequestLog } from './common';

/** Repositories of every workspace; the workspace OWNS each. */
export function fetchRepos(context: StepContext): Promise<void> {
  return withRequestLog(context, BitbucketSteps.REPOS.id, (run) =>
    forEachWorkspace(context, 'repositories', async (workspace, entity) => {
      for await (const repo of run.client.listRepositories(workspace.slug)) {
        await addChildOnce(
          context.jobState,
          entity,
          createRepoEntity(workspace, repo),
          RelationshipClass.OWNS,
        );
      }
    }),
  );
}

export const repoSteps: IntegrationStep<IntegrationConfig>[] = [
  declareStep(BitbucketSteps.REPOS, fetchRepos, {
    writes: [
      BitbucketEntities.REPO,
      BitbucketRelationships.WORKSPACE_OWNS_REPO,
    ],
    after: [BitbucketSteps.WORKSPACES],
    source: BitbucketIngestionSourceIds.REPOS,
  }),
];
