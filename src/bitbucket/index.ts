import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../config';
import { branchRestrictionSteps } from './steps/branchRestrictions';
import { defaultReviewerSteps } from './steps/defaultReviewers';
import { projectPermissionSteps } from './steps/projectPermissions';
import { repoAccessSteps } from './steps/repoAccess';
import { deployKeySteps } from './steps/deployKeys';
import { pipelineVariableSteps } from './steps/pipelineVariables';
import { webhookSteps } from './steps/webhooks';
import { groupSteps } from './steps/groups';
import { pipelineSteps } from './steps/pipelines';
import { permissionSteps } from './steps/permissions';
import { projectSteps } from './steps/projects';
import { pullRequestSteps } from './steps/pullRequests';
import { repoSteps } from './steps/repos';
import { principalSteps } from './steps/principals';
import { userSteps } from './steps/users';
import { workspaceSteps } from './steps/workspaces';
import { withVendorBoundary } from '../steps';
import { getBitbucketClient } from './client/clientCache';

export {
  bitbucketIngestionSources,
  bitbucketPullRequestStepIds,
} from './metadata';
export { verifyBitbucketAccess } from './verify';

/**
 * Every Bitbucket step, in any order (the SDK orders them by dependsOn),
 * each behind the vendor boundary (src/stepSupport.ts withVendorBoundary).
 */
export const bitbucketSteps: IntegrationStep<IntegrationConfig>[] =
  withVendorBoundary(
    'Bitbucket',
    [
      ...workspaceSteps,
      ...userSteps,
      ...groupSteps,
      ...projectSteps,
      ...repoSteps,
      ...permissionSteps,
      ...branchRestrictionSteps,
      ...principalSteps,
      ...pullRequestSteps,
      ...projectPermissionSteps,
      ...repoAccessSteps,
      ...defaultReviewerSteps,
      ...pipelineSteps,
      ...deployKeySteps,
      ...webhookSteps,
      ...pipelineVariableSteps,
    ],
    (context) => getBitbucketClient(context).client.ledger,
  );
