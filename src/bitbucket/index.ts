import {
  IntegrationIngestionConfigFieldMap,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../config';
import { BitbucketIngestionSourceIds, BitbucketSteps } from './metadata';
import { branchRestrictionSteps } from './steps/branchRestrictions';
import { groupAccessRelationshipSteps } from './steps/groupAccessRelationships';
import { groupSteps } from './steps/groups';
import { permissionSteps } from './steps/permissions';
import { projectSteps } from './steps/projects';
import { pullRequestSteps } from './steps/pullRequests';
import { repoSteps } from './steps/repos';
import { userAccessRelationshipSteps } from './steps/userAccessRelationships';
import { userSteps } from './steps/users';
import { workspaceSteps } from './steps/workspaces';
import { withVendorBoundary } from '../steps';
import { getBitbucketClient } from './client/clientCache';

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
      ...userAccessRelationshipSteps,
      ...groupAccessRelationshipSteps,
      ...pullRequestSteps,
    ],
    (context) => getBitbucketClient(context).client.ledger,
  );

const S = BitbucketIngestionSourceIds;

/**
 * Ingestion sources of Bitbucket, keyed by ingestionSourceId. Every source
 * is on by default (the older integration shipped repositories switched off,
 * so a default install collected no repositories or pull requests).
 */
export const bitbucketIngestionSources: IntegrationIngestionConfigFieldMap = {
  [S.WORKSPACES]: {
    title: 'Bitbucket workspaces',
    description:
      'The configured workspaces; everything else hangs off them, so they cannot be switched off.',
    defaultsToDisabled: false,
    cannotBeDisabled: true,
  },
  [S.USERS]: {
    title: 'Bitbucket users',
    description:
      'Workspace members with their workspace role (owner, collaborator, member) and their mapping to employees (Person.bitbucketNickname). Group memberships and the user links of permissions, branch restrictions and pull requests need it.',
    defaultsToDisabled: false,
  },
  [S.GROUPS]: {
    title: 'Bitbucket groups',
    description:
      'Workspace groups (API 1.0), their members and owner when users are collected too, and the groups named in permissions and branch restrictions.',
    defaultsToDisabled: false,
  },
  [S.PROJECTS]: {
    title: 'Bitbucket projects',
    description: 'Projects and which repositories they hold.',
    defaultsToDisabled: false,
  },
  [S.REPOS]: {
    title: 'Bitbucket repositories',
    description:
      'Repositories with their explicit user and group permissions and branch restrictions (those two need the repository:admin scope).',
    defaultsToDisabled: false,
  },
  [S.PULL_REQUESTS]: {
    title: 'Bitbucket pull requests',
    description:
      'Pull requests updated in the lookback window, in every state, with author, reviewers, approvers and the commit approval analysis.',
    defaultsToDisabled: false,
  },
};

/** Steps disabled when bitbucketIngestPullRequests is false. */
export const bitbucketPullRequestStepIds: string[] = [
  BitbucketSteps.PULL_REQUESTS.id,
  BitbucketSteps.PULL_REQUEST_USER_RELATIONSHIPS.id,
];
