/**
 * Test oracle: the older integration's PR-approval analysis (prior-art §3),
 * computed from what the simulator serves (activity log, the PR's commits,
 * workspace members). The dataset tests run it to prove each demo hard case
 * yields the analysis DEMO_BITBUCKET_CASES records, i.e. that the sandbox's
 * data lets an integration compute it. Not used by the simulator itself.
 */
import { ExpectedApprovalAnalysis } from './demo-cases';

interface ActivityCommitSide {
  commit?: { hash?: string };
}

export interface ActivityEntry {
  update?: {
    state: string;
    source: ActivityCommitSide;
    destination: ActivityCommitSide;
  };
  approval?: { user: { uuid: string } };
}

export interface PullRequestCommit {
  hash: string;
  author: { raw?: string; user?: { uuid: string } };
}

interface Range {
  source: string;
  destination: string;
  approvers: string[];
}

export function analyzeApprovals(
  activityNewestFirst: ActivityEntry[],
  commits: PullRequestCommit[],
  memberUuids: Set<string>,
): ExpectedApprovalAnalysis {
  const chronological = [...activityNewestFirst].reverse();
  const updates: Array<{ source: string; destination: string; state: string }> =
    [];
  const ranges: Range[] = [];
  const approverIds = new Set<string>();
  for (const entry of chronological) {
    if (entry.update) {
      const source = entry.update.source.commit?.hash;
      const destination = entry.update.destination.commit?.hash;
      if (!source || !destination) throw new Error('update without commits');
      updates.push({ source, destination, state: entry.update.state });
    } else if (entry.approval) {
      const current = updates[updates.length - 1];
      if (!current) throw new Error('approval before any changes are proposed');
      const uuid = entry.approval.user.uuid;
      approverIds.add(uuid);
      const existing = ranges.find(
        (r) =>
          r.source === current.source && r.destination === current.destination,
      );
      if (existing) existing.approvers.push(uuid);
      else
        ranges.push({
          source: current.source,
          destination: current.destination,
          approvers: [uuid],
        });
    }
  }
  // The MERGED update's destination is the new main head: use the one before.
  const last = updates[updates.length - 1];
  const lastOpen =
    last?.state === 'MERGED' ? updates[updates.length - 2] : last;

  let approvedCommitsRemoved = false;
  const approved = new Set<string>();
  for (const range of ranges) {
    const start = commits.findIndex((c) => c.hash.startsWith(range.source));
    let end = -1;
    if (start >= 0) {
      end =
        range.destination === lastOpen?.destination
          ? commits.length
          : commits.findIndex(
              (c, i) => i > start && c.hash.startsWith(range.destination),
            );
    }
    if (start < 0 || end < 0) {
      approvedCommitsRemoved = true;
      continue;
    }
    for (const commit of commits.slice(start, end)) {
      const author = commit.author.user?.uuid;
      if (author && range.approvers.some((approver) => approver !== author)) {
        approved.add(commit.hash);
      }
    }
  }
  const hashes = commits.map((c) => c.hash);
  const unknown = commits
    .filter((c) => !c.author.user || !memberUuids.has(c.author.user.uuid))
    .map((c) => c.hash);
  return {
    approved: hashes.length > 0 && hashes.every((h) => approved.has(h)),
    validated: unknown.length === 0,
    approvedCommitsRemoved,
    commits: hashes,
    commitsApproved: hashes.filter((h) => approved.has(h)),
    commitsNotApproved: hashes.filter((h) => !approved.has(h)),
    commitsByUnknownAuthor: unknown,
    approverIds: [...approverIds].sort(),
  };
}
