/**
 * Fault injection: the failure modes the integration's transport must
 * survive, each modelled on what the vendors really do (vendor-apis.md §1.3,
 * §2.3, prior-art.md known issues). Rules match requests by vendor, endpoint
 * label, path regex, method and credential, and fire on the next `times`
 * matches or with a `probability` drawn from the seeded random source.
 */
import { SeededRandom } from './random';
import { SandboxResponse } from './types';

export type SandboxVendor = 'circleci' | 'bitbucket';

export interface FaultMatch {
  vendor?: SandboxVendor;
  /** Exact endpoint label, e.g. `GET /workflow/{id}/job`. */
  endpoint?: string;
  /** Regex tested against the request's pathname plus query string (with the vendor prefix). */
  path?: string | RegExp;
  method?: string;
  /** Credential identity as the simulator reports it (e.g. `circleci:<login>`). */
  credential?: string;
}

export interface FaultLimits {
  /** Fire on the next N matching requests only (default: every match). */
  times?: number;
  /** Fire with this probability per matching request (seeded; default 1). */
  probability?: number;
  /**
   * Active only from this sandbox-clock time (epoch ms) on, and before
   * `until`: a storm that starts mid-run and ends.
   */
  from?: number;
  until?: number;
}

export type FaultAction =
  /** Added delay (timers, never blocking); several latency rules add up. */
  | { kind: 'latency'; ms: number; jitterMs?: number }
  /**
   * Answer with this status instead of calling the handler, in the vendor's
   * error shape unless `body` is given. An array cycles (a 500/502/503 burst).
   */
  | {
      kind: 'status';
      status: number | number[];
      retryAfterSeconds?: number;
      body?: unknown;
    }
  /**
   * The vendor's own 429: CircleCI `{"message":"Rate limit exceeded."}` with
   * `Retry-After` (default 1 s; null omits it, "in most cases" it is sent);
   * Bitbucket text/plain `Rate limit for this resource has been exceeded`
   * without `Retry-After` (as captured in the wild) unless one is given.
   */
  | { kind: 'rate-limit'; retryAfterSeconds?: number | null }
  /** Destroy the socket without answering (ECONNRESET / socket hang up). */
  | { kind: 'reset' }
  /** Never answer; the socket stays open until the client gives up or the sandbox closes. */
  | { kind: 'hang' }
  /**
   * Headers promising the whole body, the first half of it, then the
   * connection closes (Content-Length never reached).
   */
  | { kind: 'cut-body' }
  /** Headers and the first half of the body, then silence; the socket stays open. */
  | { kind: 'stall-body' }
  /**
   * A listing that never ends: the first page's next link/token is replaced
   * by a fresh one, and every page it leads to is empty with yet another
   * fresh next (CircleCI `page-token=endless-N`, Bitbucket `endless=N`).
   */
  | { kind: 'endless-pages' }
  /** Send the first half of the JSON body (complete HTTP response, unparseable body). */
  | { kind: 'truncated-json' }
  /** Send JSON with a syntax error. */
  | { kind: 'malformed-json' }
  /**
   * CircleCI: `next_page_token` = the request's own `page-token` (only on
   * requests that carry one). Bitbucket: `next` = the request's own URL.
   */
  | { kind: 'repeat-page' }
  /** Bitbucket: `next` points at `http://foreign.invalid/...` (never contacted). */
  | { kind: 'foreign-next' }
  /**
   * Requests allowed per credential per rolling window (Bitbucket's
   * 1,000/hour scaled down); once spent, the vendor's 429 without Retry-After.
   * Counts every matching request; `times` and `probability` do not apply.
   */
  | { kind: 'budget'; limit: number; windowMs: number };

export type FaultKind = FaultAction['kind'];

export type FaultRule = FaultAction & FaultMatch & FaultLimits;

export interface FaultRequest {
  vendor?: SandboxVendor;
  endpoint: string;
  method: string;
  /** Pathname plus query string as received. */
  pathAndQuery: string;
  credential?: string;
  url: URL;
}

export interface PreDecision {
  latencyMs: number;
  /** Replaces the handler's response. */
  response?: SandboxResponse;
  transport?: 'reset' | 'hang' | 'cut-body' | 'stall-body';
  /** Kinds that fired, for the request log. */
  applied: FaultKind[];
}

interface RuleState {
  rule: FaultRule;
  remaining: number;
  fired: number;
  /** Budget rules: request times per credential. */
  spent: Map<string, number[]>;
}

const BODY_KINDS: FaultKind[] = [
  'endless-pages',
  'truncated-json',
  'malformed-json',
  'repeat-page',
  'foreign-next',
];

export const FOREIGN_ORIGIN = 'http://foreign.invalid';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** An error answer in the vendor's own error shape. */
export function vendorError(
  vendor: SandboxVendor | undefined,
  status: number,
  message = STATUS_TEXT[status] ?? `HTTP ${status}`,
): SandboxResponse {
  if (vendor === 'bitbucket') {
    return { status, body: { type: 'error', error: { message } } };
  }
  return { status, body: { message } };
}

