import { Entity } from '@jupiterone/integration-sdk-core';
import { addChildren, StepContext, StepHandlers } from '../../steps';
import { CircleCIClient } from '../client/client';
import { createCheckoutKeyEntity } from '../converters/checkoutKey';
import { createProjectEnvVarEntity, ProjectRef } from '../converters/project';
import { createWebhookEntity } from '../converters/webhook';
import { CircleCISteps } from '../metadata';
import { forEachCircleCIParent } from './common';
import { Listing } from './listings';
import { collectedProjects } from './parents';
import {
  projectCheckoutKeys,
  projectEnvVars,
} from '../client/responses/projectSettings';

/**
 * The steps that read one listing per collected project and hang every
 * item off its project (HAS). A new per-project resource is one handler
 * here (its listing, converter and 403/404 warning) and one step below.
 */
function listUnderProjects<T>(
  warning: Omit<Listing<ProjectRef>, 'parents'>,
  list: (client: CircleCIClient, project: ProjectRef) => AsyncIterable<T>,
  convert: (item: T, project: ProjectRef) => Entity,
) {
  const listing = { parents: collectedProjects, ...warning };
  return (context: StepContext) =>
    forEachCircleCIParent(context, listing, (project, ref, client) =>
      addChildren(context.jobState, project, list(client, ref), (item) =>
        convert(item, ref),
      ),
    );
}

const ADMIN_ONLY =
  'needs an API token of a user with admin access to the project.';

/** Names and creation times of each project's environment variables. */
export const fetchProjectEnvironmentVariables = listUnderProjects(
  {
    what: 'environment variables',
    endpoint: 'GET /project/{project-slug}/envvar',
    consequence:
      "Their environment variable names are not collected; everything else is. Give the API token's user access to those projects' settings.",
  },
  (client, project) => client.list(projectEnvVars, [project.slug]),
  createProjectEnvVarEntity,
);

/** The SSH keys each project checks its code out with. */
export const fetchCheckoutKeys = listUnderProjects(
  {
    what: 'checkout keys',
    endpoint: 'GET /project/{project-slug}/checkout-key',
    consequence: `Their checkout keys are not collected (so a user key there goes unseen); everything else is. Reading checkout keys ${ADMIN_ONLY}`,
  },
  (client, project) => client.list(projectCheckoutKeys, [project.slug]),
  createCheckoutKeyEntity,
);

/** Each project's outbound webhooks (scope-type=project, by project id). */
export const fetchWebhooks = listUnderProjects(
  {
    what: 'webhooks',
    endpoint: 'GET /webhook?scope-type=project',
    consequence: `Their webhooks are not collected; everything else is. Reading webhooks ${ADMIN_ONLY}`,
  },
  (client, project) => client.listProjectWebhooks(project.id),
  createWebhookEntity,
);

export const projectListingHandlers = {
  PROJECT_ENV_VARS: fetchProjectEnvironmentVariables,
  CHECKOUT_KEYS: fetchCheckoutKeys,
  WEBHOOKS: fetchWebhooks,
} satisfies StepHandlers<typeof CircleCISteps>;
