/**
 * Overlap with the previous run, for clock skew between us and Bitbucket and
 * for PRs updated while the previous run was listing.
 */
export const WINDOW_OVERLAP_MS = 10 * 60_000;
const DAY_MS = 24 * 3600_000;

export interface WindowInput {
  /** This run's start (executionHistory.current.startedOn). */
  now: number;
  /** executionHistory.lastSuccessful.startedOn, when there is one. */
  lastSuccessfulStartedOn?: number;
  lookbackDays: number;
}

/**
 * Start of the `updated_on` window. The first run reaches back lookbackDays;
 * later runs start from the last successful run's start (minus an overlap),
 * however long ago that was, so an outage leaves no gap (the older
 * integration took the later of "now - 24 h" and the last success, and
 * silently skipped PRs updated during longer outages).
 */
export function pullRequestWindowStart(input: WindowInput): Date {
  if (input.lastSuccessfulStartedOn !== undefined) {
    return new Date(input.lastSuccessfulStartedOn - WINDOW_OVERLAP_MS);
  }
  return new Date(input.now - input.lookbackDays * DAY_MS);
}
