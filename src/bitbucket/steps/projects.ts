import {
  createDirectRelationship,
  Entity,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { createProjectEntity } from '../converters/project';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { withRequestLog } from './shared';
import { forEachWorkspace } from './users';
import { addRelationshipOnce } from '../../stepSupport';

const E = BitbucketEntities;

export const projectSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: BitbucketSteps.PROJECTS.id,
    name: BitbucketSteps.PROJECTS.name,
    entities: [E.PROJECT],
    relationships: [BitbucketRelationships.WORKSPACE_OWNS_PROJECT],
    dependsOn: [BitbucketSteps.WORKSPACES.id],
    ingestionSourceId: BitbucketIngestionSourceIds.PROJECTS,
    executionHandler: withRequestLog(
      BitbucketSteps.PROJECTS.id,
      async (context, run) => {
        const { jobState } = context;
        await forEachWorkspace(
          jobState,
          async (workspace) => {
            for await (const project of run.client.listProjects(
              workspace.slug,
            )) {
              if (await jobState.hasKey(project.uuid)) continue;
              const entity = await jobState.addEntity(
                createProjectEntity(workspace.slug, project),
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
          { context, what: 'projects' },
        );
      },
    ),
  },
  {
    // Separate from the repos step so that switching projects off does not
    // switch repositories (and everything after them) off too.
    id: BitbucketSteps.PROJECT_REPO_RELATIONSHIPS.id,
    name: BitbucketSteps.PROJECT_REPO_RELATIONSHIPS.name,
    entities: [],
    relationships: [BitbucketRelationships.PROJECT_HAS_REPO],
    dependsOn: [BitbucketSteps.PROJECTS.id, BitbucketSteps.REPOS.id],
    ingestionSourceId: BitbucketIngestionSourceIds.PROJECTS,
    executionHandler: async ({ jobState }) => {
      await jobState.iterateEntities(
        { _type: E.REPO._type },
        async (repo: Entity) => {
          const projectId = repo.projectId;
          if (typeof projectId !== 'string') return;
          if (!(await jobState.hasKey(projectId))) return;
          await addRelationshipOnce(
            jobState,
            createDirectRelationship({
              _class: RelationshipClass.HAS,
              fromKey: projectId,
              fromType: E.PROJECT._type,
              toKey: repo._key,
              toType: E.REPO._type,
            }),
          );
        },
      );
    },
  },
];
