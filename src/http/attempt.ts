import fetch, { Headers as FetchHeaders } from 'node-fetch';

/**
 * Error codes of a connection that failed or broke mid-way; trying again on
 * a new connection usually works (faros-ai/airbyte-connectors#1299: CircleCI
 * `socket hang up`; the older CircleCI integration retried only ECONNRESET).
 * ENOTFOUND is left out on purpose: a mistyped base URL should fail fast.
 */
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

export type AttemptOutcome =
  | {
      kind: 'response';
      status: number;
      statusText: string;
      headers: Record<string, string>;
      text: string;
      bytes: number;
    }
  | { kind: 'network'; reason: string; retryable: boolean }
  | { kind: 'timeout'; timeoutMs: number };

export interface AttemptRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

function headersToRecord(headers: FetchHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name.toLowerCase()] = value;
  });
  return out;
}

function errorField(err: unknown, key: 'code' | 'name' | 'message') {
  if (err && typeof err === 'object' && key in err) {
    const value: unknown = (err as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/**
 * Network failures are described by their code only: node-fetch's messages
 * repeat the full URL, query string included.
 */
function describeNetworkError(err: unknown): AttemptOutcome {
  const code = errorField(err, 'code');
  const message = errorField(err, 'message') ?? '';
  const hangUp = /socket hang up|premature close/i.test(message);
  const reason =
    code ?? (hangUp ? 'socket hang up' : errorField(err, 'name') ?? 'Error');
  return {
    kind: 'network',
    reason,
    retryable:
      hangUp || (code !== undefined && RETRYABLE_NETWORK_CODES.has(code)),
  };
}

/**
 * One HTTP exchange: sends the request and reads the whole body, both under
 * one timeout, so a server that sends headers and then stalls is cut off too.
 * Never throws; the caller decides what is retryable.
 */
export async function performAttempt(
  request: AttemptRequest,
): Promise<AttemptOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    const response = await fetch(request.url.href, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      // Redirects are not followed: node-fetch would resend vendor headers
      // such as Circle-Token to whatever host the Location names.
      redirect: 'manual',
      compress: true,
    });
    const buffer = await response.buffer();
    return {
      kind: 'response',
      status: response.status,
      statusText: response.statusText,
      headers: headersToRecord(response.headers),
      text: buffer.toString('utf8'),
      bytes: buffer.length,
    };
  } catch (err) {
    if (controller.signal.aborted) {
      return { kind: 'timeout', timeoutMs: request.timeoutMs };
    }
    return describeNetworkError(err);
  } finally {
    clearTimeout(timer);
  }
}
