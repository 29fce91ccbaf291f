/**
 * The vendor sandbox: one loopback HTTP server serving the CircleCI and
 * Bitbucket simulators under their path prefixes, with fault injection,
 * latency and request accounting in between. Everything is in-process and
 * timer-driven, so hundreds of concurrent requests never block the loop.
 */
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import { createBitbucketSimulator } from './bitbucket/simulator';
import { createCircleCISimulator } from './circleci/simulator';
import {
  createDataset,
  DatasetKind,
  DatasetSummary,
  datasetWorkspaces,
  DEFAULT_SANDBOX_SEED,
  SandboxDataset,
  summarizeDataset,
} from './datasets';
import { FaultEngine, FaultRequest, FaultRule, SandboxVendor } from './faults';
import { SeededRandom } from './random';
import {
  redactPath,
  RequestLogEntry,
  SandboxStats,
  UNKNOWN_PATH,
  UNKNOWN_VENDOR,
} from './stats';
import { CircleCIData } from './circleci/types';
import {
  LargeDatasetParams,
  SANDBOX_CREDENTIALS,
  SandboxRequest,
  SandboxResponse,
  VendorRouteMatch,
  VendorSimulator,
} from './types';

export interface SandboxOptions {
  /** Loopback port; 0 (default) picks a free one. */
  port?: number;
  dataset?: DatasetKind;
  largeParams?: Partial<LargeDatasetParams>;
  seed?: number;
  /** Epoch ms the datasets are generated relative to (default: now). */
  referenceTime?: number;
  faults?: FaultRule[];
  /** Added to every response. */
  latencyMs?: number;
  /** Up to this much more, drawn per request from the seeded source. */
  jitterMs?: number;
  /** Fixed CircleCI page size (default 20). */
  circleciPageSize?: number;
  /** Server-side cap below the requested Bitbucket pagelen. */
  bitbucketPageSizeCap?: number;
  /** Lifetime of Bitbucket OAuth access tokens (default 3600, as the vendor's). */
  tokenTtlSeconds?: number;
  /**
   * The sandbox clock moves this much on every arriving Bitbucket request:
   * time driven by the vendor's own work, not by the wall clock or by the
   * other vendor's requests, so a test of token expiry meets the same
   * expiries however loaded the machine is.
   */
  clockStepPerBitbucketRequestMs?: number;
  /** Projects `GET /pipeline?org-slug=` covers (default 250, the vendor's max). */
  pipelineOrgProjectLimit?: number;
  /** OAuth scopes granted per Bitbucket consumer key. */
  bitbucketScopesByKey?: Record<string, string[]>;
  /** X-RateLimit-Limit on Bitbucket access-token answers (default 1,000). */
  bitbucketAccessTokenLimit?: number;
  /**
   * The CircleCI account as it was at this time (epoch ms): pipelines
   * created later, with their workflows and jobs, are not served yet. With
   * the same seed and reference time, a sandbox without it is the same
   * account after more pipelines ran (incremental-run tests, the estate
   * benchmark's second run).
   */
  circleciAsOf?: number;
}

export type SandboxEnvVendor = 'circleci' | 'bitbucket' | 'both';

export interface Sandbox {
  origin: string;
  port: number;
  circleciBaseUrl: string;
  bitbucketBaseUrl: string;
  bitbucketTokenUrl: string;
  dataset: SandboxDataset;
  /** The `.env` lines that point the integration at this sandbox. */
  env(vendor?: SandboxEnvVendor): Record<string, string>;
  /** Requests per `<vendor> <endpoint label>`, plus `total`. */
  stats(): Record<string, number>;
  requestLog(): RequestLogEntry[];
  resetStats(): void;
  setFaults(rules: FaultRule[]): void;
  /** Moves the sandbox clock forward (expires OAuth tokens, drains budgets). */
  advanceTime(ms: number): void;
  /** The sandbox clock (wall clock plus advanceTime offsets). */
  now(): number;
  datasetSummary(): DatasetSummary;
  close(): Promise<void>;
}

export const DEFAULT_CIRCLECI_PAGE_SIZE = 20;
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
export const DEFAULT_PIPELINE_ORG_PROJECT_LIMIT = 250;

