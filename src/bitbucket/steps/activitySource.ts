/**
 * Where a repository's pull-request activity comes from: one listing per PR
 * (`…/pullrequests/{id}/activity`) or the repository's whole activity
 * stream (`…/pullrequests/activity`), whichever the PR listing suggests is
 * fewer requests. Both give the approval analysis the same entries in the
 * same order (a test runs both on the same data and compares the graphs).
 */
import {
  IntegrationLogger,
  IntegrationProviderAPIError,
} from '@jupiterone/integration-sdk-core';
import { RUN_TIME_LIMIT_STATUS } from '../../http/pacing';
import { BitbucketClient, PAGELEN } from '../client/client';
import { RepoRef } from '../converters/repo';
import {
  BitbucketPullRequest,
  BitbucketPullRequestActivity,
  pullRequestActivity,
  repositoryActivity,
} from '../client/responses/pullRequests';

export type ActivitySource = 'per-pull-request' | 'repository';

/**
 * The stream is read this far past the oldest PR's creation: the opening
 * update and `created_on` are stamped separately, and losing that update
 * would lose the PR's first range. A minute costs at most one more page.
 */
export const STREAM_MARGIN_MS = 60_000;

/**
 * Entries a PR's log holds besides what the listing counts: the update that
 * opened it and one more push (a guess: it only steers the choice, never
 * the result).
 */
const UNCOUNTED_UPDATES_PER_PR = 2;

export interface ActivityPlan {
  source: ActivitySource;
  /** Requests the per-PR listings cost at least (one per PR). */
  perPullRequestRequests: number;
  /** Estimated pages of the stream back to the oldest PR's creation. */
  repositoryPagesEstimate: number;
  /** Read the stream until an entry older than this (epoch ms). */
  oldestCreatedOn?: number;
}

/** Entries the listing shows for one PR (its log holds at least these). */
function listedEntries(pr: BitbucketPullRequest): number {
  const reviews = (pr.participants ?? []).filter(
    (p) => p.approved || p.state === 'changes_requested',
  ).length;
  const closed = pr.state !== 'OPEN' ? 1 : 0;
  return UNCOUNTED_UPDATES_PER_PR + closed + reviews + (pr.comment_count ?? 0);
}

let forced: ActivitySource | undefined;

/**
 * Forces one source for every repository (tests and the benchmark compare
 * both); returns the undo.
 */
export function forceActivitySource(source: ActivitySource): () => void {
  const before = forced;
  forced = source;
  return () => {
    forced = before;
  };
}

/**
 * The rule, per repository, from its PR listing alone:
 *
 * - per-PR listings cost at least one request per PR in the window (N);
 * - the stream is newest first across all PRs, so it must be read back to
 *   the creation of the oldest PR in the window. PR ids are sequential per
 *   repository, so about `max id - oldest PR's id + 1` PRs have activity in
 *   that stretch (those outside the window too); times the mean entries the
 *   listing shows per PR, over the page size (100), plus the page that proves the
 *   stretch ended.
 *
 * The stream is used only when that estimate is below N: a tie goes to the
 * per-PR listings, whose cost is known and which read nothing unneeded. A
 * PR without `created_on` leaves the stream unbounded: per PR then.
 */
export function planActivity(prs: BitbucketPullRequest[]): ActivityPlan {
  const n = prs.length;
  const created = prs.map((pr) => Date.parse(pr.created_on ?? ''));
  if (n === 0 || created.some((t) => Number.isNaN(t))) {
    return {
      source: 'per-pull-request',
      perPullRequestRequests: n,
      repositoryPagesEstimate: Infinity,
    };
  }
  const oldestCreatedOn = Math.min(...created);
  const oldest = prs[created.indexOf(oldestCreatedOn)];
  const prsInStretch = Math.max(
    n,
    Math.max(...prs.map((pr) => pr.id)) - oldest.id + 1,
  );
  const meanEntries =
    prs.reduce((total, pr) => total + listedEntries(pr), 0) / n;
  const repositoryPagesEstimate =
    Math.floor((prsInStretch * meanEntries) / PAGELEN.activity) + 1;
  const estimated: ActivitySource =
    repositoryPagesEstimate < n ? 'repository' : 'per-pull-request';
  return {
    source: forced ?? estimated,
    perPullRequestRequests: n,
    repositoryPagesEstimate,
    oldestCreatedOn,
  };
}

