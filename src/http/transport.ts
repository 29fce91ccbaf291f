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
import { transportDefaults } from './defaults';
import { DEFAULT_MAX_PAGES } from './pagination';
import { CredentialPacer } from './pacing';
import { RateGate } from './rate-gate';
import { decide, RetryDecision, RetryOutcome } from './retry-decision';
import {
  createRedactingLogger,
  redactSecrets,
  redactUrl,
  truncate,
  urlWithoutQuery,
} from './redact';
import { DEFAULT_RETRY_POLICY, serverRequestedWaitMs } from './retry-timing';
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
/** Silence allowed between two chunks of a response body. */
export const DEFAULT_READ_TIMEOUT_MS = 10_000;
/** Slots for requests sent without the Authenticator (token requests). */
const TOKEN_CONCURRENCY = 2;
/**
 * 401s one request may answer with fresh credentials: more than one when
 * tokens live seconds (a request that waited out a 429 may meet a second
 * expiry), bounded so a credential that is simply wrong still ends.
 */
const MAX_REAUTHENTICATIONS = 3;

/** Request header names whose values are credentials. */
const CREDENTIAL_HEADER = /authorization|token|secret|api-?key|password/i;

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

/**
 * "503 Service Unavailable: <vendor's explanation>". The explanation is
 * redacted before it is cut to length: cutting first could leave the front
 * half of a secret that no longer matches the whole value.
 */
function formatStatus(
  status: number,
  statusText: string,
  detail: string | undefined,
  redact: (text: string) => string,
) {
  const base = `${status} ${statusText}`.trim();
  // Some vendor error bodies only repeat the status text ("Bad Gateway").
  return detail && detail !== statusText
    ? `${base}: ${truncate(redact(detail))}`
    : base;
}

/** One request as every function of one requestJson call sees it. */
interface Call {
  request: RequestOptions;
  method: string;
  url: URL;
  /** "GET https://host/path", for errors. */
  where: string;
  label: string;
  useAuth: boolean;
}

/** What one request has done so far (RetryHistory plus bookkeeping). */
interface CallState {
  attempts: number;
  waitedMs: number;
  backoffWaitedMs: number;
  /** 401s answered with new credentials so far. */
  reauthentications: number;
}

/** A failed attempt, with what the final error reports. */
interface Failure {
  outcome: Exclude<RetryOutcome, { kind: 'success' }>;
  status: number | string;
  statusText: string;
}

type Sent =
  | { kind: 'gated' }
  | { kind: 'sent'; attempt: AttemptOutcome; headers: Record<string, string> };

