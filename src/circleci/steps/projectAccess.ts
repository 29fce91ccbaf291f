import { Entity, IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { getStepClient } from '../client/cache';
import { createCheckoutKeyEntity } from '../converters/checkoutKey';
import { ProjectRef, readProjectRef } from '../converters/project';
import { createWebhookEntity } from '../converters/webhook';
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
} from '../../steps';
import { logCircleCIRequests } from './common';

/** Every collected project with the ref its listings need. */
async function collectedProjects(
  context: StepContext,
): Promise<Array<{ entity: Entity; ref: ProjectRef }>> {
  const projects: Array<{ entity: Entity; ref: ProjectRef }> = [];
  await context.jobState.iterateEntities(
    { _type: CircleCIEntities.PROJECT._type },
    (entity) => {
      const ref = readProjectRef(entity);
      if (ref) projects.push({ entity, ref });
    },
  );
  return projects;
}

/**
 * One listing per project, each item added under its project; a 403/404
 * skips that project and is named in the step's one warning.
 */
async function forEachProjectListing<T>(
  context: StepContext,
  options: {
    what: string;
    list: (ref: ProjectRef) => AsyncIterable<T>;
    convert: (item: T, ref: ProjectRef) => Entity;
    warning: (gaps: string) => string;
  },
): Promise<void> {
  const { client, config } = getStepClient(context);
  const gaps = new AccessGaps(context, options.what);
  await forEachLimited(
    await collectedProjects(context),
    fanOutFor(config.concurrency),
    async ({ entity, ref }) => {
      await gaps.attempt(`CircleCI project ${ref.slug}`, async () => {
        for await (const item of options.list(ref)) {
          await addChildOnce(
            context.jobState,
            entity,
            options.convert(item, ref),
          );
        }
      });
    },
  );
  gaps.publish((found) =>
    options.warning(`${found.length} project(s): ${describeGaps(found)}`),
  );
  logCircleCIRequests(context, client);
}

/** The SSH keys each project checks its code out with. */
export async function fetchCheckoutKeys(context: StepContext) {
  const { client } = getStepClient(context);
  await forEachProjectListing(context, {
    what: 'checkout keys',
    list: (ref) => client.listCheckoutKeys(ref.slug),
    convert: createCheckoutKeyEntity,
    warning: (gaps) =>
      `CircleCI GET /project/{project-slug}/checkout-key could not be read for ${gaps}. Their checkout keys are not collected (so a user key there goes unseen); everything else is. Reading checkout keys needs an API token of a user with admin access to the project.`,
  });
}

/** Each project's outbound webhooks (scope-type=project). */
export async function fetchWebhooks(context: StepContext) {
  const { client } = getStepClient(context);
  await forEachProjectListing(context, {
    what: 'webhooks',
    list: (ref) => client.listProjectWebhooks(ref.id),
    convert: createWebhookEntity,
    warning: (gaps) =>
      `CircleCI GET /webhook?scope-type=project could not be read for ${gaps}. Their webhooks are not collected; everything else is. Reading webhooks needs an API token of a user with admin access to the project.`,
  });
}

export const projectAccessSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...CircleCISteps.CHECKOUT_KEYS,
    entities: [CircleCIEntities.CHECKOUT_KEY],
    relationships: [CircleCIRelationships.PROJECT_HAS_CHECKOUT_KEY],
    dependsOn: [CircleCISteps.PROJECTS.id],
    ingestionSourceId: CircleCIIngestionSourceIds.PROJECT_ACCESS,
    executionHandler: fetchCheckoutKeys,
  },
  {
    ...CircleCISteps.WEBHOOKS,
    entities: [CircleCIEntities.WEBHOOK],
    relationships: [CircleCIRelationships.PROJECT_HAS_WEBHOOK],
    dependsOn: [CircleCISteps.PROJECTS.id],
    ingestionSourceId: CircleCIIngestionSourceIds.PROJECT_ACCESS,
    executionHandler: fetchWebhooks,
  },
];
