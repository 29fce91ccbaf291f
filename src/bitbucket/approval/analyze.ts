import { BitbucketAccount } from '../client/responses/accounts';
import {
  BitbucketCommit,
  BitbucketPullRequestActivity,
} from '../client/responses/pullRequests';
import { parsePullRequestActivity } from './activity';
import { commitsInRange } from './commitRange';

export type ApprovalStatus = 'approved' | 'not-approved' | 'unknown';

export interface ApprovalInput {
  /** Full activity (newest first); undefined when it could not be fetched. */
  activity: BitbucketPullRequestActivity[] | undefined;
  /** Full PR commit list; undefined when it could not be fetched. */
  commits: BitbucketCommit[] | undefined;
  /**
   * uuids a commit author may have for the commit to count as attributable:
   * members of every configured workspace, plus the workspace uuids.
   */
  knownAuthorUuids: ReadonlySet<string>;
}

export interface KnownApprovalAnalysis {
  approvalStatus: 'approved' | 'not-approved';
  /** Every commit was approved by someone other than its author. */
  approved: boolean;
  /** Every commit is attributable to a known workspace member. */
  validated: boolean;
  /** An approval covered a commit range that is no longer in the PR. */
  approvedCommitsRemoved: boolean;
  commits: string[];
  commitMessages: string[];
  commitsApproved: string[];
  commitsNotApproved: string[];
  commitsByUnknownAuthor: string[];
  approvers: BitbucketAccount[];
}

export interface UnknownApprovalAnalysis {
  approvalStatus: 'unknown';
  /** Approvers seen in the activity, when the activity was fetched. */
  approvers: BitbucketAccount[];
}

export type ApprovalAnalysis = KnownApprovalAnalysis | UnknownApprovalAnalysis;

function firstLine(message: string | undefined): string {
  return (message ?? '').split('\n')[0];
}

/**
 * The older integration's approval semantics (docs/prior-art.md §3): a commit counts
 * as approved only when someone other than its author approved a range that
 * contains it; a commit whose author has no Bitbucket account can never be
 * approved; the PR is `approved` when it has commits and all are approved.
 * When activity or commits are missing the result is "unknown", never "not
 * approved".
 */
export function analyzePullRequestApproval(
  input: ApprovalInput,
): ApprovalAnalysis {
  const parsed = input.activity
    ? parsePullRequestActivity(input.activity)
    : undefined;
  if (!parsed || !input.commits) {
    return { approvalStatus: 'unknown', approvers: parsed?.approvers ?? [] };
  }
  const commits = input.commits;
  const approvedHashes = new Set<string>();
  let approvedCommitsRemoved = false;

  for (const approval of parsed.approvals) {
    const range = commitsInRange(
      commits,
      approval.range.sourceHash,
      approval.range.destinationHash,
    );
    if (!range.found) {
      approvedCommitsRemoved = true;
      continue;
    }
    for (const commit of range.commits) {
      const author = commit.author?.user?.uuid;
      if (!author) continue;
      if (approval.approverUuids.some((uuid) => uuid !== author)) {
        approvedHashes.add(commit.hash);
      }
    }
  }

  const hashes = commits.map((c) => c.hash);
  const commitsApproved = hashes.filter((h) => approvedHashes.has(h));
  const commitsNotApproved = hashes.filter((h) => !approvedHashes.has(h));
  const commitsByUnknownAuthor = commits
    .filter((c) => {
      const uuid = c.author?.user?.uuid;
      return !uuid || !input.knownAuthorUuids.has(uuid);
    })
    .map((c) => c.hash);
  const approved = commits.length > 0 && commitsNotApproved.length === 0;
  return {
    approvalStatus: approved ? 'approved' : 'not-approved',
    approved,
    validated: commitsByUnknownAuthor.length === 0,
    approvedCommitsRemoved,
    commits: hashes,
    commitMessages: commits.map((c) => firstLine(c.message)),
    commitsApproved,
    commitsNotApproved,
    commitsByUnknownAuthor,
    approvers: parsed.approvers,
  };
}
