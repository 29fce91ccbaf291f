import { Entity, IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { getStepClient } from '../client/cache';
import {
  createProjectEnvVarEntity,
  readProjectRef,
} from '../converters/project';
import {
  CircleCIEntities,
  CircleCIIngestionSourceIds,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import {
  AccessGaps,
  addChildOnce,
  describeGaps,
  fanOutFor,
  forEachLimited,
  StepContext,
  declareStep,
} from '../../steps';
import { logCircleCIRequests } from './common';

/** Names and creation times of each project's environment variables. */
export async function fetchProjectEnvironmentVariables(context: StepContext) {
  const { client, config } = getStepClient(context);
  const projects: Entity[] = [];
  await context.jobState.iterateEntities(
    { _type: CircleCIEntities.PROJECT._type },
    (project) => {
      projects.push(project);
    },
  );
  const gaps = new AccessGaps(context, 'environment variables');
  await forEachLimited(
    projects,
    fanOutFor(config.concurrency),
    async (project) => {
      const ref = readProjectRef(project);
      if (!ref) return;
      await gaps.attempt(`CircleCI project ${ref.slug}`, async () => {
        for await (const variable of client.listProjectEnvironmentVariables(
          ref.slug,
        )) {
          await addChildOnce(
            context.jobState,
            project,
            createProjectEnvVarEntity(variable, ref),
          );
        }
      });
    },
  );
  gaps.publish(
    (found) =>
      `CircleCI GET /project/{project-slug}/envvar could not be read for ${
        found.length
      } project(s): ${describeGaps(
        found,
      )}. Their environment variable names are not collected; everything else is. Give the API token's user access to those projects' settings.`,
  );
  logCircleCIRequests(context, client);
}

export const environmentVariableSteps: IntegrationStep<IntegrationConfig>[] = [
  declareStep(
    CircleCISteps.PROJECT_ENV_VARS,
    fetchProjectEnvironmentVariables,
    {
      writes: [
        CircleCIEntities.PROJECT_ENV_VAR,
        CircleCIRelationships.PROJECT_HAS_ENV_VAR,
      ],
      after: [CircleCISteps.PROJECTS],
      source: CircleCIIngestionSourceIds.PROJECT_ENV_VARS,
    },
  ),
];
