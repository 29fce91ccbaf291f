import { Entity } from '@jupiterone/integration-sdk-core';
import { addChildren, declareStep, StepContext, StepWrite } from '../../steps';
import { CircleCIClient } from '../client/client';
import { createCheckoutKeyEntity } from '../converters/checkoutKey';
import { createProjectEnvVarEntity, ProjectRef } from '../converters/project';
import { createWebhookEntity } from '../converters/webhook';
import {
  CircleCIEntities as E,
  CircleCIIngestionSourceIds as Sources,
  CircleCIRelationships as R,
  CircleCISteps,
} from '../metadata';
import { forEachCircleCIParent } from './common';
import { CircleCIListings, Listing } from './listings';

/**
 * The steps that read one listing per collected project and hang every
 * item off its project (HAS). A new per-project resource is one handler
 * here (its listing and warning in listings.ts) and one step below.
 */
function listUnderProjects<T>(
  listing: Listing<ProjectRef>,
  list: (client: CircleCIClient, project: ProjectRef) => AsyncIterable<T>,
  convert: (item: T, project: ProjectRef) => Entity,
) {
  return (context: StepContext) =>
    forEachCircleCIParent(context, listing, (project, ref, client) =>
      addChildren(context.jobState, project, list(client, ref), (item) =>
        convert(item, ref),
      ),
    );
}

/** Names and creation times of each project's environment variables. */
export const fetchProjectEnvironmentVariables = listUnderProjects(
  CircleCIListings.projectEnvVars,
  (client, project) => client.listProjectEnvironmentVariables(project.slug),
  createProjectEnvVarEntity,
);

/** The SSH keys each project checks its code out with. */
export const fetchCheckoutKeys = listUnderProjects(
  CircleCIListings.checkoutKeys,
  (client, project) => client.listCheckoutKeys(project.slug),
  createCheckoutKeyEntity,
);

/** Each project's outbound webhooks (scope-type=project, by project id). */
export const fetchWebhooks = listUnderProjects(
  CircleCIListings.webhooks,
  (client, project) => client.listProjectWebhooks(project.id),
  createWebhookEntity,
);

function projectListingStep(
  step: { id: string; name: string },
  handler: (context: StepContext) => Promise<void>,
  writes: StepWrite[],
  source: string,
) {
  return declareStep(step, handler, {
    writes,
    after: [CircleCISteps.PROJECTS],
    source,
  });
}

export const projectListingSteps = [
  projectListingStep(
    CircleCISteps.PROJECT_ENV_VARS,
    fetchProjectEnvironmentVariables,
    [E.PROJECT_ENV_VAR, R.PROJECT_HAS_ENV_VAR],
    Sources.PROJECT_ENV_VARS,
  ),
  projectListingStep(
    CircleCISteps.CHECKOUT_KEYS,
    fetchCheckoutKeys,
    [E.CHECKOUT_KEY, R.PROJECT_HAS_CHECKOUT_KEY],
    Sources.PROJECT_ACCESS,
  ),
  projectListingStep(
    CircleCISteps.WEBHOOKS,
    fetchWebhooks,
    [E.WEBHOOK, R.PROJECT_HAS_WEBHOOK],
    Sources.PROJECT_ACCESS,
  ),
];
