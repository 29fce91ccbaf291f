import { Clock, PacingOptions, RetryPolicy } from './types';

/**
 * Process-wide defaults under the per-transport options, for runs that build
 * their transports deep inside steps: whole-collection fault tests shrink
 * timeouts and budgets here so a fault costs milliseconds instead of the
 * production 10-30 s. Production code never calls overrideTransportDefaults.
 */
export interface TransportDefaults {
  timeoutMs?: number;
  readTimeoutMs?: number;
  maxPages?: number;
  retry?: Partial<RetryPolicy>;
  /** A clock for every transport (a test's scaled-down hour). */
  clock?: Clock;
  /** Replaces the pacing budget of transports that pace (a scaled-down hour). */
  pacing?: Partial<PacingOptions>;
}

let current: TransportDefaults = {};

export function transportDefaults(): TransportDefaults {
  return current;
}

/** Sets defaults for transports created from now on; returns the undo. */
export function overrideTransportDefaults(
  defaults: TransportDefaults,
): () => void {
  const previous = current;
  current = { ...defaults };
  return () => {
    current = previous;
  };
}
