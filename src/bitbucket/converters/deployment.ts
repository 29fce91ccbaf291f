import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketDeployment } from '../client/responses/pipelines';
import { time } from './common';
import { bitbucketKeys } from './keys';
import { RepoRef } from './repo';
import { absoluteHttpLink } from '../../steps/entityProperties';
import { ChangeReview, changeReviewOf } from '../../crossvendor/deployChain';

export { ChangeReview };

export interface DeploymentLinks {
  environment?: { key: string; name: string; production: boolean };
  pipelineKey?: string;
  /**
   * Pull requests of the repository whose merge (preferred) or source
   * commit is the deployed commit, best match first.
   */
  pullRequests?: Array<{
    key: string;
    matchedOn: string;
    approvalStatus?: string;
  }>;
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

/**
 * The shared change review (src/crossvendor/deployChain.ts): a repository
 * whose pull requests could not be read this run counts as not collected,
 * so its deployments are 'unknown', never 'no-pull-request'.
 */
export function deploymentChangeReview(
  commitSha: string | undefined,
  links: Pick<DeploymentLinks, 'pullRequests' | 'pullRequestsUnreadable'>,
): ChangeReview {
  return changeReviewOf({
    commitSha,
    repositoryCollected: !links.pullRequestsUnreadable,
    pullRequestApprovals: (links.pullRequests ?? []).map(
      (pr) => pr.approvalStatus,
    ),
  });
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
        changeReview: deploymentChangeReview(commitSha, links),
        pullRequestKey: links.pullRequests?.[0]?.key,
        pullRequestMatchedOn: links.pullRequests?.[0]?.matchedOn,
        webLink: absoluteHttpLink(d.state?.url ?? d.release?.url),
        repoId: repo.uuid,
        repository: repo.fullName,
        workspace: repo.workspaceSlug,
      },
    },
  });
}
