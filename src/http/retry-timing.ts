import { RetryPolicy } from './types';

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 30,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxTotalWaitMs: 300_000,
  maxBackoffWaitMs: 60_000,
  maxRunWaitMs: 3_600_000,
};

/** Values above this are epoch seconds, not "seconds from now" (2001-09-09). */
const EPOCH_SECONDS_THRESHOLD = 1e9;

function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** `Retry-After`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterMs(value: string | undefined, now: number) {
  const seconds = parseNumber(value);
  if (seconds !== undefined) return seconds * 1000;
  if (value === undefined) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * `RateLimit-Reset` / `X-RateLimit-Reset`: seconds until the window resets;
 * some servers send an epoch-seconds timestamp instead, recognisable by its
 * size.
 */
function resetMs(value: string | undefined, now: number) {
  const n = parseNumber(value);
  if (n === undefined) return undefined;
  return n > EPOCH_SECONDS_THRESHOLD ? Math.max(0, n * 1000 - now) : n * 1000;
}

/**
 * How long the server asked us to wait, or undefined when it did not say.
 * `RateLimit-Limit` / `X-RateLimit-Limit` are deliberately ignored: they are a
 * request count, and the older CircleCI integration slept that many seconds.
 */
export function serverRequestedWaitMs(
  headers: Record<string, string>,
  now: number,
): number | undefined {
  return (
    retryAfterMs(headers['retry-after'], now) ??
    resetMs(headers['ratelimit-reset'], now) ??
    resetMs(headers['x-ratelimit-reset'], now)
  );
}

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential
 * Backoff and Jitter"): uniform in [0, min(max, base * 2^retryIndex)), so
 * parallel clients that failed together do not retry together.
 */
export function backoffDelayMs(
  retryIndex: number,
  policy: RetryPolicy,
  random: () => number,
): number {
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** retryIndex,
  );
  return Math.floor(random() * ceiling);
}
