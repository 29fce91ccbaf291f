import { BitbucketCommit } from '../client/responses/pullRequests';

/**
 * Activity carries 12-character hashes, the commits endpoint full ones; a
 * prefix match joins them (either side may be the shorter one).
 */
export function sameCommit(a: string, b: string): boolean {
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

export type RangeResult =
  | { found: true; commits: BitbucketCommit[] }
  | { found: false };

/**
 * The PR commits an approval of (source head S, destination D) covered: S
 * and its ancestors among the PR's commits, up to (not including) D.
 *
 * When the commits carry `parents` the ancestry is walked, so the order of
 * the list does not matter and a destination that has since moved (master
 * merged into the branch) does not hide the range. Without parents the
 * list is taken as Bitbucket returns it (newest first) and the range runs
 * from S to D or to the end, as in the older integration.
 *
 * Not found when S is no longer among the PR's commits: the branch was
 * force-pushed or rebased after the approval (`approvedCommitsRemoved`).
 */
export function commitsInRange(
  commits: BitbucketCommit[],
  sourceHash: string,
  destinationHash: string,
): RangeResult {
  const startIndex = commits.findIndex((c) => sameCommit(c.hash, sourceHash));
  if (startIndex < 0) return { found: false };

  if (commits.every((c) => Array.isArray(c.parents))) {
    const byHash = new Map(commits.map((c) => [c.hash, c]));
    const findCommit = (hash: string) =>
      byHash.get(hash) ?? commits.find((c) => sameCommit(c.hash, hash));
    const seen = new Set<string>();
    const stack = [commits[startIndex]];
    while (stack.length > 0) {
      const commit = stack.pop() as BitbucketCommit;
      if (seen.has(commit.hash) || sameCommit(commit.hash, destinationHash)) {
        continue;
      }
      seen.add(commit.hash);
      for (const parent of commit.parents ?? []) {
        const next = parent.hash ? findCommit(parent.hash) : undefined;
        if (next) stack.push(next);
      }
    }
    return { found: true, commits: commits.filter((c) => seen.has(c.hash)) };
  }

  const relativeEnd = commits
    .slice(startIndex)
    .findIndex((c) => sameCommit(c.hash, destinationHash));
  const end = relativeEnd < 0 ? commits.length : startIndex + relativeEnd;
  return { found: true, commits: commits.slice(startIndex, end) };
}