function isRouteMatch(
  value: VendorRouteMatch | SandboxResponse,
): value is VendorRouteMatch {
  return typeof (value as VendorRouteMatch).handle === 'function';
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function lowerHeaders(
  headers: http.IncomingHttpHeaders,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Objects as JSON; strings as text/plain unless the response names a type. */
function serialize(response: SandboxResponse): {
  text: string;
  contentType?: string;
} {
  const declared = Object.entries(response.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'content-type',
  )?.[1];
  if (response.body === undefined) return { text: '', contentType: declared };
  if (typeof response.body === 'string') {
    return {
      text: response.body,
      contentType: declared ?? 'text/plain; charset=utf-8',
    };
  }
  return {
    text: JSON.stringify(response.body),
    contentType: declared ?? 'application/json; charset=utf-8',
  };
}

class SandboxServer {
  private readonly stats = new SandboxStats();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly latencyRandom: SeededRandom;
  private readonly faults: FaultEngine;
  private clockOffset = 0;
  private closing = false;
  readonly server: http.Server;
  readonly simulators: VendorSimulator[];
  origin = '';

  constructor(
    readonly dataset: SandboxDataset,
    private readonly options: SandboxOptions,
  ) {
    const seed = options.seed ?? DEFAULT_SANDBOX_SEED;
    this.latencyRandom = new SeededRandom(seed ^ 0x1a7e);
    this.faults = new FaultEngine(
      options.faults ?? [],
      new SeededRandom(seed ^ 0xfa17),
      () => this.now(),
    );
    this.simulators = [
      createCircleCISimulator(dataset.circleci, {
        pageSize: options.circleciPageSize ?? DEFAULT_CIRCLECI_PAGE_SIZE,
        pipelineOrgProjectLimit:
          options.pipelineOrgProjectLimit ?? DEFAULT_PIPELINE_ORG_PROJECT_LIMIT,
        referenceTime: dataset.referenceTime,
      }),
      createBitbucketSimulator(dataset.bitbucket, {
        now: () => this.now(),
        tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
        pageSizeCap: options.bitbucketPageSizeCap,
        scopesByKey: options.bitbucketScopesByKey,
        accessTokenLimit: options.bitbucketAccessTokenLimit,
      }),
    ];
    this.server = http.createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ message: `Sandbox error: ${String(error)}` }),
          );
        }
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  now(): number {
    return Date.now() + this.clockOffset;
  }

  advanceTime(ms: number): void {
    this.clockOffset += ms;
  }

  setFaults(rules: FaultRule[]): void {
    this.faults.setRules(rules);
  }

  snapshot(): Record<string, number> {
    return this.stats.snapshot();
  }

  requestLog(): RequestLogEntry[] {
    return this.stats.requestLog();
  }

  resetStats(): void {
    this.stats.reset();
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async onRequest(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const method = (req.method ?? 'GET').toUpperCase();
    const simulator = this.simulators.find(
      (s) =>
        url.pathname === s.prefix || url.pathname.startsWith(`${s.prefix}/`),
    );
    const vendor: SandboxVendor | undefined = simulator?.vendor;
    if (vendor === 'bitbucket') {
      this.clockOffset += this.options.clockStepPerBitbucketRequestMs ?? 0;
    }
    let routed: VendorRouteMatch | SandboxResponse;
    if (!simulator) {
      routed = { status: 404, body: { message: 'Not Found' } };
    } else {
      const sandboxRequest: SandboxRequest = {
        method,
        url,
        path: url.pathname.slice(simulator.prefix.length) || '/',
        headers: lowerHeaders(req.headers),
        body,
      };
      try {
        routed = simulator.route(sandboxRequest);
      } catch (error) {
        routed = {
          status: 500,
          body: { message: `Sandbox routing error: ${String(error)}` },
        };
      }
    }
    const match = isRouteMatch(routed) ? routed : undefined;
    const endpoint =
      match?.endpoint ?? (simulator ? UNKNOWN_PATH : UNKNOWN_VENDOR);
    const entry = this.stats.arrive({
      time: this.now(),
      method,
      path: redactPath(url),
      vendor,
      endpoint,
      status: 0,
      credential: match?.credential,
    });
    const faultRequest: FaultRequest = {
      vendor,
      endpoint,
      method,
      pathAndQuery: `${url.pathname}${url.search}`,
      credential: match?.credential,
      url,
    };
    const decision = this.faults.before(faultRequest);
    if (decision.applied.length > 0) entry.faults = decision.applied;
    if (decision.transport === 'reset') {
      await this.delay(decision.latencyMs);
      req.socket.destroy();
      return;
    }
    if (decision.transport === 'hang') {
      // Nothing is ever written: the client times out, or close() destroys
      // the socket.
      return;
    }
    let response: SandboxResponse;
    if (decision.response) {
      response = decision.response;
    } else if (match) {
      try {
        response = await match.handle();
      } catch (error) {
        response = {
          status: 500,
          body: { message: `Sandbox handler error: ${String(error)}` },
        };
      }
    } else {
      response = routed as SandboxResponse;
    }
    const mutated = this.faults.after(faultRequest, response, decision.applied);
    if (decision.applied.length > 0) entry.faults = decision.applied;
    const serialized = serialize({ ...response, body: mutated.body });
    const text = mutated.text ?? serialized.text;
    const jitter = this.options.jitterMs
      ? this.latencyRandom.int(0, this.options.jitterMs)
      : 0;
    await this.delay(
      (this.options.latencyMs ?? 0) + jitter + decision.latencyMs,
    );
    if (res.destroyed || this.closing) return;
    entry.status = response.status;
    if (
      decision.transport === 'cut-body' ||
      decision.transport === 'stall-body'
    ) {
      // Headers promise the whole body; half of it is sent, then the
      // connection closes (cut-body) or goes silent (stall-body; close()
      // destroys the socket).
      const bytes = Buffer.from(text);
      res.writeHead(response.status, {
        'content-type': serialized.contentType ?? 'application/json',
        'content-length': bytes.length,
      });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      if (decision.transport === 'cut-body') {
        setTimeout(() => req.socket.destroy(), 10);
      }
      return;
    }
    const headers: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(response.headers ?? {})) {
      headers[name.toLowerCase()] = value;
    }
    headers['content-length'] = Buffer.byteLength(text);
    if (serialized.contentType)
      headers['content-type'] = serialized.contentType;
    res.writeHead(response.status, headers);
    res.end(text);
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        const address = this.server.address() as AddressInfo;
        this.origin = `http://127.0.0.1:${address.port}`;
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // Keep-alive and hanging sockets would otherwise hold close() open.
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
    });
  }
}

