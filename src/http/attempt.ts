import http, { ClientRequest, IncomingMessage } from 'http';
import https from 'https';
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
  /** Longest silence while the body is read (default: timeoutMs). */
  readTimeoutMs?: number;
}

/** Why a body read was abandoned before the overall timeout. */
type BodyFault = 'stalled' | 'cut short';

/**
 * node-fetch 2.7 never ends a response body whose connection closed before
 * Content-Length bytes arrived: the read waits out the whole timeout. The
 * agent below sees each ClientRequest (Agent#addRequest) and reports a
 * response that closed incomplete (IncomingMessage#complete false) to the
 * attempt that sent it; node-fetch asks for the agent synchronously right
 * before it sends, so the hook set there is the one for that request.
 */
let nextRequestHook: ((req: ClientRequest) => void) | undefined;

function watchRequest(req: ClientRequest) {
  const hook = nextRequestHook;
  nextRequestHook = undefined;
  hook?.(req);
}

/** An agent that shows each request it sends to watchRequest first. */
function watched<A extends http.Agent>(agent: A): A {
  // addRequest is not in @types/node's Agent; it exists on every version.
  const inner = agent as unknown as {
    addRequest(r: ClientRequest, o: http.RequestOptions): void;
  };
  const addRequest = inner.addRequest.bind(agent);
  inner.addRequest = (req, options) => {
    watchRequest(req);
    addRequest(req, options);
  };
  return agent;
}

const httpAgent = watched(new http.Agent({ keepAlive: true }));
const httpsAgent = watched(new https.Agent({ keepAlive: true }));

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

function contentLength(headers: Record<string, string>): number | undefined {
  // With Content-Encoding, node-fetch counts decoded bytes; zlib itself
  // reports a compressed body that ends early.
  if (headers['content-encoding']) return undefined;
  const value = Number(headers['content-length']);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * One HTTP exchange: sends the request and reads the whole body under one
 * overall timeout, plus a read timeout between body chunks, so a server that
 * sends headers and then stalls, or closes before Content-Length bytes, is
 * cut off in seconds. Never throws; the caller decides what is retryable.
 */
export async function performAttempt(
  request: AttemptRequest,
): Promise<AttemptOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  const readTimeoutMs = Math.min(
    request.readTimeoutMs ?? request.timeoutMs,
    request.timeoutMs,
  );
  let bodyFault: BodyFault | undefined;
  /** Whether the response came over a socket our agent saw. */
  let overSocket = false;
  const abortBody = (fault: BodyFault) => {
    if (controller.signal.aborted) return;
    bodyFault = fault;
    controller.abort();
  };
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => abortBody('stalled'), readTimeoutMs);
  };
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
      agent: (url: URL) => {
        nextRequestHook = (req) =>
          req.once('response', (res: IncomingMessage) => {
            overSocket = true;
            res.once('close', () => {
              if (!res.complete) abortBody('cut short');
            });
          });
        return url.protocol === 'https:' ? httpsAgent : httpAgent;
      },
    });
    const headers = headersToRecord(response.headers);
    const chunks: Buffer[] = [];
    let bytes = 0;
    armIdle();
    for await (const chunk of response.body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      chunks.push(buffer);
      bytes += buffer.length;
      armIdle();
    }
    // Counted only for answers read from a real socket: an HTTP recorder
    // replaying a redacted body keeps the original Content-Length.
    const expected = overSocket ? contentLength(headers) : undefined;
    if (expected !== undefined && bytes < expected) {
      return bodyOutcome('cut short', bytes, expected);
    }
    return {
      kind: 'response',
      status: response.status,
      statusText: response.statusText,
      headers,
      text: Buffer.concat(chunks).toString('utf8'),
      bytes,
    };
  } catch (err) {
    if (bodyFault)
      return bodyOutcome(bodyFault, undefined, undefined, readTimeoutMs);
    if (controller.signal.aborted) {
      return { kind: 'timeout', timeoutMs: request.timeoutMs };
    }
    return describeNetworkError(err);
  } finally {
    clearTimeout(timer);
    if (idle) clearTimeout(idle);
  }
}

function bodyOutcome(
  fault: BodyFault,
  bytes?: number,
  expected?: number,
  readTimeoutMs?: number,
): AttemptOutcome {
  return {
    kind: 'network',
    retryable: true,
    reason:
      fault === 'stalled'
        ? `response body stalled: no data for ${readTimeoutMs} ms`
        : bytes !== undefined
        ? `response body cut short: ${bytes} of ${expected} bytes`
        : 'response body cut short: the connection closed before Content-Length bytes arrived',
  };
}
