import { decide, RetryHistory, RetryOutcome } from './retry-decision';
import { DEFAULT_RETRY_POLICY } from './retry-timing';
import { RetryPolicy } from './types';

const NOW = Date.parse('2026-01-01T00:00:00Z');
// The documented defaults (README, Reliability): the cases below are worked
// out against these budgets.
const policy: RetryPolicy = DEFAULT_RETRY_POLICY;
const ctx = { policy, random: () => 0.5 };
const fresh: RetryHistory = {
  attempts: 1,
  waitedMs: 0,
  backoffWaitedMs: 0,
  runWaitedMs: 0,
};
const h = (over: Partial<RetryHistory>): RetryHistory => ({
  ...fresh,
  ...over,
});
const r429 = (headers: Record<string, string>): RetryOutcome => ({
  kind: 'retryable',
  problem: '429 Too Many Requests',
  headers,
});
const r503: RetryOutcome = {
  kind: 'retryable',
  problem: '503 Service Unavailable',
  headers: {},
};

describe('decide', () => {
  test.each<[string, RetryOutcome, RetryHistory, unknown]>([
    ['success is done', { kind: 'success' }, fresh, { kind: 'done' }],
    [
      'Retry-After seconds is waited exactly',
      r429({ 'retry-after': '1' }),
      fresh,
      {
        kind: 'retry',
        afterMs: 1000,
        reason: 'the vendor asked to wait 1000 ms',
        source: 'vendor',
      },
    ],
    [
      'Retry-After as an HTTP date',
      r429({ 'retry-after': new Date(NOW + 7000).toUTCString() }),
      fresh,
      {
        kind: 'retry',
        afterMs: 7000,
        reason: 'the vendor asked to wait 7000 ms',
        source: 'vendor',
      },
    ],
    [
      'X-RateLimit-Reset (epoch seconds)',
      r429({ 'x-ratelimit-reset': String(NOW / 1000 + 4) }),
      fresh,
      {
        kind: 'retry',
        afterMs: 4000,
        reason: 'the vendor asked to wait 4000 ms',
        source: 'vendor',
      },
    ],
    [
      'RateLimit-Reset (delta seconds)',
      r429({ 'ratelimit-reset': '3' }),
      fresh,
      {
        kind: 'retry',
        afterMs: 3000,
        reason: 'the vendor asked to wait 3000 ms',
        source: 'vendor',
      },
    ],
    [
      'the 11th Retry-After: 1 of a storm is still waited (time, not attempts)',
      r429({ 'retry-after': '1' }),
      h({ attempts: 11, waitedMs: 10_000 }),
      {
        kind: 'retry',
        afterMs: 1000,
        reason: 'the vendor asked to wait 1000 ms',
        source: 'vendor',
      },
    ],
    [
      'a wait the authenticator advises (earliest rested consumer) is used',
      {
        kind: 'retryable',
        problem: '429 Too Many Requests',
        headers: {},
        advisedWaitMs: 2500,
      },
      fresh,
      {
        kind: 'retry',
        afterMs: 2500,
        reason: 'the vendor asked to wait 2500 ms',
        source: 'vendor',
      },
    ],
    [
      'rotation retries at once',
      {
        kind: 'rotated',
        problem: '429 Too Many Requests with every credential',
      },
      h({ attempts: 3 }),
      {
        kind: 'retry',
        afterMs: 0,
        reason: 'retrying at once with another credential',
        source: 'rotation',
      },
    ],
    [
      '5xx backs off with jitter: base * 2^(attempts-1) * random',
      r503,
      h({ attempts: 3 }),
      {
        kind: 'retry',
        afterMs: 1000,
        reason: 'backoff 1000 ms',
        source: 'backoff',
      },
    ],
  ])('%s', (_name, outcome, history, expected) => {
    expect(decide(outcome, history, NOW, ctx)).toEqual(expected);
  });

  test('Retry-After: 86400 fails at once, saying how long the vendor asked to wait', () => {
    expect(decide(r429({ 'retry-after': '86400' }), fresh, NOW, ctx)).toEqual({
      kind: 'fail',
      askedWaitMs: 86_400_000,
      reason:
        "429 Too Many Requests; the vendor asked to wait 86400 s, more than the 300000 ms left of this request's 300000 ms wait budget, so it is not retried (1 attempt, waited 0 ms)",
    });
  });

  test('a server wait beyond what is left of the request budget fails', () => {
    expect(
      decide(
        r429({ 'retry-after': '5' }),
        h({ attempts: 4, waitedMs: 296_000 }),
        NOW,
        ctx,
      ),
    ).toMatchObject({ kind: 'fail', askedWaitMs: 5000 });
  });

  test('the run budget, once spent, stops retries of every request', () => {
    expect(
      decide(
        r429({ 'retry-after': '2' }),
        h({ runWaitedMs: 3_599_000 }),
        NOW,
        ctx,
      ),
    ).toEqual({
      kind: 'fail',
      askedWaitMs: 2000,
      reason:
        "429 Too Many Requests; the vendor asked to wait 2000 ms, but only 1000 ms are left of the run's 3600000 ms wait budget (1 attempt, waited 0 ms)",
    });
    expect(decide(r503, h({ runWaitedMs: 3_600_000 }), NOW, ctx)).toEqual({
      kind: 'fail',
      reason:
        "503 Service Unavailable; retries exhausted after 1 attempt (waited 0 ms; the next wait of 250 ms would exceed the run's 3600000 ms wait budget)",
    });
  });

  test('backoff without a server-named wait is bounded by its own budget', () => {
    expect(
      decide(
        r503,
        h({ attempts: 8, waitedMs: 59_000, backoffWaitedMs: 59_000 }),
        NOW,
        ctx,
      ),
    ).toEqual({
      kind: 'fail',
      reason:
        "503 Service Unavailable; retries exhausted after 8 attempts (waited 59000 ms; the next wait of 15000 ms would exceed this request's 60000 ms backoff wait budget)",
    });
  });

  test('the attempt cap is a safety net, also for rotation that never ends', () => {
    expect(
      decide(
        {
          kind: 'rotated',
          problem: '429 Too Many Requests with every credential',
        },
        h({ attempts: 31 }),
        NOW,
        ctx,
      ),
    ).toEqual({
      kind: 'fail',
      reason:
        '429 Too Many Requests with every credential; retries exhausted after 31 attempts (waited 0 ms)',
    });
  });

  test('a 10-second storm of Retry-After: 1 fits the default budgets', () => {
    let history = fresh;
    for (let second = 0; second < 10; second += 1) {
      const d = decide(r429({ 'retry-after': '1' }), history, NOW, {
        policy: DEFAULT_RETRY_POLICY,
        random: () => 0.5,
      });
      expect(d).toMatchObject({ kind: 'retry', afterMs: 1000 });
      history = h({
        attempts: history.attempts + 1,
        waitedMs: history.waitedMs + 1000,
        runWaitedMs: history.runWaitedMs + 1000,
      });
    }
  });
});