/** The CircleCI account without the pipelines created after `time`. */
export function circleciAsOf(data: CircleCIData, time: number): CircleCIData {
  const pipelines = data.pipelines.filter(
    (p) => Date.parse(p.created_at) <= time,
  );
  const pipelineIds = new Set(pipelines.map((p) => p.id));
  const workflows = data.workflows.filter((w) =>
    pipelineIds.has(w.pipeline_id),
  );
  const workflowIds = new Set(workflows.map((w) => w.id));
  const jobs = data.jobs.filter((j) => workflowIds.has(j.workflowId));
  return { ...data, pipelines, workflows, jobs };
}

export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const dataset = createDataset(options.dataset ?? 'demo', {
    seed: options.seed,
    referenceTime: options.referenceTime,
    largeParams: options.largeParams,
  });
  if (options.circleciAsOf !== undefined) {
    dataset.circleci = circleciAsOf(dataset.circleci, options.circleciAsOf);
  }
  const server = new SandboxServer(dataset, options);
  await server.listen(options.port ?? 0);
  const origin = server.origin;
  const circleciBaseUrl = `${origin}/circleci/api/v2`;
  const bitbucketBaseUrl = `${origin}/bitbucket/2.0`;
  const bitbucketTokenUrl = `${origin}/bitbucket/site/oauth2/access_token`;
  let summary: DatasetSummary | undefined;
  return {
    origin,
    port: Number(new URL(origin).port),
    circleciBaseUrl,
    bitbucketBaseUrl,
    bitbucketTokenUrl,
    dataset,
    env(vendor: SandboxEnvVendor = 'both'): Record<string, string> {
      const circleci = {
        CIRCLECI_API_KEY: SANDBOX_CREDENTIALS.circleciApiKey,
        CIRCLECI_BASE_URL: circleciBaseUrl,
      };
      const bitbucket = {
        BITBUCKET_OAUTH_KEY: SANDBOX_CREDENTIALS.bitbucketOauthKey,
        BITBUCKET_OAUTH_SECRET: SANDBOX_CREDENTIALS.bitbucketOauthSecret,
        BITBUCKET_WORKSPACE: datasetWorkspaces(dataset).join(','),
        BITBUCKET_BASE_URL: bitbucketBaseUrl,
        BITBUCKET_TOKEN_URL: bitbucketTokenUrl,
      };
      if (vendor === 'circleci') return circleci;
      if (vendor === 'bitbucket') return bitbucket;
      return { ...circleci, ...bitbucket };
    },
    stats: () => server.snapshot(),
    requestLog: () => server.requestLog(),
    resetStats: () => server.resetStats(),
    setFaults: (rules) => server.setFaults(rules),
    advanceTime: (ms) => server.advanceTime(ms),
    now: () => server.now(),
    datasetSummary(): DatasetSummary {
      summary = summary ?? summarizeDataset(dataset);
      return summary;
    },
    close: () => server.close(),
  };
}
