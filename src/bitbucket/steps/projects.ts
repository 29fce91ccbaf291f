import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import { workspaceProjects } from '../client/responses/workspaces';
import { createProjectEntity } from '../converters/project';
import { readRepoRef } from '../converters/repo';
import { BitbucketEntities, BitbucketSteps } from '../metadata';
import {
  addChildOnce,
  relateOnce,
  StepContext,
  StepHandlers,
} from '../../steps';
import { forEachWorkspace, repoEnd, withRequestLog } from './common';

const E = BitbucketEntities;

/** Projects of every workspace; the workspace OWNS each. */
export function fetchProjects(context: StepContext): Promise<void> {
  return withRequestLog(context, BitbucketSteps.PROJECTS.id, (run) =>
    forEachWorkspace(context, 'projects', async (workspace, entity) => {
      for await (const project of run.client.list(workspaceProjects, [
        workspace.slug,
      ])) {
        await addChildOnce(
          context.jobState,
          entity,
          createProjectEntity(workspace.slug, project),
          RelationshipClass.OWNS,
        );
      }
    }),
  );
}

/** project HAS repo, for every repository whose project was collected. */
export async function buildProjectRepoRelationships({
  jobState,
}: StepContext): Promise<void> {
  await jobState.iterateEntities({ _type: E.REPO._type }, async (entity) => {
    const repo = readRepoRef(entity);
    const projectId = repo?.projectId;
    if (!repo || !projectId || !(await jobState.hasKey(projectId))) return;
    const project = { _key: projectId, _type: E.PROJECT._type };
    await relateOnce(jobState, project, RelationshipClass.HAS, repoEnd(repo));
  });
}

export const projectHandlers = {
  PROJECTS: fetchProjects,
  PROJECT_REPO_RELATIONSHIPS: buildProjectRepoRelationships,
} satisfies StepHandlers<typeof BitbucketSteps>;
