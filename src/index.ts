import { IntegrationInvocationConfig } from '@jupiterone/integration-sdk-core';
import { bitbucketIngestionSources, bitbucketSteps } from './bitbucket';
import { circleciIngestionSources, circleciSteps } from './circleci';
import { instanceConfigFields, IntegrationConfig } from './config';
import { crossVendorIngestionSources, crossVendorSteps } from './crossvendor';
import { circleciDeployChainSteps } from './crossvendor/circleciDeploys';
import { getStepStartStates } from './getStepStartStates';
import { validateInvocation } from './validateInvocation';

export const invocationConfig: IntegrationInvocationConfig<IntegrationConfig> =
  {
    instanceConfigFields,
    validateInvocation,
    getStepStartStates,
    integrationSteps: [
      ...circleciSteps,
      ...bitbucketSteps,
      ...crossVendorSteps,
      ...circleciDeployChainSteps,
    ],
    ingestionConfig: {
      ...circleciIngestionSources,
      ...bitbucketIngestionSources,
      ...crossVendorIngestionSources,
    },
  };
