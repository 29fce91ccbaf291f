import pLimit from 'p-limit';
import { AttemptOutcome, performAttempt } from './attempt';
import { systemClock } from './clock';
import {
  apiError,
  authenticationError,
  authorizationError,
  errorBodyDetail,
  NETWORK_ERROR_STATUS,
} from './errors';
import { RateGate } from './rate-gate';
import {
  createRedactingLogger,
  redactSecrets,
  redactUrl,
  truncate,
  urlWithoutQuery,
} from './redact';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  serverRequestedWaitMs,
} from './retry-timing';
import { StatsRecorder } from './stats';
import {
  HttpTransport,
  RequestOptions,
  RetryPolicy,
  TransportOptions,
  TransportResponse,
} from './types';
import { resolveUrl } from './url';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONCURRENCY = 10;
export const DEFAULT_USER_AGENT = 'graph-circleci-bitbucket';

/** Request header names whose values are credentials. */
const CREDENTIAL_HEADER = /authorization|token|secret|api-?key|password/i;

/** Why an attempt failed in a way that is worth another attempt. */
interface RetryableFailure {
  status: number | string;
  statusText: string;
  /** What went wrong, for the final error message. */
  problem: string;
  /** Wait the server asked for (Retry-After / reset headers). */
  serverWaitMs?: number;
}

/** Lower-cased names, so "Accept" from one source replaces "accept". */
function mergeHeaders(
  ...sources: Array<Record<string, string> | undefined>
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of sources) {
    for (const [name, value] of Object.entries(source ?? {})) {
      merged[name.toLowerCase()] = value;
    }
  }
  return merged;
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function formatStatus(status: number, statusText: string, detail?: string) {
  const base = `${status} ${statusText}`.trim();
  // Some vendor error bodies only repeat the status text ("Bad Gateway").
  return detail && detail !== statusText
    ? `${base}: ${truncate(detail)}`
    : base;
}

