import { Entity, IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import { getStepClient } from '../client/cache';
import { createProjectEnvVarEntity } from '../converters/projects';
import {
  CircleCIEntities,
  CircleCIIngestionSourceIds,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import { forEachConcurrently } from './pool';
import {
  accessGapStatus,
  addChildOnce,
  CircleCIStepContext,
  fanOut,
  logRequestSummary,
} from './util';
import {
  publishMissingPermission,
  skipFailedListing,
  stringProperty,
} from '../../stepSupport';

/** Names and creation times of each project's environment variables. */
export async function fetchProjectEnvironmentVariables(
  context: CircleCIStepContext,
) {
  const { client, config } = getStepClient(context);
  const projects: Entity[] = [];
  await context.jobState.iterateEntities(
    { _type: CircleCIEntities.PROJECT._type },
    (project) => {
      projects.push(project);
    },
  );
  await forEachConcurrently(
    projects,
    fanOut(config.concurrency),
    async (project) => {
      const slug = stringProperty(project, 'slug');
      const id = stringProperty(project, 'id');
      if (!slug || !id) return;
      try {
        for await (const variable of client.listProjectEnvironmentVariables(
          slug,
        )) {
          await addChildOnce(
            context,
            project,
            createProjectEnvVarEntity(variable, { id, slug }),
          );
        }
      } catch (err) {
        if (
          skipFailedListing(
            context,
            `The environment variables of CircleCI project ${slug}`,
            err,
          )
        ) {
          return;
        }
        if (!isHttpStatus(err, 403, 404)) throw err;
        publishMissingPermission(
          context,
          `CircleCI project ${slug}: GET /project/{project-slug}/envvar answered ${accessGapStatus(
            err,
          )}, so its environment variable names are not collected. Give the API token's user access to the project's settings.`,
        );
      }
    },
  );
  logRequestSummary(context, client.transport);
}

export const environmentVariableSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...CircleCISteps.PROJECT_ENV_VARS,
    entities: [CircleCIEntities.PROJECT_ENV_VAR],
    relationships: [CircleCIRelationships.PROJECT_HAS_ENV_VAR],
    dependsOn: [CircleCISteps.PROJECTS.id],
    ingestionSourceId: CircleCIIngestionSourceIds.PROJECT_ENV_VARS,
    executionHandler: fetchProjectEnvironmentVariables,
  },
];
