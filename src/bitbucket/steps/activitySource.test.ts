import { BitbucketClient } from '../client/client';
import {
  BitbucketPullRequest,
  BitbucketPullRequestActivity,
  repositoryActivity,
} from '../client/responses/pullRequests';
import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';
import { MY_SERVICE_REPO as repo } from '../test-support/repo';
import {
  activityLoader,
  forceActivitySource,
  planActivity,
  readRepositoryActivity,
  STREAM_MARGIN_MS,
} from './activitySource';

const DAY = 86_400_000;
const T0 = Date.parse('2026-10-01T00:00:00Z');

function pr(
  id: number,
  createdDaysAfterT0: number,
  extra: Partial<BitbucketPullRequest> = {},
): BitbucketPullRequest {
  return {
    id,
    state: 'OPEN',
    created_on: new Date(T0 + createdDaysAfterT0 * DAY).toISOString(),
    comment_count: 0,
    ...extra,
  };
}

describe('planActivity', () => {
  test('many recent PRs of a repository with a short history: the stream', () => {
    // Ids 41-60 in the window: 20 PRs of ~2 entries -> 1 page against 20.
    const prs = Array.from({ length: 20 }, (_, i) => pr(41 + i, i));
    expect(planActivity(prs)).toMatchObject({
      source: 'repository',
      perPullRequestRequests: 20,
      repositoryPagesEstimate: 1,
      oldestCreatedOn: T0,
    });
  });

  test('one long-lived PR in a busy repository: per PR', () => {
    // PR 3 was opened when the repository had 3 PRs; 2,000 came since.
    const prs = [pr(3, 0), pr(2003, 90)];
    const plan = planActivity(prs);
    expect(plan.source).toBe('per-pull-request');
    expect(plan.repositoryPagesEstimate).toBe(41);
  });

  test('comments and reviews the listing shows raise the estimate', () => {
    const quiet = Array.from({ length: 4 }, (_, i) => pr(1 + i, i));
    expect(planActivity(quiet).source).toBe('repository');
    const busy = quiet.map((p) => ({ ...p, comment_count: 120 }));
    // 4 PRs x 122 entries -> 5 pages: more than 4 per-PR listings.
    expect(planActivity(busy)).toMatchObject({
      source: 'per-pull-request',
      repositoryPagesEstimate: 5,
    });
  });

  test('a tie goes to per-PR listings; no PR or no created_on: per PR', () => {
    // 1 PR: the stream's 1 page is no fewer than 1 per-PR listing.
    expect(planActivity([pr(1, 0)]).source).toBe('per-pull-request');
    expect(planActivity([]).source).toBe('per-pull-request');
    const undated = Array.from({ length: 20 }, (_, i) =>
      pr(1 + i, i, i === 5 ? { created_on: undefined } : {}),
    );
    expect(planActivity(undated).source).toBe('per-pull-request');
  });

  test('forceActivitySource overrides the estimate until undone', () => {
    const prs = Array.from({ length: 20 }, (_, i) => pr(41 + i, i));
    const undo = forceActivitySource('per-pull-request');
    try {
      expect(planActivity(prs).source).toBe('per-pull-request');
    } finally {
      undo();
    }
    expect(planActivity(prs).source).toBe('repository');
  });
});

describe('readRepositoryActivity', () => {
  const at = (days: number) => new Date(T0 + days * DAY).toISOString();
  const approval = (
    id: number,
    days: number,
  ): BitbucketPullRequestActivity => ({
    approval: { date: at(days) },
    pull_request: { id },
  });

  test('groups entries per PR in stream order and stops past the oldest creation', async () => {
    const stream: BitbucketPullRequestActivity[] = [
      approval(2, 5),
      { comment: { created_on: at(4) }, pull_request: { id: 1 } },
      approval(9, 3), // a PR outside the window: not kept
      approval(1, 2),
      { update: { date: at(1) }, pull_request: { id: 2 } },
      // Within the margin before PR 1's creation: still read.
      approval(7, -STREAM_MARGIN_MS / 2 / DAY),
      // Past it: reading stops here, the rest is never asked for.
      approval(7, -1),
      approval(1, -2),
    ];
    let read = 0;
    const client = {
      async *list() {
        for (const entry of stream) {
          read += 1;
          yield entry;
        }
      },
    } as unknown as BitbucketClient;
    const byId = await readRepositoryActivity(client, 'ws', '{r}', [1, 2], T0);
    expect(byId.get(1)).toEqual([stream[1], stream[3]]);
    expect(byId.get(2)).toEqual([stream[0], stream[4]]);
    expect(read).toBe(7);
  });
});

describe('activityLoader', () => {
  // 20 recent PRs: the rule picks the stream.
  const prs = Array.from({ length: 20 }, (_, i) => pr(41 + i, i));
  const update = (id: number): BitbucketPullRequestActivity => ({
    update: { date: new Date(T0 + 30 * DAY).toISOString() },
    pull_request: { id },
  });

  function fakeClient(
    stream: () => AsyncIterable<BitbucketPullRequestActivity>,
  ) {
    const calls = { stream: 0, perPullRequest: [] as number[] };
    async function* perPullRequest(id: number) {
      calls.perPullRequest.push(id);
      yield update(id);
    }
    const client = {
      list(listing: unknown, ids: [string, string, number]) {
        if (listing !== repositoryActivity) {
          return perPullRequest(ids[2]);
        }
        calls.stream += 1;
        return stream();
      },
    } as unknown as BitbucketClient;
    return { client, calls };
  }

  test('one stream read for every PR; a PR it gave no update is read alone', async () => {
    const { client, calls } = fakeClient(async function* () {
      for (const p of prs) if (p.id !== 50) yield update(p.id);
      // PR 50 only has an approval in the stream.
      yield approvalOf(50);
    });
    const load = activityLoader(client, repo, prs, { info: () => undefined });
    const loaded = await Promise.all(prs.map((p) => load(p)));
    expect(calls.stream).toBe(1);
    expect(calls.perPullRequest).toEqual([50]);
    expect(loaded.every((entries) => entries.some((e) => e.update))).toBe(true);
  });

  test('a stream the vendor refuses falls back to per-PR listings, logged once', async () => {
    const { client, calls } = fakeClient(async function* () {
      yield* [];
      throw new IntegrationProviderAPIError({
        endpoint: 'GET …/pullrequests/activity',
        status: 403,
        statusText: 'Forbidden',
      });
    });
    const info = jest.fn();
    const load = activityLoader(client, repo, prs, { info });
    await Promise.all(prs.map((p) => load(p)));
    expect(calls.stream).toBe(1);
    expect(calls.perPullRequest).toHaveLength(20);
    expect(info).toHaveBeenCalledTimes(1);
  });

  function approvalOf(id: number): BitbucketPullRequestActivity {
    return {
      approval: { date: new Date(T0 + 31 * DAY).toISOString() },
      pull_request: { id },
    };
  }
});
