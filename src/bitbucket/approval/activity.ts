import { BitbucketAccount } from '../client/responses/accounts';
import { BitbucketPullRequestActivity } from '../client/responses/pullRequests';

/** The range a PR proposed at one moment: source head vs destination. */
export interface ProposedRange {
  /** Abbreviated (12 characters) in activity; compared by prefix. */
  sourceHash: string;
  destinationHash: string;
  state?: string;
}

/** Everyone who approved one proposed range. */
export interface RangeApproval {
  range: ProposedRange;
  approverUuids: string[];
}

export interface ParsedActivity {
  /** Approvals grouped by the range that was current when given. */
  approvals: RangeApproval[];
  /**
   * Every approver, in order of first approval, no duplicates (an approval
   * given before any update still lists its approver, though it binds no
   * commit range).
   */
  approvers: BitbucketAccount[];
}

function sameRange(a: ProposedRange, b: ProposedRange): boolean {
  return (
    a.sourceHash === b.sourceHash && a.destinationHash === b.destinationHash
  );
}

/**
 * Binds each approval to the range (source head, destination) that was
 * current when it was given, as the older integration did: Bitbucket lists
 * activity newest first, so it is walked from the end. Comments, changes
 * requested and updates without both hashes bind nothing.
 */
export function parsePullRequestActivity(
  activityNewestFirst: BitbucketPullRequestActivity[],
): ParsedActivity {
  const approvals: RangeApproval[] = [];
  const approvers = new Map<string, BitbucketAccount>();
  let current: ProposedRange | undefined;

  for (let i = activityNewestFirst.length - 1; i >= 0; i -= 1) {
    const entry = activityNewestFirst[i];
    if (entry.update) {
      const sourceHash = entry.update.source?.commit?.hash;
      const destinationHash = entry.update.destination?.commit?.hash;
      if (sourceHash && destinationHash) {
        current = { sourceHash, destinationHash, state: entry.update.state };
      }
      continue;
    }
    const user = entry.approval?.user;
    if (!user?.uuid) continue;
    if (!approvers.has(user.uuid)) approvers.set(user.uuid, user);
    if (!current) continue;
    const range = current;
    const existing = approvals.find((a) => sameRange(a.range, range));
    if (!existing) {
      approvals.push({ range, approverUuids: [user.uuid] });
    } else if (!existing.approverUuids.includes(user.uuid)) {
      existing.approverUuids.push(user.uuid);
    }
  }
  return { approvals, approvers: [...approvers.values()] };
}
