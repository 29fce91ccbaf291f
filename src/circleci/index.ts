import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../config';
import { accountSteps } from './steps/account';
import { contextSteps } from './steps/contexts';
import { environmentVariableSteps } from './steps/environmentVariables';
import { pipelineSteps } from './steps/pipelines';
import { projectSteps } from './steps/projects';
import { userGroupSteps } from './steps/userGroups';
import { userSteps } from './steps/users';

export { circleciIngestionSources } from './metadata';
export { verifyCircleCIAccess } from './verify';

/** Every CircleCI step, in any order (the SDK orders them by dependsOn). */
export const circleciSteps: IntegrationStep<IntegrationConfig>[] = [
  ...accountSteps,
  ...userGroupSteps,
  ...projectSteps,
  ...environmentVariableSteps,
  ...contextSteps,
  ...pipelineSteps,
  ...userSteps,
];
