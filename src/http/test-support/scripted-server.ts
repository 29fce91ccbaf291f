import http, { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo } from 'net';

/** What the server saw of one request. */
export interface SeenRequest {
  method: string;
  /** Path and query string as sent, e.g. "/api/v2/pipeline?page-token=t2". */
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** Answers one request; may answer late, never, or break the connection. */
export type Responder = (
  res: ServerResponse,
  req: IncomingMessage,
) => void | Promise<void>;

export interface ScriptedServer {
  /** e.g. "http://127.0.0.1:43123" */
  origin: string;
  requests: SeenRequest[];
  /** Highest number of requests the server was answering at once. */
  maxInFlight(): number;
  close(): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
) {
  res.writeHead(status, headers);
  res.end(text);
}

/** Ready-made responders. */
export const reply = {
  json:
    (status: number, body: unknown, headers: Record<string, string> = {}) =>
    (res: ServerResponse) =>
      send(res, status, JSON.stringify(body), {
        'content-type': 'application/json',
        ...headers,
      }),
  text:
    (status: number, text: string, headers: Record<string, string> = {}) =>
    (res: ServerResponse) =>
      send(res, status, text, { 'content-type': 'text/plain', ...headers }),
  /** Kills the TCP connection without an answer (ECONNRESET / hang up). */
  reset: () => (_res: ServerResponse, req: IncomingMessage) => {
    req.socket.destroy();
  },
  /**
   * Headers promising `declared` bytes, the first part of the body, then
   * the connection closes (a proxy or load balancer cutting a response).
   */
  cutShort:
    (text: string, sentBytes: number) =>
    (res: ServerResponse, req: IncomingMessage) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
      });
      res.write(text.slice(0, sentBytes));
      setTimeout(() => req.socket.destroy(), 20);
    },
  /** Headers and the first part of the body, then silence (socket open). */
  stall: (text: string, sentBytes: number) => (res: ServerResponse) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
    });
    res.write(text.slice(0, sentBytes));
  },
  /** Never answers; the client has to time out. */
  hang: () => () => undefined,
  /** Answers after `ms` of real time (for in-flight tracking). */
  delayed:
    (ms: number, responder: Responder): Responder =>
    (res, req) =>
      new Promise<void>((resolve) => {
        setTimeout(() => {
          void Promise.resolve(responder(res, req)).then(resolve);
        }, ms);
      }),
};

/**
 * A real HTTP server on 127.0.0.1 and an ephemeral port whose answers follow
 * a script: either a list (request n gets responder n) or a function of the
 * request. A request beyond the list gets 599 so the test fails visibly.
 */
export async function startScriptedServer(
  script: Responder[] | ((req: IncomingMessage, index: number) => Responder),
): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const index = requests.length;
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
    });
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) inFlight -= 1;
      done = true;
    };
    res.on('close', finish);
    const responder = Array.isArray(script)
      ? script[index] ?? reply.text(599, `script has no step ${index}`)
      : script(req, index);
    void Promise.resolve(responder(res, req));
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
