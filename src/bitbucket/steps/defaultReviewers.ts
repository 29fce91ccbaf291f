import { effectiveDefaultReviewers } from '../client/responses/repoSettings';
import { createDefaultReviewerRelationship } from '../converters/defaultReviewer';
import { BitbucketSteps } from '../metadata';
import { addRelationshipOnce, StepContext, StepHandlers } from '../../steps';
import { readEach, REPOSITORIES, withRequestLog } from './common';

const PULL_REQUEST_SCOPE = 'pullrequest';

/**
 * Effective default reviewers of every repository (its own and those
 * inherited from its project), as repo ASSIGNED user. Reviewers who are no
 * longer workspace members have no user entity and are left out.
 */
export function fetchDefaultReviewers(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.DEFAULT_REVIEWERS.id;
  const { jobState } = context;
  return withRequestLog(context, stepId, (run) =>
    readEach(
      context,
      run,
      REPOSITORIES,
      {
        needs: { scope: PULL_REQUEST_SCOPE, for: 'reading default reviewers' },
        what: 'default reviewers',
        hint: 'Reading them needs read access to those repositories (OAuth scope pullrequest).',
      },
      async (repo) => {
        for await (const reviewer of run.client.list(
          effectiveDefaultReviewers,
          [repo.workspaceSlug, repo.uuid],
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
      },
    ),
  );
}

export const defaultReviewerHandlers = {
  DEFAULT_REVIEWERS: fetchDefaultReviewers,
} satisfies StepHandlers<typeof BitbucketSteps>;
