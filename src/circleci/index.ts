import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../config';
import { accountHandlers } from './steps/account';
import { contextHandlers } from './steps/contexts';
import { deployHandlers } from './steps/deploys';
import { pipelineHandlers } from './steps/pipelines';
import { projectListingHandlers } from './steps/projectListings';
import { projectHandlers } from './steps/projects';
import { scheduleHandlers } from './steps/schedules';
import { userGroupHandlers } from './steps/userGroups';
import { userHandlers } from './steps/users';
import { stepsOf, withVendorBoundary } from '../steps';
import { getStepClient } from './client/cache';
import { CircleCISteps } from './metadata';

export { circleciIngestionSources } from './metadata';
export { verifyCircleCIAccess } from './verify';

/**
 * Every CircleCI step as metadata.ts declares it (CircleCISteps), with its
 * handler, each behind the vendor boundary (withVendorBoundary in
 * src/steps/vendorBoundary.ts).
 */
export const circleciSteps: IntegrationStep<IntegrationConfig>[] =
  withVendorBoundary(
    'CircleCI',
    stepsOf(CircleCISteps, {
      ...accountHandlers,
      ...userGroupHandlers,
      ...projectHandlers,
      ...projectListingHandlers,
      ...contextHandlers,
      ...pipelineHandlers,
      ...userHandlers,
      ...scheduleHandlers,
      ...deployHandlers,
    }),
    (context) => getStepClient(context).client.ledger,
  );
