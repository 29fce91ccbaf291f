import {
  IntegrationStepExecutionContext,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { EndpointStats } from '../../http';
import { BitbucketRunClient, getBitbucketClient } from '../client/clientCache';

export type BitbucketStepContext =
  IntegrationStepExecutionContext<IntegrationConfig>;

export function bitbucket(context: BitbucketStepContext): BitbucketRunClient {
  return getBitbucketClient(context);
}

/** The run's "now": its start time, which tests pin. */
export function runStartedOn(context: BitbucketStepContext): number {
  return context.executionHistory?.current?.startedOn ?? Date.now();
}

export function publishMissingPermission(
  context: BitbucketStepContext,
  description: string,
): void {
  context.logger.publishWarnEvent({
    name: IntegrationWarnEventName.MissingPermission,
    description,
  });
}

/** Requests per endpoint made since `before` (a stats() snapshot). */
export function requestsSince(
  run: BitbucketRunClient,
  before: Record<string, EndpointStats>,
): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [endpoint, stats] of Object.entries(
    run.client.transport.stats(),
  )) {
    const count = stats.requests - (before[endpoint]?.requests ?? 0);
    if (count > 0) used[endpoint] = count;
  }
  return used;
}

/**
 * Wraps a step body so its last log line says how many requests it made per
 * endpoint (Bitbucket allows 1,000 per hour per consumer).
 */
export function withRequestLog(
  stepId: string,
  body: (
    context: BitbucketStepContext,
    run: BitbucketRunClient,
  ) => Promise<void>,
): (context: BitbucketStepContext) => Promise<void> {
  return async (context) => {
    const run = bitbucket(context);
    const before = run.client.transport.stats();
    try {
      await body(context, run);
    } finally {
      const used = requestsSince(run, before);
      const total = Object.values(used).reduce((a, b) => a + b, 0);
      context.logger.info(
        { stepId, requests: used, totalRequests: total },
        `${stepId} made ${total} Bitbucket requests: ${
          Object.entries(used)
            .map(([endpoint, n]) => `${endpoint} x${n}`)
            .join(', ') || 'none'
        }`,
      );
    }
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function forEachLimited<T>(
  items: AsyncIterable<T> | Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for await (const item of items) {
    if (failure) break;
    const p: Promise<void> = fn(item)
      .catch((error: unknown) => {
        failure = failure ?? { error };
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
}