export function createTransport(options: TransportOptions): HttpTransport {
  const vendor = options.vendor;
  const defaults = transportDefaults();
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...defaults.retry,
    ...options.retry,
  };
  const clock = options.clock ?? defaults.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const timeoutMs =
    options.timeoutMs ?? defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const readTimeoutMs =
    options.readTimeoutMs ?? defaults.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  const maxPages = options.maxPages ?? defaults.maxPages ?? DEFAULT_MAX_PAGES;
  const limit = pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
  /**
   * Requests without the Authenticator (the OAuth token request) have slots
   * of their own: the requests holding the shared slots may be the ones
   * waiting for that token, and with one pool a refresh at concurrency N
   * waits for N requests that wait for it (a hang, never a timeout).
   */
  const unauthenticatedLimit = pLimit(TOKEN_CONCURRENCY);
  const gate = new RateGate(clock);
  const stats = new StatsRecorder();
  const auth = options.auth;
  /** Retry waits of every request of this transport, added up. */
  let runWaitedMs = 0;
  /** Requests started and not yet settled, for the pacer's progress line. */
  let open = 0;
  const pacing = options.pacing && {
    ...options.pacing,
    ...defaults.pacing,
    defaultBudget:
      defaults.pacing?.defaultBudget ?? options.pacing.defaultBudget,
  };
  const pacer =
    pacing && auth?.budgetFor
      ? new CredentialPacer({
          vendor,
          clock,
          defaultBudget: pacing.defaultBudget,
          deadline:
            pacing.maxRunMs !== undefined
              ? clock.now() + pacing.maxRunMs
              : undefined,
          deadlineName: pacing.maxRunName,
          logger: options.logger,
          queued: () => open,
        })
      : undefined;

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
      auth && !request.noAuth ? await auth.headers(request) : undefined;
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

  /** A vendor-wide pause, never longer than one request's wait budget. */
  function closeGate(waitMs: number) {
    gate.pauseFor(Math.min(waitMs, policy.maxTotalWaitMs));
  }

  /**
   * Waits while the gate is closed, within what is left of this request's
   * budget; with the budget spent the request goes out anyway (the vendor
   * then answers or refuses it), so a long pause cannot fail every request
   * queued behind it.
   */
  async function waitForGate(state: CallState) {
    for (let gateMs = gate.remainingMs(); gateMs > 0; ) {
      const left = policy.maxTotalWaitMs - state.waitedMs;
      if (left <= 0) return;
      const ms = Math.min(gateMs, left);
      await clock.sleep(ms);
      state.waitedMs += ms;
      gateMs = gate.remainingMs();
    }
  }

  /** The budget an attempt of this call draws on, when pacing. */
  function budgetOf(call: Call) {
    return pacer && call.useAuth ? auth?.budgetFor?.(call.request) : undefined;
  }

  /** One attempt inside a concurrency slot. */
  async function sendOnce(call: Call, state: CallState): Promise<Sent> {
    const pool = call.request.noAuth ? unauthenticatedLimit : limit;
    // Pacing waits happen before a slot is taken, so requests on another
    // credential's budget keep going meanwhile; the attempt is counted as
    // it goes out (below), when the vendor counts it too.
    const budget = budgetOf(call);
    if (pacer && budget) await pacer.waitForRoom(budget);
    // The slot is held for the exchange only, never while sleeping, so a
    // request that backs off does not block the others.
    return pool(async (): Promise<Sent> => {
      // Checked again once the slot is ours: requests that queued behind
      // the one that met a 429 must not go out while the pause holds.
      if (gate.remainingMs() > 0 && state.waitedMs < policy.maxTotalWaitMs) {
        return { kind: 'gated' };
      }
      // Others used the room while this one queued: wait again.
      if (pacer && budget && !pacer.take(budget)) return { kind: 'gated' };
      // Credentials are read as the request goes out, so a token that was
      // refreshed or rotated while it queued is the one it sends.
      const headers = await headersFor(call.request);
      state.attempts += 1;
      stats.attempt(call.label);
      const attempt = await performAttempt({
        method: call.method,
        url: call.url,
        headers,
        body: call.request.body,
        timeoutMs,
        readTimeoutMs,
      });
      // With no other credential to rotate to, a 429's wait applies to the
      // whole transport: close the gate before this slot is released, or
      // the next queued request goes out into the same limit.
      if (
        attempt.kind === 'response' &&
        attempt.status === 429 &&
        !auth?.onRateLimited
      ) {
        const waitMs = serverRequestedWaitMs(attempt.headers, clock.now());
        if (waitMs !== undefined) closeGate(waitMs);
      }
      // The budget headers pace what follows; a 429 itself stays with the
      // rate gate, the authenticator's rotation and the retry decision.
      if (pacer && budget && attempt.kind === 'response') {
        pacer.observe(budget, attempt.headers);
      }
      return { kind: 'sent', attempt, headers };
    });
  }

  function providerError(
    call: Call,
    status: number,
    statusText: string,
    text: string,
    what: string,
  ) {
    return {
      endpoint: call.where,
      status,
      statusText,
      message: redact(
        `${vendor} ${what} at ${call.where}: ${formatStatus(
          status,
          statusText,
          errorBodyDetail(text),
          redact,
        )}`,
      ),
    };
  }

  /** Turns an HTTP answer into a response, a failure to decide on, or an error. */
  async function interpretResponse<T>(
    call: Call,
    state: CallState,
    answer: Extract<AttemptOutcome, { kind: 'response' }>,
    sentHeaders: Record<string, string>,
  ): Promise<TransportResponse<T> | Failure> {
    const { status, statusText, headers, text } = answer;
    if (status >= 200 && status < 300) {
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
          outcome: {
            kind: 'retryable',
            problem: `the ${status} response body is not valid JSON (${answer.bytes} bytes)`,
          },
        };
      }
    }
    const problem = formatStatus(
      status,
      statusText,
      errorBodyDetail(text),
      redact,
    );
    if (status === 401) {
      if (
        call.useAuth &&
        auth?.onUnauthorized &&
        state.reauthentications < MAX_REAUTHENTICATIONS
      ) {
        state.reauthentications += 1;
        if (await auth.onUnauthorized(sentHeaders)) {
          return { status, statusText, outcome: { kind: 'rotated', problem } };
        }
      }
      throw authenticationError(
        providerError(call, status, statusText, text, 'authentication failed'),
      );
    }
    if (status === 403) {
      throw authorizationError(
        providerError(call, status, statusText, text, 'authorization failed'),
      );
    }
    if (status === 429) {
      stats.rateLimited(call.label);
      if (call.useAuth && auth?.onRateLimited) {
        const serverWaitMs = serverRequestedWaitMs(headers, clock.now());
        const advice = await auth.onRateLimited(serverWaitMs, sentHeaders);
        if (advice.rotated) {
          return {
            status,
            statusText,
            outcome: {
              kind: 'rotated',
              problem: `${problem} with every credential`,
            },
          };
        }
        const waitMs = advice.waitMs ?? serverWaitMs;
        if (waitMs !== undefined) closeGate(waitMs);
        return {
          status,
          statusText,
          outcome: {
            kind: 'retryable',
            problem,
            headers,
            advisedWaitMs: waitMs,
          },
        };
      }
    }
    if (status === 429 || status >= 500) {
      return {
        status,
        statusText,
        outcome: { kind: 'retryable', problem, headers },
      };
    }
    throw apiError(
      providerError(call, status, statusText, text, 'API request failed'),
    );
  }

  function networkFailure(
    call: Call,
    attempt: Exclude<AttemptOutcome, { kind: 'response' }>,
  ): Failure {
    if (attempt.kind === 'timeout') {
      return {
        status: NETWORK_ERROR_STATUS,
        statusText: 'Timeout',
        outcome: {
          kind: 'retryable',
          problem: `network failure: no response within ${attempt.timeoutMs} ms`,
        },
      };
    }
    const problem = `network failure (${attempt.reason})`;
    if (!attempt.retryable) {
      throw apiError({
        endpoint: call.where,
        status: NETWORK_ERROR_STATUS,
        statusText: attempt.reason,
        message: redact(
          `${vendor} request failed at ${call.where}: ${problem}`,
        ),
      });
    }
    return {
      status: NETWORK_ERROR_STATUS,
      statusText: attempt.reason,
      outcome: { kind: 'retryable', problem },
    };
  }

  /** Sleeps what the decision says and logs it; nothing else. */
  async function pause(
    call: Call,
    state: CallState,
    failure: Failure,
    decision: Extract<RetryDecision, { kind: 'retry' }>,
  ) {
    stats.retry(call.label);
    const serverNamed = decision.source === 'vendor';
    const fields = {
      vendor,
      endpoint: call.label,
      url: redactUrl(call.url),
      status: failure.status,
      attempt: state.attempts,
      waitMs: decision.afterMs,
    };
    const message =
      decision.source === 'rotation'
        ? `${vendor} ${call.label} answered ${failure.status}; retrying at once with new credentials`
        : serverNamed
        ? `${vendor} ${call.label} answered ${failure.status}; waiting ${decision.afterMs} ms as the vendor asked, then retrying`
        : `${vendor} ${call.label} answered ${failure.status}; retrying in ${decision.afterMs} ms`;
    // Waits the vendor named are worth a line a person reads: they explain
    // where the run's time went.
    if (serverNamed) logger.info(fields, message);
    else logger.debug(fields, message);
    if (decision.afterMs <= 0) return;
    await clock.sleep(decision.afterMs);
    state.waitedMs += decision.afterMs;
    runWaitedMs += decision.afterMs;
    if (decision.source === 'backoff') {
      state.backoffWaitedMs += decision.afterMs;
    }
  }

  function describeCall(request: RequestOptions): Call {
    const method = request.method ?? 'GET';
    const url = resolveUrl(options.baseUrl, request.url);
    return {
      request,
      method,
      url,
      where: `${method} ${urlWithoutQuery(url)}`,
      label: request.endpoint,
      useAuth: auth !== undefined && !request.noAuth,
    };
  }

  async function requestJson<T>(
    request: RequestOptions,
  ): Promise<TransportResponse<T>> {
    open += 1;
    try {
      return await requestOnce<T>(request);
    } finally {
      open -= 1;
    }
  }

  async function requestOnce<T>(
    request: RequestOptions,
  ): Promise<TransportResponse<T>> {
    const call = describeCall(request);
    const state: CallState = {
      attempts: 0,
      waitedMs: 0,
      backoffWaitedMs: 0,
      reauthentications: 0,
    };
    for (;;) {
      await waitForGate(state);
      const sent = await sendOnce(call, state);
      if (sent.kind === 'gated') continue;
      const { attempt } = sent;
      let failure: Failure;
      if (attempt.kind === 'response') {
        stats.bytes(call.label, attempt.bytes);
        const result = await interpretResponse<T>(
          call,
          state,
          attempt,
          sent.headers,
        );
        if (!('outcome' in result)) return result;
        failure = result;
      } else {
        failure = networkFailure(call, attempt);
      }
      const decision = decide(
        failure.outcome,
        { ...state, runWaitedMs },
        clock.now(),
        { policy, random },
      );
      if (decision.kind === 'fail') {
        throw apiError({
          endpoint: call.where,
          status: failure.status,
          statusText: failure.statusText,
          message: redact(
            `${vendor} request failed at ${call.where}: ${decision.reason}`,
          ),
        });
      }
      if (decision.kind === 'retry') {
        await pause(call, state, failure, decision);
      }
    }
  }

  return {
    requestJson,
    stats: () => stats.snapshot(),
    summary: () => stats.summary(),
    baseUrl: options.baseUrl,
    logger,
    maxPages,
  };
}
