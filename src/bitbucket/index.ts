import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../config';
import { branchRestrictionHandlers } from './steps/branchRestrictions';
import { defaultReviewerHandlers } from './steps/defaultReviewers';
import { projectPermissionHandlers } from './steps/projectPermissions';
import { repoAccessHandlers } from './steps/repoAccess';
import { childListingHandlers } from './steps/childListings';
import { groupHandlers } from './steps/groups';
import { pipelineHandlers } from './steps/pipelines';
import { permissionHandlers } from './steps/permissions';
import { projectHandlers } from './steps/projects';
import { pullRequestHandlers } from './steps/pullRequests';
import { repoHandlers } from './steps/repos';
import { principalHandlers } from './steps/principals';
import { userHandlers } from './steps/users';
import { workspaceHandlers } from './steps/workspaces';
import { stepsOf, withVendorBoundary } from '../steps';
import { getBitbucketClient } from './client/clientCache';
import { BitbucketSteps } from './metadata';

export {
  bitbucketIngestionSources,
  bitbucketPullRequestStepIds,
} from './metadata';
export { verifyBitbucketAccess } from './verify';

/**
 * Every Bitbucket step as metadata.ts declares it (BitbucketSteps), with
 * its handler, each behind the vendor boundary (withVendorBoundary in
 * src/steps/vendorBoundary.ts).
 */
export const bitbucketSteps: IntegrationStep<IntegrationConfig>[] =
  withVendorBoundary(
    'Bitbucket',
    stepsOf(BitbucketSteps, {
      ...workspaceHandlers,
      ...userHandlers,
      ...groupHandlers,
      ...projectHandlers,
      ...repoHandlers,
      ...permissionHandlers,
      ...branchRestrictionHandlers,
      ...principalHandlers,
      ...pullRequestHandlers,
      ...projectPermissionHandlers,
      ...repoAccessHandlers,
      ...defaultReviewerHandlers,
      ...pipelineHandlers,
      ...childListingHandlers,
    }),
    (context) => getBitbucketClient(context).client.ledger,
  );
