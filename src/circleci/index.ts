import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../config';
import { accountSteps } from './steps/account';
import { contextSteps } from './steps/contexts';
import { deploySteps } from './steps/deploys';
import { pipelineSteps } from './steps/pipelines';
import { projectListingSteps } from './steps/projectListings';
import { projectSteps } from './steps/projects';
import { scheduleSteps } from './steps/schedules';
import { userGroupSteps } from './steps/userGroups';
import { userSteps } from './steps/users';
import { withVendorBoundary } from '../steps';
import { getStepClient } from './client/cache';

export { circleciIngestionSources } from './metadata';
export { verifyCircleCIAccess } from './verify';

/**
 * Every CircleCI step, in any order (the SDK orders them by dependsOn),
 * each behind the vendor boundary (withVendorBoundary in src/steps/vendorBoundary.ts).
 */
export const circleciSteps: IntegrationStep<IntegrationConfig>[] =
  withVendorBoundary(
    'CircleCI',
    [
      ...accountSteps,
      ...userGroupSteps,
      ...projectSteps,
      ...projectListingSteps,
      ...contextSteps,
      ...pipelineSteps,
      ...userSteps,
      ...scheduleSteps,
      ...deploySteps,
    ],
    (context) => getStepClient(context).client.ledger,
  );
