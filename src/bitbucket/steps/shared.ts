import {
  createDirectRelationship,
  Entity,
  IntegrationStepExecutionContext,
  JobState,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { HttpTransport, RequestOptions } from '../../http';
import { BitbucketRunClient, getBitbucketClient } from '../client/clientCache';

export type BitbucketStepContext =
  IntegrationStepExecutionContext<IntegrationConfig>;

/**
 * Adds an entity listed under a repository (permission, branch restriction,
 * pull request) and the repository's relationship to it, once: the same item
 * can come back on two pages when it changes during the listing.
 */
export async function addRepoChildOnce(
  jobState: JobState,
  repoUuid: string,
  entity: Entity,
  relationshipClass: RelationshipClass,
): Promise<void> {
  if (await jobState.hasKey(entity._key)) return;
  await jobState.addEntity(entity);
  await jobState.addRelationship(
    createDirectRelationship({
      _class: relationshipClass,
      fromKey: repoUuid,
      fromType: 'bitbucket_repo',
      toKey: entity._key,
      toType: entity._type,
    }),
  );
}

export function bitbucket(context: BitbucketStepContext): BitbucketRunClient {
  return getBitbucketClient(context);
}

/**
 * A view of the run's transport that also counts this step's requests per
 * endpoint (steps run in parallel, so the shared counters cannot tell them
 * apart). Token requests go through the run's transport and are not counted
 * here.
 */
export function countingTransport(transport: HttpTransport): {
  transport: HttpTransport;
  counts: Record<string, number>;
} {
  const counts: Record<string, number> = {};
  return {
    counts,
    transport: {
      baseUrl: transport.baseUrl,
      logger: transport.logger,
      stats: () => transport.stats(),
      summary: () => transport.summary(),
      requestJson<T>(options: RequestOptions) {
        counts[options.endpoint] = (counts[options.endpoint] ?? 0) + 1;
        return transport.requestJson<T>(options);
      },
    },
  };
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
    const counter = countingTransport(run.client.transport);
    const stepRun = {
      ...run,
      client: run.client.withTransport(counter.transport),
    };
    try {
      await body(context, stepRun);
    } finally {
      const used = counter.counts;
      const total = Object.values(used).reduce((a, b) => a + b, 0);
      context.logger.info(
        { stepId, requests: used, totalRequests: total },
        `${stepId} made ${total} Bitbucket requests (retries excluded): ${
          Object.entries(used)
            .map(([endpoint, n]) => `${endpoint} x${n}`)
            .join(', ') || 'none'
        }; run totals: ${run.client.transport.summary()}`,
      );
    }
  };
}

/**
 * Runs `fn` over `items` with at most `limit` in flight. The first failure
 * (of `fn` or of the iterator itself, e.g. a 403 on a later page) is thrown
 * only after every started call has settled, so nothing runs on unobserved.
 */
export async function forEachLimited<T>(
  items: AsyncIterable<T> | Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  try {
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
  } catch (error) {
    failure = failure ?? { error };
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
}
