import { indexPullRequestCommits } from './pullRequestIndex';
import {
  DisabledStepReason,
  Entity,
  IntegrationStep,
  RelationshipClass,
  StepRelationshipMetadata,
  StepStartStates,
  generateRelationshipType,
} from '@jupiterone/integration-sdk-core';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketSteps,
} from '../bitbucket/metadata';
import { RepoProperties } from '../bitbucket/converters/repo';
import { getStepClient } from '../circleci/client/cache';
import { DeployReview, DeployRunInfo } from '../circleci/converters/deploy';
import { CircleCIEntities, CircleCISteps } from '../circleci/metadata';
import { DeployChain, fetchDeploys } from '../circleci/steps/deploys';
import { IntegrationConfig, ParsedConfig } from '../config';
import {
  declareStep,
  relateOnce,
  StepContext,
  stringProperty,
  withVendorBoundary,
} from '../steps';
import { changeReviewOf } from './deployChain';

const BE = BitbucketEntities;

/** The sources the pull requests and repositories depend on. */
const PULL_REQUEST_SOURCES = [
  BitbucketIngestionSourceIds.WORKSPACES,
  BitbucketIngestionSourceIds.REPOS,
  BitbucketIngestionSourceIds.PULL_REQUESTS,
];

export const CircleCIDeployChainSteps = {
  DEPLOYS_WITH_PULL_REQUESTS: {
    id: 'cross-vendor-fetch-circleci-deploys-with-pull-requests',
    name: 'Fetch CircleCI Deploys and Link Them to Bitbucket Pull Requests',
  },
} as const;

/**
 * DEPLOYED: the deploy put the pull request's change (its merge commit, or
 * its source head) into the environment. Partial like the pull requests:
 * a run sees only the PRs of its window.
 */
export const CircleCIDeployChainRelationships = {
  DEPLOY_DEPLOYED_PULL_REQUEST: {
    _type: generateRelationshipType(
      RelationshipClass.DEPLOYED,
      CircleCIEntities.DEPLOY._type,
      BE.PULL_REQUEST._type,
    ),
    sourceType: CircleCIEntities.DEPLOY._type,
    _class: RelationshipClass.DEPLOYED,
    targetType: BE.PULL_REQUEST._type,
    partial: true,
  },
} satisfies Record<string, StepRelationshipMetadata>;

/**
 * The chain from collected Bitbucket pull requests: the deployed commit is
 * matched in its repository the way pipelines are (merge commit first,
 * then source head), and the matched PRs' approval analysis gives the
 * deploy's changeReview.
 */
export async function buildCircleCIDeployChain(
  context: StepContext,
): Promise<DeployChain> {
  const approvalByKey = new Map<string, string | undefined>();
  const index = await indexPullRequestCommits(context.jobState, (entity, key) =>
    approvalByKey.set(key, stringProperty(entity, 'approvalStatus')),
  );
  const repositories = new Set<string>();
  await context.jobState.iterateEntities({ _type: BE.REPO._type }, (repo) => {
    const fullName = stringProperty(repo, RepoProperties.fullName);
    if (fullName) repositories.add(fullName.toLowerCase());
  });
  const matchesOf = (run: DeployRunInfo | undefined) =>
    run?.commitSha && run.repositoryFullName
      ? index.find(run.repositoryFullName, run.commitSha)
      : [];
  return {
    review(run): DeployReview {
      const matches = matchesOf(run);
      const keys = matches.map((m) => m.pullRequestKey);
      return {
        changeReview: changeReviewOf({
          commitSha: run?.commitSha,
          repositoryCollected: Boolean(
            run?.repositoryFullName && repositories.has(run.repositoryFullName),
          ),
          pullRequestApprovals: keys.map((key) => approvalByKey.get(key)),
        }),
        pullRequestKey: keys[0],
        pullRequestKeys: keys.length > 0 ? keys : undefined,
      };
    },
    async link(deploy: Entity, review: DeployReview) {
      for (const key of review.pullRequestKeys ?? []) {
        await relateOnce(
          context.jobState,
          deploy,
          RelationshipClass.DEPLOYED,
          { _key: key, _type: BE.PULL_REQUEST._type },
          { commit: stringProperty(deploy, 'commitSha') },
        );
      }
    },
  };
}

/**
 * Exactly one of the two deploy steps runs: this one when CircleCI and
 * Bitbucket pull requests are both collected, circleci-fetch-deploys
 * otherwise (the SDK skips a step whose dependency is disabled, so the
 * step that needs the pull requests cannot be the only one).
 */
export function circleciDeployStepStartStates(
  parsed: ParsedConfig,
  disabledSources: readonly string[] = [],
): StepStartStates {
  const state = (enabled: boolean) =>
    enabled
      ? { disabled: false }
      : { disabled: true, disabledReason: DisabledStepReason.CONFIG };
  // A switched-off source upstream of the pull requests would make the SDK
  // skip the linking step: the plain one then runs instead.
  const pullRequestSourcesOn = !PULL_REQUEST_SOURCES.some((source) =>
    disabledSources.includes(source),
  );
  const withPullRequests = Boolean(
    parsed.circleci &&
      parsed.bitbucket?.ingestPullRequests &&
      pullRequestSourcesOn,
  );
  return {
    [CircleCISteps.DEPLOYS.id]: state(
      Boolean(parsed.circleci) && !withPullRequests,
    ),
    [CircleCIDeployChainSteps.DEPLOYS_WITH_PULL_REQUESTS.id]:
      state(withPullRequests),
  };
}

export const circleciDeployChainSteps: IntegrationStep<IntegrationConfig>[] =
  withVendorBoundary(
    'CircleCI',
    [
      declareStep(
        CircleCIDeployChainSteps.DEPLOYS_WITH_PULL_REQUESTS,
        async (context) =>
          fetchDeploys(context, await buildCircleCIDeployChain(context)),
        {
          ...CircleCISteps.DEPLOYS,
          writes: [
            ...CircleCISteps.DEPLOYS.writes,
            CircleCIDeployChainRelationships.DEPLOY_DEPLOYED_PULL_REQUEST,
          ],
          after: [
            ...CircleCISteps.DEPLOYS.after,
            BitbucketSteps.PULL_REQUESTS,
            BitbucketSteps.REPOS,
          ],
        },
      ),
    ],
    (context) => getStepClient(context).client.ledger,
  );
