import pLimit from 'p-limit';
import { performAttempt } from './attempt';
import { Call, CallState, Failure, newCallState } from './call';
import { CredentialHeaders } from './credential-headers';
import { apiError } from './errors';
import { interpretResponse, networkFailure, OutcomeContext } from './outcome';
import { CredentialPacer } from './pacing';
import { RateGate } from './rate-gate';
import { decide, RetryDecision } from './retry-decision';
import { redactUrl, urlWithoutQuery } from './redact';
import { serverRequestedWaitMs } from './retry-timing';
import { StatsRecorder } from './stats';
import {
  createPacer,
  resolveSettings,
  TransportSettings,
} from './transport-settings';
import {
  HttpTransport,
  RequestOptions,
  TransportLogger,
  TransportOptions,
  TransportResponse,
} from './types';
import { resolveUrl } from './url';

/** Slots for requests sent without the Authenticator (token requests). */
const TOKEN_CONCURRENCY = 2;

type Sent =
  | { kind: 'gated' }
  | {
      kind: 'sent';
      attempt: Awaited<ReturnType<typeof performAttempt>>;
      headers: Record<string, string>;
    };

/**
 * One vendor's transport for one run: requests go out through bounded
 * slots, each attempt's outcome goes to the pure retry decision
 * (retry-decision.ts), and this class only sleeps and re-sends.
 */
class Transport implements HttpTransport {
  readonly baseUrl: string;
  readonly logger: TransportLogger;
  readonly maxPages: number;
  private readonly settings: TransportSettings;
  private readonly limit: ReturnType<typeof pLimit>;
  /**
   * Requests without the Authenticator (the OAuth token request) have slots
   * of their own: the requests holding the shared slots may be the ones
   * waiting for that token, and with one pool a refresh at concurrency N
   * waits for N requests that wait for it (a hang, never a timeout).
   */
  private readonly unauthenticatedLimit = pLimit(TOKEN_CONCURRENCY);
  private readonly gate: RateGate;
  private readonly statsRecorder = new StatsRecorder();
  private readonly credentials: CredentialHeaders;
  private readonly pacer: CredentialPacer | undefined;
  private readonly outcome: OutcomeContext;
  /** Retry waits of every request of this transport, added up. */
  private runWaitedMs = 0;
  /** Requests started and not yet settled, for the pacer's progress line. */
  private open = 0;

  constructor(private readonly options: TransportOptions) {
    this.settings = resolveSettings(options);
    this.baseUrl = options.baseUrl;
    this.maxPages = this.settings.maxPages;
    this.limit = pLimit(this.settings.concurrency);
    this.gate = new RateGate(this.settings.clock);
    this.credentials = new CredentialHeaders(
      options.auth,
      options.defaultHeaders,
      options.logger,
    );
    this.logger = this.credentials.logger;
    this.pacer = createPacer(options, this.settings.clock, () => this.open);
    this.outcome = {
      vendor: options.vendor,
      auth: options.auth,
      clock: this.settings.clock,
      stats: this.statsRecorder,
      redact: (text) => this.credentials.redact(text),
      closeGate: (ms) => this.closeGate(ms),
    };
  }

  stats() {
    return this.statsRecorder.snapshot();
  }

  summary() {
    return this.statsRecorder.summary();
  }

  async requestJson<T>(request: RequestOptions): Promise<TransportResponse<T>> {
    this.open += 1;
    try {
      return await this.requestOnce<T>(request);
    } finally {
      this.open -= 1;
    }
  }

  private async requestOnce<T>(
    request: RequestOptions,
  ): Promise<TransportResponse<T>> {
    const call = this.describeCall(request);
    const state = newCallState();
    for (;;) {
      await this.waitForGate(state);
      const sent = await this.sendOnce(call, state);
      if (sent.kind === 'gated') continue;
      const result = await this.settle<T>(call, state, sent);
      if (!('outcome' in result)) return result;
      const decision = decide(
        result.outcome,
        { ...state, runWaitedMs: this.runWaitedMs },
        this.settings.clock.now(),
        { policy: this.settings.policy, random: this.settings.random },
      );
      if (decision.kind === 'fail') {
        throw apiError({
          endpoint: call.where,
          status: result.status,
          statusText: result.statusText,
          message: this.credentials.redact(
            `${this.options.vendor} request failed at ${call.where}: ${decision.reason}`,
          ),
        });
      }
      if (decision.kind === 'retry') {
        await this.pause(call, state, result, decision);
      }
    }
  }

  /** An attempt's outcome as a response, or a failure to decide on. */
  private settle<T>(
    call: Call,
    state: CallState,
    sent: Extract<Sent, { kind: 'sent' }>,
  ): Promise<TransportResponse<T> | Failure> | Failure {
    const { attempt } = sent;
    if (attempt.kind !== 'response') {
      return networkFailure(this.outcome, call, attempt);
    }
    this.statsRecorder.bytes(call.label, attempt.bytes);
    return interpretResponse<T>(
      this.outcome,
      call,
      state,
      attempt,
      sent.headers,
    );
  }

