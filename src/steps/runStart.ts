import { ExecutionContext } from '@jupiterone/integration-sdk-core';

export const DAY_MS = 86_400_000;

/** The run's "now": tests pin it, and lookback windows are computed from it. */
export function runStartedOn(context: ExecutionContext): number {
  return context.executionHistory?.current?.startedOn ?? Date.now();
}

/** The start of a lookback window of `days` before the run started. */
export function lookbackCutoff(
  context: ExecutionContext,
  days: number,
): number {
  return runStartedOn(context) - days * DAY_MS;
}
