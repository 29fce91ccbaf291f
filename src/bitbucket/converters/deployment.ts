import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketDeployment } from '../client/types';
import { time } from './common';
import { bitbucketKeys } from './keys';
import { RepoRef } from './repo';
import { absoluteHttpLink } from '../../steps/entityProperties';

/**
 * The change-review evidence of a deploy (shared with the CircleCI
 * deploys): 'approved' when the pull request it deployed was approved by
 * someone other than its authors (the approval analysis of the PR),
 * 'not-approved' when it was not, 'no-pull-request' when no collected pull
 * request of the repository has the deployed commit as its merge or source
 * commit, 'unknown' when the deployed commit or the PR's analysis is not
 * known.
 */
export type ChangeReview =
  | 'approved'
  | 'not-approved'
  | 'no-pull-request'
  | 'unknown';

export interface DeploymentLinks {
  environment?: { key: string; name: string; production: boolean };
  pipelineKey?: string;
  pullRequest?: {
    key: string;
    matchedOn: string;
    approvalStatus?: string;
  };
  /** The repository's pull requests could not be read this run. */
  pullRequestsUnreadable?: boolean;
}

/** The commit a deployment deployed: the release's, else the deployable's. */
export function deployedCommit(d: BitbucketDeployment): string | undefined {
  return d.release?.commit?.hash ?? d.deployable?.commit?.hash;
}

/** The pipeline that ran a deployment. */
export function deploymentPipelineUuid(
  d: BitbucketDeployment,
): string | undefined {
  return d.release?.pipeline?.uuid ?? d.deployable?.pipeline?.uuid;
}

export function changeReviewOf(
  commitSha: string | undefined,
  pullRequest: DeploymentLinks['pullRequest'],
  pullRequestsUnreadable = false,
): ChangeReview {
  if (!commitSha) return 'unknown';
  if (!pullRequest) {
    return pullRequestsUnreadable ? 'unknown' : 'no-pull-request';
  }
  if (pullRequest.approvalStatus === 'approved') return 'approved';
  if (pullRequest.approvalStatus === 'not-approved') return 'not-approved';
  return 'unknown';
}

export function createDeploymentEntity(
  repo: RepoRef,
  d: BitbucketDeployment,
  links: DeploymentLinks,
): Entity {
  const commitSha = deployedCommit(d);
  const status = d.state?.status?.name?.toUpperCase();
  const environmentName = links.environment?.name ?? d.environment?.name;
  const label = d.number !== undefined ? `#${d.number}` : d.uuid;
  return createIntegrationEntity({
    entityData: {
      source: d,
      assign: {
        _key: bitbucketKeys.deployment(repo.uuid, d.uuid),
        _type: BitbucketEntities.DEPLOYMENT._type,
        _class: BitbucketEntities.DEPLOYMENT._class,
        id: d.uuid,
        name: `${environmentName ?? 'deployment'} ${label}`,
        displayName: `${repo.name} ${environmentName ?? ''} ${label}`.replace(
          /\s+/g,
          ' ',
        ),
        number: d.number,
        state: d.state?.name?.toUpperCase(),
        status,
        successful: status === 'SUCCESSFUL',
        startedOn: time(d.state?.started_on),
        completedOn: time(d.state?.completed_on),
        deployerId: d.state?.deployer?.uuid,
        deployer: d.state?.deployer?.display_name,
        release: d.release?.name,
        commitSha,
        environmentId: d.environment?.uuid,
        environment: environmentName,
        environmentKey: links.environment?.key,
        production: links.environment?.production ?? false,
        pipelineId: deploymentPipelineUuid(d),
        pipelineKey: links.pipelineKey,
        changeReview: changeReviewOf(
          commitSha,
          links.pullRequest,
          links.pullRequestsUnreadable,
        ),
        pullRequestKey: links.pullRequest?.key,
        pullRequestMatchedOn: links.pullRequest?.matchedOn,
        webLink: absoluteHttpLink(d.state?.url ?? d.release?.url),
        repoId: repo.uuid,
        repository: repo.fullName,
        workspace: repo.workspaceSlug,
      },
    },
  });
}
