import { CollectedParents } from '../../steps';
import { ComponentRef } from '../converters/deploy';
import {
  collectedComponents,
  collectedOrganizationIds,
  collectedOrganizations,
  collectedProjects,
  collectedRuns,
} from './parents';

/**
 * A listing a CircleCI step reads once per collected parent, and what its
 * one warning says of the parents that answered 403/404: "CircleCI
 * <endpoint> could not be read for N <parent>(s): <names>. <consequence>".
 */
export interface Listing<Ref> {
  parents: CollectedParents<Ref>;
  /** What is listed, for the wrong-shape warning ("pipelines"). */
  what: string;
  endpoint: string;
  /** What is not collected, and the fix. */
  consequence: string;
}

function listing<Ref>(
  parents: CollectedParents<Ref>,
  warning: Omit<Listing<Ref>, 'parents'>,
): Listing<Ref> {
  return { parents, ...warning };
}

/** A pipeline or workflow answering 403/404 was deleted or is hidden. */
const notReadable = (children: string) =>
  `Their ${children} are not collected (deleted since they were listed, or not readable by the API token's user); everything else is.`;

/**
 * The per-parent listings of the CircleCI steps, with their warnings (the
 * per-project listings that only add children are in projectListings.ts).
 */
export const CircleCIListings = {
  pipelines: listing(collectedProjects, {
    what: 'pipelines',
    endpoint: 'GET /project/{project-slug}/pipeline',
    consequence:
      "Their pipelines, workflows and jobs are not collected; everything else is. Give the API token's user access to those projects.",
  }),
  workflows: listing(collectedRuns('pipeline'), {
    what: 'workflows and jobs',
    endpoint: 'GET /pipeline/{pipeline-id}/workflow',
    consequence: notReadable('workflows and jobs'),
  }),
  jobs: listing(collectedRuns('workflow'), {
    what: 'jobs',
    endpoint: 'GET /workflow/{id}/job',
    consequence: notReadable('jobs'),
  }),
  schedules: listing(collectedProjects, {
    what: 'schedules',
    endpoint: 'GET /project/{project-slug}/schedule',
    consequence:
      "Their schedules (and the users they run as) are not collected; everything else is. Give the API token's user access to those projects.",
  }),
  contexts: listing(collectedOrganizations, {
    what: 'contexts',
    endpoint: 'GET /context?owner-slug',
    consequence:
      "Their contexts and variable names are not collected; everything else is. Give the API token's user access to those organizations' contexts.",
  }),
  deployEnvironmentsAndComponents: listing(collectedOrganizationIds, {
    what: 'deploy environments and components',
    endpoint: 'GET /deploy/environments and GET /deploy/components',
    consequence:
      "Deploys may not be available on the organization's plan, or the API token's user may not see them; their environments, components and deploys are not collected; everything else is.",
  }),
  deploys: listing<ComponentRef>(collectedComponents, {
    what: 'deploys',
    endpoint: 'GET /deploy/components/{component_id}/versions',
    consequence: 'Their deploys are not collected; everything else is.',
  }),
};
