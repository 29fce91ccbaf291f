import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../config';
import { accountSteps } from './steps/account';
import { contextSteps } from './steps/contexts';
import { deploySteps } from './steps/deploys';
import { environmentVariableSteps } from './steps/environmentVariables';
import { pipelineSteps } from './steps/pipelines';
import { projectSteps } from './steps/projects';
import { userGroupSteps } from './steps/userGroups';
import { userSteps } from './steps/users';
import { withVendorBoundary } from '../steps';
import { getStepClient } from './client/cache';

export { circleciIngestionSources } from './metadata';
export { verifyCircleCIAccess } from './verify';

/**
 * Every CircleCI step, in any order (the SDK orders them by dependsOn),
 * each behind the vendor boundary (src/stepSupport.ts withVendorBoundary).
 */
export const circleciSteps: IntegrationStep<IntegrationConfig>[] =
  withVendorBoundary(
    'CircleCI',
    [
      ...accountSteps,
      ...userGroupSteps,
      ...projectSteps,
      ...environmentVariableSteps,
      ...contextSteps,
      ...pipelineSteps,
      ...userSteps,
      ...deploySteps,
    ],
    (context) => getStepClient(context).client.ledger,
  );
