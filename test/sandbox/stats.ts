/**
 * What the sandbox served: per-endpoint request counts and an arrival-ordered
 * request log, read by tests (exact request sequences) and the benchmark
 * (requests per endpoint against the dataset's minimum).
 */
import { FaultKind, SandboxVendor } from './faults';

export interface RequestLogEntry {
  /** Sandbox clock (ms) when the request arrived. */
  time: number;
  method: string;
  /** Pathname and query as received, secrets in the query redacted. */
  path: string;
  vendor?: SandboxVendor;
  /** Endpoint label (`GET /me`), `(unknown path)` or `(unknown vendor)`. */
  endpoint: string;
  /** 0 while in flight, and for reset or hanging requests. */
  status: number;
  credential?: string;
  faults?: FaultKind[];
}

/** Key of the total in `stats()`. */
export const TOTAL_KEY = 'total';

/** Label of a request no vendor simulator recognised. */
export const UNKNOWN_PATH = '(unknown path)';
export const UNKNOWN_VENDOR = '(unknown vendor)';

/** Query parameters that carry secrets (CircleCI's deprecated auth, OAuth). */
const SECRET_QUERY_PARAMS = [
  'circle-token',
  'access_token',
  'client_secret',
  'refresh_token',
];

/** Keeps the log bounded for a long-running `npm run sandbox`. */
const MAX_LOG_ENTRIES = 200_000;

export function redactPath(url: URL): string {
  const params = new URLSearchParams(url.search);
  for (const name of SECRET_QUERY_PARAMS) {
    if (params.has(name)) params.set(name, '[REDACTED]');
  }
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

/** `circleci GET /me`: the vendor keeps equal templates of the two APIs apart. */
export function statsKey(
  vendor: SandboxVendor | undefined,
  endpoint: string,
): string {
  return vendor ? `${vendor} ${endpoint}` : endpoint;
}

export class SandboxStats {
  private counts = new Map<string, number>();
  private log: RequestLogEntry[] = [];
  private total = 0;

  /** Counts a request on arrival and returns its (mutable) log entry. */
  arrive(entry: RequestLogEntry): RequestLogEntry {
    const key = statsKey(entry.vendor, entry.endpoint);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total += 1;
    this.log.push(entry);
    if (this.log.length > MAX_LOG_ENTRIES) {
      this.log.splice(0, this.log.length - MAX_LOG_ENTRIES);
    }
    return entry;
  }

  /** `{"circleci GET /me": 2, …, total: N}`, keys sorted. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const key of [...this.counts.keys()].sort()) {
      out[key] = this.counts.get(key) ?? 0;
    }
    out[TOTAL_KEY] = this.total;
    return out;
  }

  requestLog(): RequestLogEntry[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  reset(): void {
    this.counts = new Map();
    this.log = [];
    this.total = 0;
  }
}
