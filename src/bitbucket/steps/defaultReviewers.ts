import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { createDefaultReviewerRelationship } from '../converters/defaultReviewer';
import {
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import {
  AccessGaps,
  addRelationshipOnce,
  forEachLimited,
  publishMissingPermission,
  StepContext,
} from '../../steps';
import { checkScope, scopeMessage } from './adminScope';
import {
  collectRepoRefs,
  repoGapsMessage,
  repoName,
  withRequestLog,
} from './common';

const PULL_REQUEST_SCOPE = 'pullrequest';

/**
 * Effective default reviewers of every repository (its own and those
 * inherited from its project), as repo ASSIGNED user. Reviewers who are no
 * longer workspace members have no user entity and are left out.
 */
export function fetchDefaultReviewers(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.DEFAULT_REVIEWERS.id;
  return withRequestLog(context, stepId, async (run) => {
    const scope = await checkScope(run, PULL_REQUEST_SCOPE);
    if (scope.lacking.length > 0) {
      publishMissingPermission(
        context,
        scopeMessage(
          scope.lacking,
          PULL_REQUEST_SCOPE,
          'reading default reviewers',
        ),
      );
      if (scope.noneCan) return;
    }
    const { jobState } = context;
    const repos = await collectRepoRefs(jobState);
    const gaps = new AccessGaps(context, 'default reviewers');
    await forEachLimited(repos, run.config.concurrency, (repo) =>
      gaps.attempt(repoName(repo), async () => {
        for await (const reviewer of run.client.listEffectiveDefaultReviewers(
          repo.workspaceSlug,
          repo.uuid,
        )) {
          const uuid = reviewer.user?.uuid;
          if (!uuid || !(await jobState.hasKey(uuid))) continue;
          await addRelationshipOnce(
            jobState,
            createDefaultReviewerRelationship(repo.uuid, {
              ...reviewer,
              user: { ...reviewer.user, uuid },
            }),
          );
        }
      }),
    );
    gaps.publish((found) =>
      repoGapsMessage(
        'default reviewers',
        found,
        'Reading them needs read access to those repositories (OAuth scope pullrequest).',
      ),
    );
  });
}

export const defaultReviewerSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...BitbucketSteps.DEFAULT_REVIEWERS,
    entities: [],
    relationships: [BitbucketRelationships.REPO_ASSIGNED_USER],
    dependsOn: [BitbucketSteps.REPOS.id, BitbucketSteps.USERS.id],
    ingestionSourceId: BitbucketIngestionSourceIds.REPOS,
    executionHandler: fetchDefaultReviewers,
  },
];
