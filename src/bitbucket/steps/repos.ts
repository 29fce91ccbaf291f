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
import { addChildOnce, StepContext } from '../../steps';
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
  {
    ...BitbucketSteps.REPOS,
    entities: [BitbucketEntities.REPO],
    relationships: [BitbucketRelationships.WORKSPACE_OWNS_REPO],
    dependsOn: [BitbucketSteps.WORKSPACES.id],
    ingestionSourceId: BitbucketIngestionSourceIds.REPOS,
    executionHandler: fetchRepos,
  },
];
