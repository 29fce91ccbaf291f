import { IntegrationLogger } from '@jupiterone/integration-sdk-core';
import { HttpTransport, RequestOptions } from '../http';

/**
 * A view of a run's transport that also counts one step's requests per
 * endpoint (steps run in parallel, so the shared counters cannot tell them
 * apart).
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
      maxPages: transport.maxPages,
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
 * A step's last log line: the requests it made per endpoint when they were
 * counted (countingTransport), and the run's totals so far.
 */
export function logStepRequests(
  logger: IntegrationLogger,
  options: {
    vendor: string;
    transport: HttpTransport;
    /** The step's own requests, when counted (countingTransport). */
    counted?: { stepId: string; counts: Record<string, number> };
  },
): void {
  const { vendor, transport, counted } = options;
  if (!counted) {
    logger.info(`${vendor} requests so far: ${transport.summary()}`);
    return;
  }
  const { stepId, counts } = counted;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  logger.info(
    { stepId, requests: counts, totalRequests: total },
    `${stepId} made ${total} ${vendor} requests (retries excluded): ${
      Object.entries(counts)
        .map(([endpoint, n]) => `${endpoint} x${n}`)
        .join(', ') || 'none'
    }; run totals: ${transport.summary()}`,
  );
}
