/**
 * What to do after one attempt, as a pure function of the attempt's outcome,
 * the request's history so far and the time: done, retry after N ms, or
 * fail with a reason. The transport's loop only sleeps and re-sends (the
 * split octokit's plugin-retry makes between deciding and wrapping a
 * request), so every budget rule is tested here over a table of cases,
 * without sockets or timers.
 *
 * Budgets are time, not attempt counts: a vendor that asks for `Retry-After:
 * 1` ten times in a row is waited for ten times. The attempt cap is only a
 * safety net against a loop that never waits (e.g. credentials that rotate
 * forever).
 */
import { backoffDelayMs, serverRequestedWaitMs } from './retry-timing';
import { RetryPolicy } from './types';

export type RetryOutcome =
  /** A usable answer. */
  | { kind: 'success' }
  /**
   * A 429 after which the authenticator switched to a credential that is
   * not rate limited: worth another attempt at once.
   */
  | { kind: 'rotated'; problem: string }
  /** A failure worth another attempt (429, 5xx, network, cut-off body). */
  | {
      kind: 'retryable';
      /** What went wrong, e.g. "503 Service Unavailable: down". */
      problem: string;
      /** The answer's headers: Retry-After / RateLimit-Reset are read here. */
      headers?: Record<string, string>;
      /**
       * A wait named by someone other than this answer's headers, e.g. the
       * earliest end of the rest periods of rate-limited credentials.
       */
      advisedWaitMs?: number;
    };

export interface RetryHistory {
  /** Attempts sent so far, the one just answered included. */
  attempts: number;
  /** Everything this request waited so far (gate and retry waits), in ms. */
  waitedMs: number;
  /** The part of waitedMs that was backoff without a server-named wait. */
  backoffWaitedMs: number;
  /** Retry waits of every request of the run so far (this vendor), in ms. */
  runWaitedMs: number;
}

export type RetryDecision =
  | { kind: 'done' }
  | {
      kind: 'retry';
      afterMs: number;
      reason: string;
      /** Who chose the wait: the vendor (or credential rest), backoff, or none. */
      source: 'vendor' | 'backoff' | 'rotation';
    }
  | { kind: 'fail'; reason: string; askedWaitMs?: number };

export interface DecisionContext {
  policy: RetryPolicy;
  /** Random source in [0, 1) for backoff jitter. */
  random: () => number;
}

/** "86400 s" / "1500 ms": how a wait reads in an error message. */
export function describeWait(ms: number): string {
  return ms >= 10_000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function spent(history: RetryHistory): string {
  return `${plural(history.attempts, 'attempt')}, waited ${
    history.waitedMs
  } ms`;
}

export function decide(
  outcome: RetryOutcome,
  history: RetryHistory,
  now: number,
  { policy, random }: DecisionContext,
): RetryDecision {
  if (outcome.kind === 'success') return { kind: 'done' };

  // Safety net only: time is the budget that normally ends a request.
  if (history.attempts > policy.maxRetries) {
    return {
      kind: 'fail',
      reason: `${outcome.problem}; retries exhausted after ${plural(
        history.attempts,
        'attempt',
      )} (waited ${history.waitedMs} ms)`,
    };
  }
  if (outcome.kind === 'rotated') {
    return {
      kind: 'retry',
      afterMs: 0,
      reason: 'retrying at once with another credential',
      source: 'rotation',
    };
  }

  const requestLeft = Math.max(0, policy.maxTotalWaitMs - history.waitedMs);
  const runLeft = Math.max(0, policy.maxRunWaitMs - history.runWaitedMs);
  const asked =
    outcome.advisedWaitMs ??
    (outcome.headers ? serverRequestedWaitMs(outcome.headers, now) : undefined);

  if (asked !== undefined) {
    const overBudget =
      asked > requestLeft
        ? `more than the ${requestLeft} ms left of this request's ${policy.maxTotalWaitMs} ms wait budget, so it is not retried`
        : asked > runLeft
        ? `but only ${runLeft} ms are left of the run's ${policy.maxRunWaitMs} ms wait budget`
        : undefined;
    if (overBudget) {
      return {
        kind: 'fail',
        askedWaitMs: asked,
        reason: `${outcome.problem}; the vendor asked to wait ${describeWait(
          asked,
        )}, ${overBudget} (${spent(history)})`,
      };
    }
    return {
      kind: 'retry',
      afterMs: asked,
      reason: `the vendor asked to wait ${asked} ms`,
      source: 'vendor',
    };
  }

  const retryIndex = history.attempts - 1;
  const backoff = backoffDelayMs(retryIndex, policy, random);
  const backoffLeft = Math.max(
    0,
    policy.maxBackoffWaitMs - history.backoffWaitedMs,
  );
  if (backoff > Math.min(requestLeft, backoffLeft, runLeft)) {
    const which =
      backoff > runLeft
        ? `the run's ${policy.maxRunWaitMs} ms`
        : backoff > requestLeft
        ? `this request's ${policy.maxTotalWaitMs} ms`
        : `this request's ${policy.maxBackoffWaitMs} ms backoff`;
    return {
      kind: 'fail',
      reason: `${outcome.problem}; retries exhausted after ${plural(
        history.attempts,
        'attempt',
      )} (waited ${
        history.waitedMs
      } ms; the next wait of ${backoff} ms would exceed ${which} wait budget)`,
    };
  }
  return {
    kind: 'retry',
    afterMs: backoff,
    reason: `backoff ${backoff} ms`,
    source: 'backoff',
  };
}
