/**
 * Bitbucket at scale on the demo sandbox: credential routing (access tokens
 * for repository data, the OAuth consumer for everything else) and pacing a
 * collection that needs more than one hour of a credential's budget
 * (the sandbox's per-credential budget, with a scaled-down hour on a clock
 * whose sleeps move the sandbox clock instead of waiting).
 */
import { servedByAccessToken } from '../src/bitbucket/auth/accessTokens';
import { overrideTransportDefaults } from '../src/http/defaults';
import { InstantClock } from '../src/http/test-support/fake-clock';
import { IntegrationConfig } from '../src/config';
import { bitbucketRunRequests } from './bitbucket-minimum';
import { collectInProcess, countByType } from './collect';
import { useDemoSandbox } from './sandbox/lifecycle';
import { Sandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

const NOW = SANDBOX_REFERENCE_TIME + 3600_000;

/** The demo's entity counts (see bitbucket-demo.test.ts). */
const DEMO_ENTITIES = {
  bitbucket_branch_protection: 7,
  bitbucket_branch_restriction: 17,
  bitbucket_group: 4,
  bitbucket_permission: 20,
  bitbucket_project: 4,
  bitbucket_pull_request: 19,
  bitbucket_repo: 8,
  bitbucket_user: 7,
  bitbucket_workspace: 2,
};
const sandbox = useDemoSandbox();

/**
 * Requests of a demo run with one OAuth consumer: the cost model's, which
 * bitbucket-budget.test.ts checks against a real run endpoint by endpoint
 * (the demo's figures are pinned in bitbucket-demo.test.ts).
 */
const demoRequests = () =>
  bitbucketRunRequests(sandbox().dataset, { now: NOW, consumers: 1 });

function config(extra: Partial<IntegrationConfig> = {}): IntegrationConfig {
  return {
    bitbucketOauthKey: 'sandbox-key-1',
    bitbucketOauthSecret: 'sandbox-secret-1',
    bitbucketWorkspace: 'acme-eng,acme-labs',
    bitbucketBaseUrl: sandbox().bitbucketBaseUrl,
    bitbucketTokenUrl: sandbox().bitbucketTokenUrl,
    ...extra,
  };
}

function failedBitbucketSteps(stepResults: { id: string; status: string }[]) {
  return stepResults.filter(
    (s) => s.id.startsWith('bitbucket-') && s.status !== 'success',
  );
}

/**
 * Resolves once the sandbox has logged no new request for QUIET_MS of real
 * time (at most SETTLE_LIMIT_MS), so requests already on their way have
 * arrived and been stamped before a test moves its clock.
 */
const QUIET_MS = 60;
const SETTLE_LIMIT_MS = 3_000;
async function requestsSettled(target: Sandbox): Promise<void> {
  const started = Date.now();
  let seen = target.requestLog().length;
  let quietSince = Date.now();
  while (Date.now() - started < SETTLE_LIMIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = target.requestLog().length;
    if (now !== seen) {
      seen = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= QUIET_MS) {
      return;
    }
  }
}

describe('access tokens and credential routing', () => {
  test('repository data goes with the access tokens, everything else with the OAuth consumer', async () => {
    const result = await collectInProcess({
      config: config({
        bitbucketAccessToken: SANDBOX_CREDENTIALS.bitbucketAccessToken,
      }),
      now: NOW,
    });
    expect(failedBitbucketSteps(result.stepResults)).toEqual([]);
    expect(countByType(result.entities)).toMatchObject(DEMO_ENTITIES);

    const byEndpoint: Record<string, string[]> = {};
    for (const entry of sandbox().requestLog()) {
      const kind = entry.credential?.startsWith('access-token-')
        ? 'access token'
        : entry.credential === 'sandbox-key-1'
        ? 'OAuth consumer'
        : String(entry.credential);
      const seen = (byEndpoint[entry.endpoint] ??= []);
      if (!seen.includes(kind)) seen.push(kind);
    }
    // Repository data goes with the access tokens.
    const viaAccessTokens: Record<string, string[]> = {
      // Validation checks each access token with one repository listing;
      // the steps list repositories with the OAuth consumer.
      'GET /repositories/{workspace}': ['access token', 'OAuth consumer'],
      'GET /repositories/{workspace}/{repo_slug}/branch-restrictions': [
        'access token',
      ],
      'GET /repositories/{workspace}/{repo_slug}/pipelines': ['access token'],
      'GET /repositories/{workspace}/{repo_slug}/deployments': ['access token'],
      'GET /repositories/{workspace}/{repo_slug}/environments': [
        'access token',
      ],
      // The Pipelines configuration object is repository data.
      'GET /repositories/{workspace}/{repo_slug}/pipelines_config': [
        'access token',
      ],
      'GET /repositories/{workspace}/{repo_slug}/pullrequests': [
        'access token',
      ],
      'GET /repositories/{workspace}/{repo_slug}/pullrequests/activity': [
        'access token',
      ],
      'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/activity':
        ['access token'],
      'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/commits':
        ['access token'],
    };
    // These go with the OAuth consumer alone: permissions (refused to
    // access tokens), deploy keys, webhooks and Pipelines variables
    // (repository administration; their steps check the consumer's scopes)
    // and the effective branching model and default reviewers (not in the
    // access tokens' list yet).
    const viaConsumer = [
      'GET /repositories/{workspace}/{repo_slug}/permissions-config/users',
      'GET /repositories/{workspace}/{repo_slug}/deploy-keys',
      'GET /repositories/{workspace}/{repo_slug}/hooks',
      'GET /repositories/{workspace}/{repo_slug}/pipelines_config/variables',
      'GET /repositories/{workspace}/{repo_slug}/effective-branching-model',
      'GET /repositories/{workspace}/{repo_slug}/effective-default-reviewers',
    ];
    // Every endpoint of the run (the cost model's list) went with the
    // credential the router names for it (servedByAccessToken, whose rule
    // the cases above pin), so a new endpoint needs no line here.
    const endpoints = Object.keys(demoRequests().byEndpoint).map((e) =>
      e.replace(/^bitbucket /, ''),
    );
    expect(endpoints).toEqual(
      expect.arrayContaining([...Object.keys(viaAccessTokens), ...viaConsumer]),
    );
    for (const endpoint of viaConsumer) {
      expect(servedByAccessToken(endpoint)).toBe(false);
    }
    expect(byEndpoint).toEqual(
      Object.fromEntries(
        endpoints.map((e) => [
          e,
          viaAccessTokens[e] ??
            (servedByAccessToken(e) ? ['access token'] : ['OAuth consumer']),
        ]),
      ),
    );
    // Both access tokens served (round robin: their budgets add up).
    const tokens = new Set(
      sandbox()
        .requestLog()
        .map((e) => e.credential)
        .filter((c) => c?.startsWith('access-token-')),
    );
    expect([...tokens].sort()).toEqual(['access-token-1', 'access-token-2']);
    // The demo's requests plus one validation check per access token
    // (the request budget's C + A); routing adds none.
    expect(sandbox().requestLog()).toHaveLength(demoRequests().total + 2);
  });
});

describe('pacing to the request budget', () => {
  test('a collection needing four hours of one credential finishes with the full graph, without a 429', async () => {
    // One "hour" of 30 requests per credential, in the sandbox and in the
    // pacer; the demo needs demoRequests() (over four windows) of the one
    // OAuth consumer.
    const hour = 60_000;
    sandbox().setFaults([
      // API requests only (2.0 and 1.0): the OAuth token endpoint is not an
      // API resource. The sandbox stamps a request when it arrives, a few ms
      // after the pacer counted it: its window is 1 s shorter so that skew
      // cannot put a request of the last window into the next one (the
      // pacer keeps no margin of its own; see the report).
      {
        kind: 'budget',
        vendor: 'bitbucket',
        path: '/bitbucket/[12]\\.0/',
        limit: 30,
        windowMs: hour - 1000,
      },
    ]);
    // The sandbox's clock (wall time plus what the sleeps added): a sleep
    // moves it forward instead of waiting. It first lets the requests
    // already counted and on their way reach the sandbox: a jump of a
    // whole window while one is in flight would stamp it in the next window
    // on the sandbox's side only, a skew no real clock has. A fixed few ms
    // were not enough on a loaded machine, so it waits until the sandbox
    // has seen no new request for a while (bounded). Each sleep moves the
    // clock to its own end, never further, so concurrent sleeps do not add
    // up.
    const sleeps: number[] = [];
    const clock = {
      now: () => sandbox().now(),
      sleep: async (ms: number) => {
        sleeps.push(ms);
        const until = sandbox().now() + ms;
        await requestsSettled(sandbox());
        sandbox().advanceTime(Math.max(0, until - sandbox().now()));
      },
    };
    const started = sandbox().now();
    const undo = overrideTransportDefaults({
      clock,
      pacing: { defaultBudget: { limit: 30, windowMs: hour } },
    });
    try {
      const result = await collectInProcess({ config: config(), now: NOW });
      expect(failedBitbucketSteps(result.stepResults)).toEqual([]);
      expect(countByType(result.entities)).toMatchObject(DEMO_ENTITIES);
      const log = sandbox().requestLog();
      expect(log.filter((e) => e.status === 429)).toEqual([]);
      expect(log).toHaveLength(demoRequests().total);
      // Over 120 requests at 30 per window: at least three full pauses.
      expect(demoRequests().total).toBeGreaterThan(120);
      const paused = sleeps.filter((ms) => ms > 1000);
      expect(paused.length).toBeGreaterThanOrEqual(3);
      expect(clock.now() - started).toBeGreaterThanOrEqual(3 * hour);
    } finally {
      undo();
    }
  });

  test('past maxRunHours the run stops with a message saying how much was left', async () => {
    const hour = 3600_000;
    sandbox().setFaults([
      {
        kind: 'budget',
        vendor: 'bitbucket',
        path: '/bitbucket/[12]\\.0/',
        limit: 30,
        windowMs: hour,
      },
    ]);
    const undo = overrideTransportDefaults({
      clock: new InstantClock(Date.now()),
      pacing: { defaultBudget: { limit: 30, windowMs: hour } },
    });
    try {
      const result = await collectInProcess({
        config: config({ maxRunHours: '0.5' }),
        now: NOW,
      });
      const failed = failedBitbucketSteps(result.stepResults);
      expect(failed.length).toBeGreaterThan(0);
      expect(
        sandbox()
          .requestLog()
          .filter((e) => e.status === 429),
      ).toEqual([]);
      // The budget's 30 API requests were made, none beyond it.
      expect(
        sandbox()
          .requestLog()
          .filter((e) => e.endpoint !== 'POST /site/oauth2/access_token'),
      ).toHaveLength(30);
    } finally {
      undo();
    }
  });
});