/** When an entry happened: its event's date (a comment's creation). */
export function activityDate(
  entry: BitbucketPullRequestActivity,
): number | undefined {
  const raw =
    entry.update?.date ??
    entry.approval?.date ??
    entry.changes_requested?.date ??
    entry.comment?.created_on;
  const time = Date.parse(raw ?? '');
  return Number.isNaN(time) ? undefined : time;
}

/**
 * The activity of the given PRs from the repository's stream, each PR's
 * entries in the order the stream lists them (newest first, as the per-PR
 * listing gives them). Reading stops at the first entry older than the
 * oldest PR's creation (less the margin): no PR in the window has activity
 * before it was created. An entry without a date never stops the reading.
 */
export async function readRepositoryActivity(
  client: BitbucketClient,
  workspace: string,
  repoUuid: string,
  pullRequestIds: number[],
  oldestCreatedOn: number,
): Promise<Map<number, BitbucketPullRequestActivity[]>> {
  const byId = new Map<number, BitbucketPullRequestActivity[]>(
    pullRequestIds.map((id) => [id, []]),
  );
  for await (const entry of client.list(repositoryActivity, [
    workspace,
    repoUuid,
  ])) {
    const time = activityDate(entry);
    if (time !== undefined && time < oldestCreatedOn - STREAM_MARGIN_MS) {
      break;
    }
    const id = entry.pull_request?.id;
    if (id !== undefined) byId.get(id)?.push(entry);
  }
  return byId;
}

export async function readAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** A provider's answer (403, 404, retries exhausted), not the run's end. */
export function isProviderAnswer(
  err: unknown,
): err is IntegrationProviderAPIError {
  return (
    err instanceof IntegrationProviderAPIError &&
    err.status !== RUN_TIME_LIMIT_STATUS
  );
}

/** Loads one PR's activity (per PR, or its share of the repository's). */
export type ActivityLoader = (
  pr: BitbucketPullRequest,
) => Promise<BitbucketPullRequestActivity[]>;

/**
 * Per PR, or from the repository's stream, read once on the first PR's ask.
 * When the stream fails, or holds no update of a PR, that activity is read
 * per PR, so a PR's analysis never depends on which source was chosen.
 */
export function activityLoader(
  client: BitbucketClient,
  repo: RepoRef,
  prs: BitbucketPullRequest[],
  logger: Pick<IntegrationLogger, 'info'>,
): ActivityLoader {
  const perPullRequest: ActivityLoader = (pr) =>
    readAll(
      client.list(pullRequestActivity, [repo.workspaceSlug, repo.uuid, pr.id]),
    );
  const plan = planActivity(prs);
  const oldest = plan.oldestCreatedOn;
  if (plan.source === 'per-pull-request' || oldest === undefined) {
    return perPullRequest;
  }
  let stream:
    | Promise<Map<number, BitbucketPullRequestActivity[]> | undefined>
    | undefined;
  const readStream = () =>
    readRepositoryActivity(
      client,
      repo.workspaceSlug,
      repo.uuid,
      prs.map((p) => p.id),
      oldest,
    ).catch((err) => {
      if (!isProviderAnswer(err)) throw err;
      logger.info(
        { repo: repo.fullName, status: err.status },
        'Bitbucket repository activity stream failed; reading activity per pull request',
      );
      return undefined;
    });
  return async (pr) => {
    stream = stream ?? readStream();
    const entries = (await stream)?.get(pr.id);
    // Every PR's log holds at least the update that opened it: a PR the
    // stream gave none (an order other than newest first would do that)
    // is read alone rather than analysed on part of its log.
    return entries?.some((e) => e.update) ? entries : perPullRequest(pr);
  };
}