  private describeCall(request: RequestOptions): Call {
    const method = request.method ?? 'GET';
    const url = resolveUrl(this.options.baseUrl, request.url);
    return {
      request,
      method,
      url,
      where: `${method} ${urlWithoutQuery(url)}`,
      label: request.endpoint,
      useAuth: this.options.auth !== undefined && !request.noAuth,
    };
  }

  /** A vendor-wide pause, never longer than one request's wait budget. */
  private closeGate(waitMs: number) {
    this.gate.pauseFor(Math.min(waitMs, this.settings.policy.maxTotalWaitMs));
  }

  /**
   * Waits while the gate is closed, within what is left of this request's
   * budget; with the budget spent the request goes out anyway (the vendor
   * then answers or refuses it), so a long pause cannot fail every request
   * queued behind it.
   */
  private async waitForGate(state: CallState) {
    const { policy, clock } = this.settings;
    for (let gateMs = this.gate.remainingMs(); gateMs > 0; ) {
      const left = policy.maxTotalWaitMs - state.waitedMs;
      if (left <= 0) return;
      const ms = Math.min(gateMs, left);
      await clock.sleep(ms);
      state.waitedMs += ms;
      gateMs = this.gate.remainingMs();
    }
  }

  /** The budget an attempt of this call draws on, when pacing. */
  private budgetOf(call: Call) {
    return this.pacer && call.useAuth
      ? this.options.auth?.budgetFor?.(call.request)
      : undefined;
  }

  /** One attempt inside a concurrency slot. */
  private async sendOnce(call: Call, state: CallState): Promise<Sent> {
    const pool = call.request.noAuth ? this.unauthenticatedLimit : this.limit;
    // Pacing waits happen before a slot is taken, so requests on another
    // credential's budget keep going meanwhile; the attempt is counted as
    // it goes out (below), when the vendor counts it too.
    const budget = this.budgetOf(call);
    const pacer = budget ? this.pacer : undefined;
    if (pacer && budget) await pacer.waitForRoom(budget);
    // The slot is held for the exchange only, never while sleeping, so a
    // request that backs off does not block the others.
    return pool(async (): Promise<Sent> => {
      // Checked again once the slot is ours: requests that queued behind
      // the one that met a 429 must not go out while the pause holds.
      if (
        this.gate.remainingMs() > 0 &&
        state.waitedMs < this.settings.policy.maxTotalWaitMs
      ) {
        return { kind: 'gated' };
      }
      // Others used the room while this one queued: wait again.
      if (pacer && budget && !pacer.take(budget)) return { kind: 'gated' };
      const headers = await this.credentials.for(call.request);
      state.attempts += 1;
      this.statsRecorder.attempt(call.label);
      const attempt = await performAttempt({
        method: call.method,
        url: call.url,
        headers,
        body: call.request.body,
        timeoutMs: this.settings.timeoutMs,
        readTimeoutMs: this.settings.readTimeoutMs,
      });
      if (attempt.kind === 'response') {
        this.gateUnrotatable429(attempt);
        // The budget headers pace what follows; a 429 itself stays with the
        // rate gate, the authenticator's rotation and the retry decision.
        if (pacer && budget) pacer.observe(budget, attempt.headers);
      }
      return { kind: 'sent', attempt, headers };
    });
  }

  /**
   * With no other credential to rotate to, a 429's wait applies to the
   * whole transport: the gate closes before the slot is released, or the
   * next queued request goes out into the same limit.
   */
  private gateUnrotatable429(answer: {
    status: number;
    headers: Record<string, string>;
  }) {
    if (answer.status !== 429 || this.options.auth?.onRateLimited) return;
    const waitMs = serverRequestedWaitMs(
      answer.headers,
      this.settings.clock.now(),
    );
    if (waitMs !== undefined) this.closeGate(waitMs);
  }

  /** Sleeps what the decision says and logs it; nothing else. */
  private async pause(
    call: Call,
    state: CallState,
    failure: Failure,
    decision: Extract<RetryDecision, { kind: 'retry' }>,
  ) {
    const vendor = this.options.vendor;
    this.statsRecorder.retry(call.label);
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
    if (serverNamed) this.logger.info(fields, message);
    else this.logger.debug(fields, message);
    if (decision.afterMs <= 0) return;
    await this.settings.clock.sleep(decision.afterMs);
    state.waitedMs += decision.afterMs;
    this.runWaitedMs += decision.afterMs;
    if (decision.source === 'backoff') {
      state.backoffWaitedMs += decision.afterMs;
    }
  }
}

export function createTransport(options: TransportOptions): HttpTransport {
  return new Transport(options);
}
