import {
  createDirectRelationship,
  Entity,
  IntegrationStep,
  JobState,
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
import { withRequestLog } from './shared';
import { forEachWorkspace } from './users';

const E = BitbucketEntities;

/** What later steps need to address a repository collected by this run. */
export interface RepoRef {
  uuid: string;
  name: string;
  fullName: string;
  workspaceSlug: string;
  workspaceUuid: string;
}

export function repoRef(repo: Entity): RepoRef {
  return {
    uuid: repo._key,
    name: String(repo.name ?? repo._key),
    fullName: String(repo.fullName ?? repo.name ?? repo._key),
    workspaceSlug: String(repo.workspace),
    workspaceUuid: String(repo.workspaceId),
  };
}

/**
 * Repositories of this run, listed from the job state (no second listing).
 * Only the small refs are kept in memory.
 */
export async function collectRepoRefs(jobState: JobState): Promise<RepoRef[]> {
  const refs: RepoRef[] = [];
  await jobState.iterateEntities({ _type: E.REPO._type }, (repo) => {
    refs.push(repoRef(repo));
  });
  return refs;
}

export const repoSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: BitbucketSteps.REPOS.id,
    name: BitbucketSteps.REPOS.name,
    entities: [E.REPO],
    relationships: [BitbucketRelationships.WORKSPACE_OWNS_REPO],
    dependsOn: [BitbucketSteps.WORKSPACES.id],
    ingestionSourceId: BitbucketIngestionSourceIds.REPOS,
    executionHandler: withRequestLog(
      BitbucketSteps.REPOS.id,
      async (context, run) => {
        const { jobState } = context;
        await forEachWorkspace(
          jobState,
          async (workspace) => {
            const ws = { uuid: workspace._key, slug: workspace.slug };
            for await (const repo of run.client.listRepositories(ws.slug)) {
              if (await jobState.hasKey(repo.uuid)) continue;
              const entity = await jobState.addEntity(
                createRepoEntity(ws, repo),
              );
              await jobState.addRelationship(
                createDirectRelationship({
                  _class: RelationshipClass.OWNS,
                  from: workspace,
                  to: entity,
                }),
              );
            }
          },
          { context, what: 'repositories' },
        );
      },
    ),
  },
];
