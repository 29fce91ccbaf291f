/**
 * `GET /repositories/{ws}/{repo}/pullrequests/activity`: the activity of
 * every pull request of a repository in one newest-first stream. Bitbucket
 * documents no order; the sandbox serves what a time-ordered log would:
 * the per-PR logs merged by the date of each log's next entry (ties: the
 * higher PR id first), so every PR's own entries keep the order its
 * `…/pullrequests/{id}/activity` lists them in (a hand-written demo log
 * whose dates are not monotonic is not reshuffled).
 */
import { BbActivity, BbPullRequest } from './model';

export interface RepositoryActivityEntry {
  pr: BbPullRequest;
  entry: BbActivity;
}

export function repositoryActivityLog(
  pullRequests: BbPullRequest[],
): RepositoryActivityEntry[] {
  const heads = pullRequests
    .filter((pr) => pr.activity.length > 0)
    .map((pr) => ({ pr, next: 0 }));
  const log: RepositoryActivityEntry[] = [];
  // A linear scan per entry: a repository has tens of PRs with logs.
  for (;;) {
    let best: { pr: BbPullRequest; next: number } | undefined;
    for (const head of heads) {
      if (head.next >= head.pr.activity.length) continue;
      if (!best) {
        best = head;
        continue;
      }
      const a = head.pr.activity[head.next].date;
      const b = best.pr.activity[best.next].date;
      if (a > b || (a === b && head.pr.id > best.pr.id)) best = head;
    }
    if (!best) return log;
    log.push({ pr: best.pr, entry: best.pr.activity[best.next] });
    best.next += 1;
  }
}
