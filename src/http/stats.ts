import { EndpointStats } from './types';

/** Endpoints named in summary(); the rest are counted as "+N more". */
const SUMMARY_ENDPOINTS = 8;

export class StatsRecorder {
  private readonly byEndpoint = new Map<string, EndpointStats>();

  private entry(endpoint: string): EndpointStats {
    let stats = this.byEndpoint.get(endpoint);
    if (!stats) {
      stats = { requests: 0, retries: 0, rateLimited: 0, bytes: 0 };
      this.byEndpoint.set(endpoint, stats);
    }
    return stats;
  }

  attempt(endpoint: string): void {
    this.entry(endpoint).requests += 1;
  }

  retry(endpoint: string): void {
    this.entry(endpoint).retries += 1;
  }

  rateLimited(endpoint: string): void {
    this.entry(endpoint).rateLimited += 1;
  }

  bytes(endpoint: string, count: number): void {
    this.entry(endpoint).bytes += count;
  }

  snapshot(): Record<string, EndpointStats> {
    const copy: Record<string, EndpointStats> = {};
    for (const [endpoint, stats] of this.byEndpoint) {
      copy[endpoint] = { ...stats };
    }
    return copy;
  }

  /** e.g. `requests=12 retries=2 429s=1 bytes=4567; GET /me: 1 req; ...` */
  summary(): string {
    const all = [...this.byEndpoint.entries()];
    const total = all.reduce(
      (sum, [, s]) => ({
        requests: sum.requests + s.requests,
        retries: sum.retries + s.retries,
        rateLimited: sum.rateLimited + s.rateLimited,
        bytes: sum.bytes + s.bytes,
      }),
      { requests: 0, retries: 0, rateLimited: 0, bytes: 0 },
    );
    const head = `requests=${total.requests} retries=${total.retries} 429s=${total.rateLimited} bytes=${total.bytes}`;
    const busiest = all
      .sort(([, a], [, b]) => b.requests - a.requests)
      .slice(0, SUMMARY_ENDPOINTS)
      .map(([endpoint, s]) => {
        const extras = [
          s.retries ? `${s.retries} retries` : '',
          s.rateLimited ? `${s.rateLimited} 429s` : '',
        ].filter(Boolean);
        return `${endpoint}: ${s.requests} req${
          extras.length ? ` (${extras.join(', ')})` : ''
        }`;
      });
    if (all.length > SUMMARY_ENDPOINTS) {
      busiest.push(`+${all.length - SUMMARY_ENDPOINTS} more endpoints`);
    }
    return [head, ...busiest].join('; ');
  }
}
