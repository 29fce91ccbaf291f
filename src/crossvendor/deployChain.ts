/**
 * The deploy chain shared by both vendors' deploy entities
 * (circleci_deploy, bitbucket_deployment): which pull request a deployed
 * commit came from, and whether that pull request was reviewed. Pure; the
 * steps feed it what they collected.
 */

/**
 * `changeReview` on a deploy entity:
 * - `approved`: the deployed commit is the merge commit (or source head) of
 *   a pull request whose approval analysis says every commit was approved by
 *   someone other than its author (`approvalStatus = 'approved'`);
 * - `not-approved`: that pull request was not approved so;
 * - `no-pull-request`: the commit and its Bitbucket repository are known and
 *   collected, and no collected pull request merged or proposed it (a direct
 *   push, or a pull request older than the pull-request window);
 * - `unknown`: the commit is not known (the pipeline could not be read), its
 *   repository is not collected, or the matched pull request's analysis is
 *   unknown.
 */
export type ChangeReview =
  | 'approved'
  | 'not-approved'
  | 'no-pull-request'
  | 'unknown';

export interface ChangeReviewInput {
  /** The deployed commit, when known. */
  commitSha?: string;
  /** Whether the repository the commit belongs to is collected. */
  repositoryCollected: boolean;
  /** `approvalStatus` of each pull request matched to the commit. */
  pullRequestApprovals: Array<string | undefined>;
}

/**
 * Several matched pull requests (the same source head proposed to two
 * branches) give the least reassuring answer: one unapproved PR is enough
 * for `not-approved`.
 */
export function changeReviewOf(input: ChangeReviewInput): ChangeReview {
  if (!input.commitSha || !input.repositoryCollected) return 'unknown';
  const approvals = input.pullRequestApprovals;
  if (approvals.length === 0) return 'no-pull-request';
  if (approvals.some((a) => a === 'not-approved')) return 'not-approved';
  if (approvals.every((a) => a === 'approved')) return 'approved';
  return 'unknown';
}