/** The vendor's rate-limit answer (see the `rate-limit` fault). */
export function vendorRateLimit(
  vendor: SandboxVendor | undefined,
  retryAfterSeconds: number | null | undefined,
): SandboxResponse {
  if (vendor === 'bitbucket') {
    return {
      status: 429,
      headers: {
        'content-type': 'text/plain',
        ...(typeof retryAfterSeconds === 'number'
          ? { 'retry-after': String(retryAfterSeconds) }
          : {}),
      },
      body: 'Rate limit for this resource has been exceeded',
    };
  }
  const seconds = retryAfterSeconds === undefined ? 1 : retryAfterSeconds;
  return {
    status: 429,
    headers: seconds === null ? {} : { 'retry-after': String(seconds) },
    body: { message: 'Rate limit exceeded.' },
  };
}

/** CircleCI's endless token / Bitbucket's endless page number, if any. */
function endlessMarker(req: FaultRequest): number | undefined {
  const value =
    req.vendor === 'circleci'
      ? req.url.searchParams.get('page-token')?.replace(/^endless-/, '#')
      : `#${req.url.searchParams.get('endless') ?? ''}`;
  if (!value?.startsWith('#') || value === '#') return undefined;
  const n = Number(value.slice(1));
  return Number.isInteger(n) ? n : undefined;
}

function endlessNext(req: FaultRequest, n: number): Record<string, unknown> {
  if (req.vendor === 'circleci') {
    return { next_page_token: `endless-${n}` };
  }
  const next = new URL(req.url.href);
  next.searchParams.set('endless', String(n));
  return { next: next.toString() };
}

