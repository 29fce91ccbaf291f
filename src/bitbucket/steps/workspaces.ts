import {
  IntegrationStep,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import { createWorkspaceEntity } from '../converters/workspace';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketSteps,
} from '../metadata';
import { withRequestLog } from './shared';

export function workspaceNotFoundMessage(slug: string): string {
  return `Bitbucket workspace '${slug}' was not found (404), or the credential cannot see it; check bitbucketWorkspace (the slug from https://bitbucket.org/<slug>/) and that the OAuth consumer or API token belongs to that workspace.`;
}

export const workspaceSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: BitbucketSteps.WORKSPACES.id,
    name: BitbucketSteps.WORKSPACES.name,
    entities: [BitbucketEntities.WORKSPACE],
    relationships: [],
    dependsOn: [],
    ingestionSourceId: BitbucketIngestionSourceIds.WORKSPACES,
    executionHandler: withRequestLog(
      BitbucketSteps.WORKSPACES.id,
      async ({ jobState }, run) => {
        for (const slug of run.config.workspaces) {
          let workspace;
          try {
            workspace = await run.client.getWorkspace(slug);
          } catch (err) {
            if (isHttpStatus(err, 404)) {
              throw new IntegrationValidationError(
                workspaceNotFoundMessage(slug),
              );
            }
            throw err;
          }
          const entity = createWorkspaceEntity(workspace);
          if (!(await jobState.hasKey(entity._key))) {
            await jobState.addEntity(entity);
          }
        }
      },
    ),
  },
];
