/**
 * The contract of the shared, vendor-neutral HTTP transport. Vendor clients
 * (src/circleci/client, src/bitbucket/client) depend on these types only;
 * the implementation lives next to this file and never imports a vendor
 * folder.
 */

import type { BudgetShare, PaceBudget } from './pacing';

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
  /**
   * Headers to add to the next attempt (e.g. Circle-Token, Authorization).
   * The request is passed so an authenticator may route it to one of
   * several credentials (Bitbucket access tokens for repository data).
   */
  headers(request?: RequestOptions): Promise<Record<string, string>>;
  /**
   * The request budget an attempt of this request draws on, for pacing
   * (TransportOptions.pacing); requests without one are not paced.
   */
  budgetFor?(request: RequestOptions): BudgetShare | undefined;
  /**
   * Called when a request is answered 401 (a few times per request at
   * most), with the headers it was sent with. Return true when new
   * credentials were obtained (e.g. an expired OAuth token was refreshed,
   * or another request already did) and the request should be tried again.
   */
  onUnauthorized?(sentHeaders: Record<string, string>): Promise<boolean>;
  /**
   * Called when a request is answered 429, with the wait the answer named
   * (if any) and the headers the request was sent with (so the credential
   * that met the limit is benched, not whichever is current by now).
   * `rotated: true` when another credential that is not resting takes over:
   * the transport retries at once. Otherwise `waitMs` is how long until the
   * first credential may be used again, when known (the transport waits
   * that long, within its budget; without it, it backs off).
   */
  onRateLimited?(
    retryAfterMs: number | undefined,
    sentHeaders: Record<string, string>,
  ): Promise<RateLimitAdvice>;
  /** Every secret value, so the transport can redact them anywhere. */
  secrets(): string[];
}

export type RateLimitAdvice =
  | { rotated: true }
  | { rotated: false; waitMs?: number };

export interface RetryPolicy {
  /**
   * Safety net on retries after the first attempt (default 30); the time
   * budgets below are what normally end a request.
   */
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
  /**
   * Cap on the part of that total spent backing off without a server-named
   * wait (5xx, network failures, 429 without Retry-After; default 60 000).
   */
  maxBackoffWaitMs: number;
  /**
   * Cap on the retry waits of all requests of one transport (one vendor, one
   * run) added up (default 3 600 000): once spent, failures are not retried.
   */
  maxRunWaitMs: number;
}

/** Pacing to per-credential request budgets (see pacing.ts). */
export interface PacingOptions {
  /** The documented budget of one credential when no header names one. */
  defaultBudget: PaceBudget;
  /** Wall time after the transport's creation when pacing gives up. */
  maxRunMs?: number;
  /** How the limit is named in the error, e.g. "maxRunHours (MAX_RUN_HOURS) = 6". */
  maxRunName?: string;
}

export interface TransportOptions {
  /** Vendor name used in error messages and log lines, e.g. "CircleCI". */
  vendor: string;
  /** Origin every request and every followed `next` link must stay on. */
  baseUrl: string;
  auth?: Authenticator;
  /** Per-attempt timeout in ms (default 30 000). */
  timeoutMs?: number;
  /**
   * An answer whose body sends no byte for this long is aborted and retried
   * (default 10 000), well before timeoutMs.
   */
  readTimeoutMs?: number;
  /** Pages one listing may read before it fails (default 10 000). */
  maxPages?: number;
  /** Requests in flight at once for this transport (default 10). */
  concurrency?: number;
  /** Pace authenticated attempts to the credentials' request budgets. */
  pacing?: PacingOptions;
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
  /** The origin every followed `next` link must stay on (pagination). */
  readonly baseUrl: string;
  /** A logger that already redacts the transport's secrets. */
  readonly logger: TransportLogger;
  /** Pages one listing may read (pagination; default 10 000). */
  readonly maxPages: number;
  /** One log-friendly line summarising stats(), e.g. for a step's last log. */
  summary(): string;
}
