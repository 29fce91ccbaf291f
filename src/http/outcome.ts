import { AttemptOutcome } from './attempt';
import { Call, CallState, Failure } from './call';
import {
  apiError,
  authenticationError,
  authorizationError,
  errorBodyDetail,
  NETWORK_ERROR_STATUS,
} from './errors';
import { truncate } from './redact';
import { serverRequestedWaitMs } from './retry-timing';
import { StatsRecorder } from './stats';
import { Authenticator, Clock, TransportResponse } from './types';

/**
 * 401s one request may answer with fresh credentials: more than one when
 * tokens live seconds (a request that waited out a 429 may meet a second
 * expiry), bounded so a credential that is simply wrong still ends.
 */
const MAX_REAUTHENTICATIONS = 3;

type Answer = Extract<AttemptOutcome, { kind: 'response' }>;

/** What turning an attempt's outcome into a result needs of its transport. */
export interface OutcomeContext {
  vendor: string;
  auth?: Authenticator;
  clock: Clock;
  stats: StatsRecorder;
  redact(text: string): string;
  /** A vendor-wide pause after a 429 nobody can rotate away from. */
  closeGate(waitMs: number): void;
}

/**
 * "503 Service Unavailable: <vendor's explanation>". The explanation is
 * redacted before it is cut to length: cutting first could leave the front
 * half of a secret that no longer matches the whole value.
 */
function formatStatus(
  status: number,
  statusText: string,
  text: string,
  redact: (text: string) => string,
) {
  const detail = errorBodyDetail(text);
  const base = `${status} ${statusText}`.trim();
  // Some vendor error bodies only repeat the status text ("Bad Gateway").
  return detail && detail !== statusText
    ? `${base}: ${truncate(redact(detail))}`
    : base;
}

function providerError(
  ctx: OutcomeContext,
  call: Call,
  answer: Answer,
  what: string,
) {
  const { status, statusText, text } = answer;
  return {
    endpoint: call.where,
    status,
    statusText,
    message: ctx.redact(
      `${ctx.vendor} ${what} at ${call.where}: ${formatStatus(
        status,
        statusText,
        text,
        ctx.redact,
      )}`,
    ),
  };
}

function failure(answer: Answer, outcome: Failure['outcome']): Failure {
  return { status: answer.status, statusText: answer.statusText, outcome };
}

function parseSuccess<T>(answer: Answer): TransportResponse<T> | Failure {
  const { status, headers, text } = answer;
  try {
    const body = JSON.parse(text === '' && status === 204 ? 'null' : text) as T;
    return { status, headers, body };
  } catch {
    // A 2xx whose body does not parse was cut off in transit (the older
    // CircleCI integration parsed outside its retry and failed here).
    return failure(answer, {
      kind: 'retryable',
      problem: `the ${status} response body is not valid JSON (${answer.bytes} bytes)`,
    });
  }
}

async function unauthorized(
  ctx: OutcomeContext,
  call: Call,
  state: CallState,
  answer: Answer,
  sentHeaders: Record<string, string>,
  problem: string,
): Promise<Failure> {
  if (
    call.useAuth &&
    ctx.auth?.onUnauthorized &&
    state.reauthentications < MAX_REAUTHENTICATIONS
  ) {
    state.reauthentications += 1;
    if (await ctx.auth.onUnauthorized(sentHeaders)) {
      return failure(answer, { kind: 'rotated', problem });
    }
  }
  throw authenticationError(
    providerError(ctx, call, answer, 'authentication failed'),
  );
}

/** A 429 with an authenticator that can rotate or name the wait. */
async function rateLimited(
  ctx: OutcomeContext,
  onRateLimited: NonNullable<Authenticator['onRateLimited']>,
  answer: Answer,
  sentHeaders: Record<string, string>,
  problem: string,
): Promise<Failure> {
  const { headers } = answer;
  const serverWaitMs = serverRequestedWaitMs(headers, ctx.clock.now());
  const advice = await onRateLimited(serverWaitMs, sentHeaders);
  if (advice.rotated) {
    return failure(answer, {
      kind: 'rotated',
      problem: `${problem} with every credential`,
    });
  }
  const waitMs = advice.waitMs ?? serverWaitMs;
  if (waitMs !== undefined) ctx.closeGate(waitMs);
  return failure(answer, {
    kind: 'retryable',
    problem,
    headers,
    advisedWaitMs: waitMs,
  });
}

/** Turns an HTTP answer into a response, a failure to decide on, or an error. */
export async function interpretResponse<T>(
  ctx: OutcomeContext,
  call: Call,
  state: CallState,
  answer: Answer,
  sentHeaders: Record<string, string>,
): Promise<TransportResponse<T> | Failure> {
  const { status, statusText, headers, text } = answer;
  if (status >= 200 && status < 300) return parseSuccess<T>(answer);
  const problem = formatStatus(status, statusText, text, ctx.redact);
  if (status === 401) {
    return unauthorized(ctx, call, state, answer, sentHeaders, problem);
  }
  if (status === 403) {
    throw authorizationError(
      providerError(ctx, call, answer, 'authorization failed'),
    );
  }
  if (status === 429) {
    ctx.stats.rateLimited(call.label);
    const onRateLimited = ctx.auth?.onRateLimited?.bind(ctx.auth);
    if (call.useAuth && onRateLimited) {
      return rateLimited(ctx, onRateLimited, answer, sentHeaders, problem);
    }
  }
  if (status === 429 || status >= 500) {
    return failure(answer, { kind: 'retryable', problem, headers });
  }
  throw apiError(providerError(ctx, call, answer, 'API request failed'));
}

/** A timeout or network error as a failure to decide on, or an error. */
export function networkFailure(
  ctx: OutcomeContext,
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
      message: ctx.redact(
        `${ctx.vendor} request failed at ${call.where}: ${problem}`,
      ),
    });
  }
  return {
    status: NETWORK_ERROR_STATUS,
    statusText: attempt.reason,
    outcome: { kind: 'retryable', problem },
  };
}
