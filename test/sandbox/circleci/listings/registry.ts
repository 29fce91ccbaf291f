/**
 * Every per-project listing of the CircleCI sandbox (listing.ts): adding
 * one is its module and one line here. The order is the demo's draw order
 * (per project, listings in this order, from one seeded source).
 */
import { CHECKOUT_KEYS } from './checkout-keys';
import { ProjectListing } from './listing';
import { PROJECT_ENV_VARS } from './project-env-vars';
import { PROJECT_SCHEDULES } from './schedules';
import { PROJECT_WEBHOOKS } from './webhooks';

export const PROJECT_LISTINGS: ReadonlyArray<ProjectListing<unknown>> = [
  PROJECT_ENV_VARS,
  CHECKOUT_KEYS,
  PROJECT_WEBHOOKS,
  PROJECT_SCHEDULES,
];
