/**
 * `git log <revision> ^<exclude>...` over the dataset's commit graph, for
 * `GET /repositories/{workspace}/{repo_slug}/commits[/{revision}]`. The older
 * integration listed a PR's commits this way (`commits/{source}?exclude=
 * {destination}`, prior-art §2.6), so the sandbox answers it faithfully.
 */
import { DataIndex } from './data-index';
import { BbCommit, BbRepo } from './model';

/** Resolves a branch name, full hash or abbreviation (>= 7 hex) in a repo. */
function resolveRevision(
  index: DataIndex,
  repo: BbRepo,
  revision: string,
): string | undefined {
  if (revision === repo.mainBranch) return repo.mainHead;
  // Open PRs' source branches still exist; closed ones may have been deleted.
  const pr = index.data.pullRequests.find(
    (candidate) =>
      candidate.sourceRepoUuid === repo.uuid &&
      candidate.sourceBranch === revision &&
      candidate.state === 'OPEN',
  );
  if (pr) return pr.sourceCommit;
  if (!/^[0-9a-f]{7,40}$/.test(revision)) return undefined;
  if (index.commits.has(revision)) return revision;
  for (const hash of index.commits.keys()) {
    if (hash.startsWith(revision)) return hash;
  }
  return undefined;
}

function ancestors(index: DataIndex, start: string): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const queue = [start];
  while (queue.length > 0) {
    const hash = queue.shift() as string;
    if (seen.has(hash)) continue;
    seen.add(hash);
    const commit = index.commits.get(hash);
    if (!commit) continue;
    order.push(hash);
    queue.push(...commit.parents);
  }
  return order;
}

/**
 * Commits reachable from `revision`, newest first, minus those reachable from
 * any `exclude`; or the revision that could not be resolved.
 */
export function commitLog(
  index: DataIndex,
  repo: BbRepo,
  revision: string,
  excludes: string[],
): { commits: BbCommit[] } | { unknownRevision: string } {
  const head = resolveRevision(index, repo, revision);
  if (!head) return { unknownRevision: revision };
  const excluded = new Set<string>();
  for (const exclude of excludes) {
    const excludeHead = resolveRevision(index, repo, exclude);
    if (!excludeHead) return { unknownRevision: exclude };
    ancestors(index, excludeHead).forEach((hash) => excluded.add(hash));
  }
  const commits = ancestors(index, head)
    .filter((hash) => !excluded.has(hash))
    .flatMap((hash) => {
      const commit = index.commits.get(hash);
      return commit ? [commit] : [];
    })
    .sort((a, b) => b.date - a.date);
  return { commits };
}
