/**
 * The contract of the shared, vendor-neutral HTTP transport. Vendor clients
 * (src/circleci/client, src/bitbucket/client) depend on these types only;
 * the implementation lives next to this file and never imports a vendor
 * folder.
 */

/** Time source, injectable so tests can drive retries without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The subset of the SDK's IntegrationLogger the transport writes to. */
export interface TransportLogger {
  debug(fields: object, msg: string): void;
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
}

/**
 * Supplies credentials per attempt, so a token can be refreshed or rotated
 * between two attempts of the same request.
 */
export interface Authenticator {
  /** Headers to add to the next attempt (e.g. Circle-Token, Authorization). */
  headers(): Promise<Record<string, string>>;
  /**
   * Called once per request when it is answered 401. Return true when new
   * credentials were obtained (e.g. an expired OAuth token was refreshed)
   * and the request should be tried again once.
   */
  onUnauthorized?(): Promise<boolean>;
  /**
   * Called when a request is answered 429. Return true when the
   * authenticator switched to other credentials that are not cooling down;
   * the transport then retries at once instead of waiting.
   */
  onRateLimited?(retryAfterMs: number | undefined): Promise<boolean>;
  /** Every secret value, so the transport can redact them anywhere. */
  secrets(): string[];
}

export interface RetryPolicy {
  /** Retries after the first attempt (default 6). */
  maxRetries: number;
  /** First backoff delay; doubles per retry, with full jitter (default 500). */
  baseDelayMs: number;
  /** Upper bound of one computed backoff delay (default 30 000). */
  maxDelayMs: number;
  /**
   * Cap on the total time one request may spend waiting between attempts,
   * including server-requested Retry-After waits (default 300 000). A wait
   * that would exceed it ends the request with a clear error instead.
   */
  maxTotalWaitMs: number;
}

export interface TransportOptions {
  /** Vendor name used in error messages and log lines, e.g. "CircleCI". */
  vendor: string;
  /** Origin every request and every followed `next` link must stay on. */
  baseUrl: string;
  auth?: Authenticator;
  /** Per-attempt timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Requests in flight at once for this transport (default 10). */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  /** Random source in [0, 1) for jitter; injectable for tests. */
  random?: () => number;
  logger?: TransportLogger;
  /** Extra headers on every request (User-Agent, Accept). */
  defaultHeaders?: Record<string, string>;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** Absolute URL, or a path resolved against baseUrl. */
  url: string | URL;
  /**
   * Stable label for counters and errors, e.g. "GET /project/{slug}/pipeline".
   * Never contains ids or secrets.
   */
  endpoint: string;
  headers?: Record<string, string>;
  body?: string;
  /** Skip the Authenticator (e.g. the OAuth token request itself). */
  noAuth?: boolean;
}

export interface TransportResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

export interface EndpointStats {
  requests: number;
  retries: number;
  rateLimited: number;
  bytes: number;
}

export interface HttpTransport {
  /** One request with retries; resolves with parsed JSON or throws an SDK error. */
  requestJson<T>(options: RequestOptions): Promise<TransportResponse<T>>;
  /** Per-endpoint counters since the transport was created. */
  stats(): Record<string, EndpointStats>;
  /**
   * Added for the pagination helpers (optional so hand-written fakes stay
   * valid): the origin every followed `next` link must stay on...
   */
  readonly baseUrl?: string;
  /** ...and a logger that already redacts the transport's secrets. */
  readonly logger?: TransportLogger;
  /** One log-friendly line summarising stats(), e.g. for a step's last log. */
  summary(): string;
}