function matches(rule: FaultRule, req: FaultRequest): boolean {
  if (rule.vendor !== undefined && rule.vendor !== req.vendor) return false;
  if (rule.endpoint !== undefined && rule.endpoint !== req.endpoint) {
    return false;
  }
  if (
    rule.method !== undefined &&
    rule.method.toUpperCase() !== req.method.toUpperCase()
  ) {
    return false;
  }
  if (rule.credential !== undefined && rule.credential !== req.credential) {
    return false;
  }
  if (rule.path !== undefined) {
    const regex =
      typeof rule.path === 'string' ? new RegExp(rule.path) : rule.path;
    // A caller's /g regex keeps state between test() calls.
    regex.lastIndex = 0;
    if (!regex.test(req.pathAndQuery)) return false;
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FaultEngine {
  private states: RuleState[] = [];

  constructor(
    rules: readonly FaultRule[],
    private readonly random: SeededRandom,
    private readonly now: () => number,
  ) {
    this.setRules(rules);
  }

  setRules(rules: readonly FaultRule[]): void {
    this.states = rules.map((rule) => ({
      rule,
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
      fired: 0,
      spent: new Map(),
    }));
  }

  /** Whether a rule fires now (consumes `times` and draws `probability`). */
  private fire(state: RuleState): boolean {
    if (state.remaining <= 0) return false;
    const now = this.now();
    if (state.rule.from !== undefined && now < state.rule.from) return false;
    if (state.rule.until !== undefined && now >= state.rule.until) {
      return false;
    }
    const probability = state.rule.probability ?? 1;
    if (probability < 1 && this.random.next() >= probability) return false;
    state.remaining -= 1;
    state.fired += 1;
    return true;
  }

  /** Decisions taken before the handler runs. */
  before(req: FaultRequest): PreDecision {
    const decision: PreDecision = { latencyMs: 0, applied: [] };
    for (const state of this.states) {
      const rule = state.rule;
      if (rule.kind === 'endless-pages' && matches(rule, req)) {
        // Pages the fault itself invented are answered here: the vendor
        // simulator would reject their tokens.
        const n = endlessMarker(req);
        if (n !== undefined && !decision.response) {
          decision.response = {
            status: 200,
            body: {
              [req.vendor === 'circleci' ? 'items' : 'values']: [],
              ...endlessNext(req, n + 1),
            },
          };
          decision.applied.push('endless-pages');
        }
        continue;
      }
      if (BODY_KINDS.includes(rule.kind) || !matches(rule, req)) continue;
      if (rule.kind === 'budget') {
        if (this.budgetSpent(state, req) && !decision.response) {
          decision.response = vendorRateLimit(req.vendor, null);
          decision.applied.push('budget');
        }
        continue;
      }
      if (rule.kind === 'latency') {
        if (this.fire(state)) {
          decision.latencyMs +=
            rule.ms +
            (rule.jitterMs
              ? this.random.int(0, Math.max(0, rule.jitterMs))
              : 0);
          decision.applied.push('latency');
        }
        continue;
      }
      if (decision.response || decision.transport) continue;
      if (!this.fire(state)) continue;
      decision.applied.push(rule.kind);
      switch (rule.kind) {
        case 'reset':
        case 'hang':
        case 'cut-body':
        case 'stall-body':
          decision.transport = rule.kind;
          break;
        case 'rate-limit':
          decision.response = vendorRateLimit(
            req.vendor,
            rule.retryAfterSeconds,
          );
          break;
        case 'status': {
          const statuses = Array.isArray(rule.status)
            ? rule.status
            : [rule.status];
          const status = statuses[(state.fired - 1) % statuses.length];
          const base =
            rule.body !== undefined
              ? { status, body: rule.body }
              : status === 429
              ? vendorRateLimit(req.vendor, rule.retryAfterSeconds ?? null)
              : vendorError(req.vendor, status);
          decision.response = {
            ...base,
            headers: {
              ...base.headers,
              ...(rule.retryAfterSeconds !== undefined
                ? { 'retry-after': String(rule.retryAfterSeconds) }
                : {}),
            },
          };
          break;
        }
      }
    }
    return decision;
  }

  private budgetSpent(state: RuleState, req: FaultRequest): boolean {
    if (state.rule.kind !== 'budget') return false;
    const key = req.credential ?? 'anonymous';
    const now = this.now();
    const windowStart = now - state.rule.windowMs;
    const times = (state.spent.get(key) ?? []).filter((t) => t > windowStart);
    const spent = times.length >= state.rule.limit;
    // Rejected requests are not counted: the window drains as time passes.
    if (!spent) times.push(now);
    state.spent.set(key, times);
    return spent;
  }

  /**
   * Body faults applied to a handler's JSON answer: structural ones
   * (repeat-page, foreign-next) change the object, textual ones the text.
   * Returns the text to send when a textual fault fired.
   */
  after(
    req: FaultRequest,
    response: SandboxResponse,
    applied: FaultKind[],
  ): { body: unknown; text?: string } {
    let body = response.body;
    let text: string | undefined;
    for (const state of this.states) {
      const rule = state.rule;
      if (!BODY_KINDS.includes(rule.kind) || !matches(rule, req)) continue;
      if (!isObject(body) && !Array.isArray(body)) continue;
      if (rule.kind === 'endless-pages') {
        if (endlessMarker(req) !== undefined || !isObject(body)) continue;
        const listKey = req.vendor === 'circleci' ? 'items' : 'values';
        if (!Array.isArray(body[listKey]) || !this.fire(state)) continue;
        body = { ...body, ...endlessNext(req, 1) };
        applied.push(rule.kind);
        continue;
      }
      if (rule.kind === 'repeat-page' || rule.kind === 'foreign-next') {
        const next = this.structural(rule.kind, req, body);
        if (next === undefined || !this.fire(state)) continue;
        body = next;
        applied.push(rule.kind);
        continue;
      }
      if (text !== undefined || !this.fire(state)) continue;
      const serialized = JSON.stringify(body);
      text =
        rule.kind === 'truncated-json'
          ? serialized.slice(0, Math.floor(serialized.length / 2))
          : serialized.includes(':')
          ? serialized.replace(':', ' ')
          : `{${serialized}`;
      applied.push(rule.kind);
    }
    return { body, text };
  }

  private structural(
    kind: 'repeat-page' | 'foreign-next',
    req: FaultRequest,
    body: unknown,
  ): Record<string, unknown> | undefined {
    if (!isObject(body)) return undefined;
    if (req.vendor === 'circleci') {
      const token = req.url.searchParams.get('page-token');
      // A token can only repeat on a request that carries one; CircleCI
      // tokens cannot name a host, so foreign-next does not apply.
      if (kind !== 'repeat-page' || token === null) return undefined;
      if (!('next_page_token' in body)) return undefined;
      return { ...body, next_page_token: token };
    }
    if (!Array.isArray(body.values)) return undefined;
    return {
      ...body,
      next:
        kind === 'repeat-page'
          ? req.url.toString()
          : `${FOREIGN_ORIGIN}${req.url.pathname}${req.url.search}`,
    };
  }
}

const KINDS: FaultKind[] = [
  'latency',
  'status',
  'rate-limit',
  'reset',
  'hang',
  'cut-body',
  'stall-body',
  'endless-pages',
  'truncated-json',
  'malformed-json',
  'repeat-page',
  'foreign-next',
  'budget',
];

/** Validates rules read from JSON (CLI file or flag); throws a readable error. */
export function parseFaultRules(value: unknown): FaultRule[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    if (!isObject(item) || typeof item.kind !== 'string') {
      throw new Error(`Fault rule ${index} needs a "kind"`);
    }
    if (!KINDS.includes(item.kind as FaultKind)) {
      throw new Error(
        `Fault rule ${index}: unknown kind "${item.kind}" (one of ${KINDS.join(
          ', ',
        )})`,
      );
    }
    if (item.kind === 'latency' && typeof item.ms !== 'number') {
      throw new Error(`Fault rule ${index}: latency needs "ms"`);
    }
    if (
      item.kind === 'status' &&
      typeof item.status !== 'number' &&
      !Array.isArray(item.status)
    ) {
      throw new Error(`Fault rule ${index}: status needs "status"`);
    }
    if (
      item.kind === 'budget' &&
      (typeof item.limit !== 'number' || typeof item.windowMs !== 'number')
    ) {
      throw new Error(
        `Fault rule ${index}: budget needs "limit" and "windowMs"`,
      );
    }
    return item as unknown as FaultRule;
  });
}