export function createTransport(options: TransportOptions): HttpTransport {
  const vendor = options.vendor;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const limit = pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
  const gate = new RateGate(clock);
  const stats = new StatsRecorder();
  const auth = options.auth;

  /**
   * Credential header values seen so far (and their part after "Bearer " /
   * "Basic "), redacted like auth.secrets(): a Basic header's base64 form is
   * not in secrets() but is just as sensitive if a server echoes it.
   */
  const headerSecrets = new Set<string>();
  const secrets = () => [...(auth?.secrets() ?? []), ...headerSecrets];
  const redact = (text: string) => redactSecrets(text, secrets());
  const logger = createRedactingLogger(options.logger, secrets);

  function rememberSecret(value: string) {
    headerSecrets.add(value);
    const token = value.replace(/^(Bearer|Basic|token)\s+/i, '');
    if (token !== value) headerSecrets.add(token);
  }

  async function headersFor(request: RequestOptions) {
    const credentials =
      auth && !request.noAuth ? await auth.headers() : undefined;
    Object.values(credentials ?? {}).forEach(rememberSecret);
    // A request may carry its own credentials, e.g. the OAuth token request
    // sends the consumer's Basic key:secret with noAuth.
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (CREDENTIAL_HEADER.test(name)) rememberSecret(value);
    }
    return mergeHeaders(
      { accept: 'application/json', 'user-agent': DEFAULT_USER_AGENT },
      options.defaultHeaders,
      request.headers,
      credentials,
    );
  }

  async function requestJson<T>(
    request: RequestOptions,
  ): Promise<TransportResponse<T>> {
    const method = request.method ?? 'GET';
    const url = resolveUrl(options.baseUrl, request.url);
    const label = request.endpoint;
    const where = `${method} ${urlWithoutQuery(url)}`;
    const useAuth = auth !== undefined && !request.noAuth;
    let attempts = 0;
    let retries = 0;
    let waitedMs = 0;
    let reauthenticated = false;

    const exhausted = (failure: RetryableFailure, nextWaitMs?: number) => {
      const budget =
        nextWaitMs === undefined
          ? ''
          : `; the next wait of ${nextWaitMs} ms would exceed the ${policy.maxTotalWaitMs} ms wait budget`;
      return apiError({
        endpoint: where,
        status: failure.status,
        statusText: failure.statusText,
        message: redact(
          `${vendor} request failed at ${where}: ${
            failure.problem
          }; retries exhausted after ${attempts} attempt${
            attempts === 1 ? '' : 's'
          } (waited ${waitedMs} ms${budget})`,
        ),
      });
    };

    const logRetry = (failure: RetryableFailure, waitMs: number) =>
      logger.debug(
        {
          vendor,
          endpoint: label,
          url: redactUrl(url),
          status: failure.status,
          attempt: attempts,
          waitMs,
        },
        `${vendor} ${label} answered ${failure.status}; retrying in ${waitMs} ms`,
      );

    /** Handles a 2xx/401/403/429/other answer; returns a failure to retry. */
    const examine = async (
      outcome: Extract<AttemptOutcome, { kind: 'response' }>,
    ): Promise<TransportResponse<T> | RetryableFailure | 'again'> => {
      const { status, statusText, headers, text } = outcome;
      if (isSuccess(status)) {
        try {
          const body = JSON.parse(
            text === '' && status === 204 ? 'null' : text,
          ) as T;
          return { status, headers, body };
        } catch {
          // A 2xx whose body does not parse was cut off in transit (the older
          // CircleCI integration parsed outside its retry and failed here).
          return {
            status,
            statusText,
            problem: `the ${status} response body is not valid JSON (${outcome.bytes} bytes)`,
          };
        }
      }
      const detail = errorBodyDetail(text);
      const fields = {
        endpoint: where,
        status,
        statusText,
      };
      if (status === 401) {
        if (useAuth && auth.onUnauthorized && !reauthenticated) {
          reauthenticated = true;
          if (await auth.onUnauthorized()) return 'again';
        }
        throw authenticationError({
          ...fields,
          message: redact(
            `${vendor} authentication failed at ${where}: ${formatStatus(
              status,
              statusText,
              detail,
            )}`,
          ),
        });
      }
      if (status === 403) {
        throw authorizationError({
          ...fields,
          message: redact(
            `${vendor} authorization failed at ${where}: ${formatStatus(
              status,
              statusText,
              detail,
            )}`,
          ),
        });
      }
      const serverWaitMs = serverRequestedWaitMs(headers, clock.now());
      if (status === 429) {
        stats.rateLimited(label);
        if (useAuth && auth.onRateLimited) {
          if (await auth.onRateLimited(serverWaitMs)) return 'again';
        }
        if (serverWaitMs !== undefined) gate.pauseFor(serverWaitMs);
      }
      if (status === 429 || status >= 500) {
        return {
          status,
          statusText,
          problem: formatStatus(status, statusText, detail),
          serverWaitMs,
        };
      }
      throw apiError({
        ...fields,
        message: redact(
          `${vendor} API request failed at ${where}: ${formatStatus(
            status,
            statusText,
            detail,
          )}`,
        ),
      });
    };

    for (;;) {
      for (let gateMs = gate.remainingMs(); gateMs > 0; ) {
        if (waitedMs + gateMs > policy.maxTotalWaitMs) {
          throw exhausted(
            {
              status: 429,
              statusText: 'Too Many Requests',
              problem: `${vendor} asked to pause all requests for ${gateMs} ms`,
            },
            gateMs,
          );
        }
        await clock.sleep(gateMs);
        waitedMs += gateMs;
        gateMs = gate.remainingMs();
      }

      // The concurrency slot is held for the exchange only, never while
      // sleeping, so a request that backs off does not block the others.
      const outcome = await limit(
        async (): Promise<AttemptOutcome | { kind: 'gated' }> => {
          // Checked again once the slot is ours: requests that queued behind
          // the one that met a 429 must not go out while the pause holds.
          if (gate.remainingMs() > 0) return { kind: 'gated' };
          // Credentials are read as the request goes out, so a token that
          // was refreshed or rotated while it queued is the one it sends.
          const headers = await headersFor(request);
          attempts += 1;
          stats.attempt(label);
          const attempt = await performAttempt({
            method,
            url,
            headers,
            body: request.body,
            timeoutMs,
          });
          // With no other credential to rotate to, a 429's wait applies to
          // the whole transport: close the gate before this slot is released,
          // or the next queued request goes out into the same limit.
          if (
            attempt.kind === 'response' &&
            attempt.status === 429 &&
            !auth?.onRateLimited
          ) {
            const waitMs = serverRequestedWaitMs(attempt.headers, clock.now());
            if (waitMs !== undefined) gate.pauseFor(waitMs);
          }
          return attempt;
        },
      );
      if (outcome.kind === 'gated') continue;

      let failure: RetryableFailure;
      if (outcome.kind === 'response') {
        stats.bytes(label, outcome.bytes);
        const result = await examine(outcome);
        if (result === 'again') {
          // A refreshed or rotated credential: retry at once, but count it so
          // a credential pool that keeps answering 429 still ends.
          if (outcome.status === 429) {
            if (retries >= policy.maxRetries) {
              throw exhausted({
                status: 429,
                statusText: outcome.statusText,
                problem: `429 ${outcome.statusText} with every credential`,
              });
            }
            retries += 1;
          }
          stats.retry(label);
          logger.debug(
            {
              vendor,
              endpoint: label,
              status: outcome.status,
              attempt: attempts,
            },
            `${vendor} ${label} answered ${outcome.status}; retrying at once with new credentials`,
          );
          continue;
        }
        if (!('problem' in result)) return result;
        failure = result;
      } else if (outcome.kind === 'timeout') {
        failure = {
          status: NETWORK_ERROR_STATUS,
          statusText: 'Timeout',
          problem: `network failure: no response within ${outcome.timeoutMs} ms`,
        };
      } else {
        failure = {
          status: NETWORK_ERROR_STATUS,
          statusText: outcome.reason,
          problem: `network failure (${outcome.reason})`,
        };
        if (!outcome.retryable) {
          throw apiError({
            endpoint: where,
            status: failure.status,
            statusText: failure.statusText,
            message: redact(
              `${vendor} request failed at ${where}: ${failure.problem}`,
            ),
          });
        }
      }

      if (retries >= policy.maxRetries) throw exhausted(failure);
      const waitMs =
        failure.serverWaitMs ?? backoffDelayMs(retries, policy, random);
      if (waitedMs + waitMs > policy.maxTotalWaitMs) {
        throw exhausted(failure, waitMs);
      }
      retries += 1;
      stats.retry(label);
      logRetry(failure, waitMs);
      await clock.sleep(waitMs);
      waitedMs += waitMs;
    }
  }

  return {
    requestJson,
    stats: () => stats.snapshot(),
    summary: () => stats.summary(),
    baseUrl: options.baseUrl,
    logger,
  };
}
