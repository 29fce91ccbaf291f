/**
 * Every child listing of the Bitbucket sandbox (listing.ts): adding one is
 * its module and one line here.
 */
import { DEPLOY_KEYS } from './deploy-keys';
import { ChildListing } from './listing';
import { PIPELINE_SCHEDULES } from './pipeline-schedules';
import { PIPELINE_VARIABLES } from './pipeline-variables';
import { WEBHOOKS } from './webhooks';

export const CHILD_LISTINGS: ReadonlyArray<ChildListing<unknown>> = [
  DEPLOY_KEYS,
  WEBHOOKS,
  PIPELINE_VARIABLES,
  PIPELINE_SCHEDULES,
];
