import { systemClock } from './clock';
import { transportDefaults } from './defaults';
import { DEFAULT_MAX_PAGES } from './pagination';
import { CredentialPacer } from './pacing';
import { DEFAULT_RETRY_POLICY } from './retry-timing';
import { Clock, RetryPolicy, TransportOptions } from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONCURRENCY = 10;
/** Silence allowed between two chunks of a response body. */
export const DEFAULT_READ_TIMEOUT_MS = 10_000;

/** A transport's options with the process defaults and ours filled in. */
export interface TransportSettings {
  policy: RetryPolicy;
  clock: Clock;
  random: () => number;
  timeoutMs: number;
  readTimeoutMs: number;
  maxPages: number;
  concurrency: number;
}

export function resolveSettings(options: TransportOptions): TransportSettings {
  const defaults = transportDefaults();
  return {
    policy: { ...DEFAULT_RETRY_POLICY, ...defaults.retry, ...options.retry },
    clock: options.clock ?? defaults.clock ?? systemClock,
    random: options.random ?? Math.random,
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    readTimeoutMs:
      options.readTimeoutMs ??
      defaults.readTimeoutMs ??
      DEFAULT_READ_TIMEOUT_MS,
    maxPages: options.maxPages ?? defaults.maxPages ?? DEFAULT_MAX_PAGES,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
  };
}

/**
 * The pacer of a transport that paces (options.pacing and an authenticator
 * that names budgets); `queued` feeds its progress line.
 */
export function createPacer(
  options: TransportOptions,
  clock: Clock,
  queued: () => number,
): CredentialPacer | undefined {
  const defaults = transportDefaults();
  if (!options.pacing || !options.auth?.budgetFor) return undefined;
  const pacing = { ...options.pacing, ...defaults.pacing };
  return new CredentialPacer({
    vendor: options.vendor,
    clock,
    defaultBudget:
      defaults.pacing?.defaultBudget ?? options.pacing.defaultBudget,
    deadline:
      pacing.maxRunMs !== undefined ? clock.now() + pacing.maxRunMs : undefined,
    deadlineName: pacing.maxRunName,
    logger: options.logger,
    queued,
  });
}
