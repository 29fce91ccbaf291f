/**
 * Pacing to a vendor's per-credential request budget (Bitbucket: 1,000
 * requests per rolling hour per OAuth consumer or user; access tokens get
 * the scaled limit the `X-RateLimit-Limit` header names, see
 * docs/vendor-apis.md). Instead of spending the budget at full speed, meeting
 * 429s and failing once a request's wait budget is spent, every attempt first
 * asks the pacer for a slot in its credential's rolling window. When the
 * window is full the attempt waits until the oldest request in it expires,
 * and the wait is logged once per pause with the progress so far. A run
 * stops only when a wait would end past the maximum run time, with an error
 * saying how much was left.
 *
 * `X-RateLimit-NearLimit: true` (the vendor's "less than 20% of the budget
 * left") spreads the remaining requests evenly over the window before any
 * 429. A 429 that still comes (the budget may be shared with other clients)
 * is handled as before: the transport's rate gate, the authenticator's
 * rotation and the retry decision.
 */
import { apiError } from './errors';
import { Clock, TransportLogger } from './types';

export interface PaceBudget {
  /** Requests per window, per credential. */
  limit: number;
  windowMs: number;
}

/** Which budget one request draws on (see Authenticator.budgetFor). */
export interface BudgetShare {
  /** Stable key of the budget, e.g. "access-token" or "oauth". */
  key: string;
  /** How the budget's owner is named in logs and errors (never a secret). */
  label: string;
  /** Credentials sharing the work under this key: their budgets add up. */
  credentials: number;
}

export interface PacerOptions {
  vendor: string;
  clock: Clock;
  /** The documented budget of one credential when no header names one. */
  defaultBudget: PaceBudget;
  /** No wait may end after this time (epoch ms); default: no limit. */
  deadline?: number;
  /** For the error when the deadline is hit, e.g. "maxRunHours (MAX_RUN_HOURS) = 6". */
  deadlineName?: string;
  logger?: TransportLogger;
  /** Requests waiting right now (the transport's queue), for the progress line. */
  queued?: () => number;
}

/** The status of the error thrown when pacing would pass the deadline. */
export const RUN_TIME_LIMIT_STATUS = 'RUN_TIME_LIMIT';

/** Share of the window kept free when the vendor says we are near the limit. */
const NEAR_LIMIT_SHARE = 0.2;

interface BudgetState {
  share: BudgetShare;
  /** Start times of the attempts in the current window, oldest first. */
  sent: number[];
  /** Per-credential limit named by the vendor's X-RateLimit-Limit header. */
  headerLimit?: number;
  nearLimit: boolean;
  /** When the pause being logged ends, so one pause logs once. */
  loggedPauseUntil: number;
  total: number;
}

function header(headers: Record<string, string>, name: string) {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function minutes(ms: number): string {
  return ms < 60_000
    ? `${Math.ceil(ms / 1000)} s`
    : `${Math.round(ms / 60_000)} min`;
}

export class CredentialPacer {
  private readonly budgets = new Map<string, BudgetState>();
  private readonly startedAt: number;

  constructor(private readonly options: PacerOptions) {
    this.startedAt = options.clock.now();
  }

  /** Requests per window of a budget key, all its credentials together. */
  limitOf(key: string): number {
    const state = this.budgets.get(key);
    if (!state) return this.options.defaultBudget.limit;
    const perCredential = state.headerLimit ?? this.options.defaultBudget.limit;
    return perCredential * Math.max(1, state.share.credentials);
  }

  /** Attempts counted per budget key since the pacer started. */
  counts(): Record<string, number> {
    return Object.fromEntries(
      [...this.budgets.entries()].map(([key, s]) => [key, s.total]),
    );
  }

  /**
   * Resolves when an attempt on `share` may go out, and counts it. Waits
   * (with one progress line per pause) while the window is full, and throws
   * when the wait would pass the deadline.
   */
  async acquire(share: BudgetShare): Promise<void> {
    for (;;) {
      await this.waitForRoom(share);
      if (this.take(share)) return;
    }
  }

  /**
   * Waits until the budget has room for one more attempt, without counting
   * it: the transport waits here before taking a concurrency slot, then
   * counts the attempt with take() as it goes out, so the time counted is
   * the time the vendor sees (not the time it queued).
   */
  async waitForRoom(share: BudgetShare): Promise<void> {
    const { clock } = this.options;
    const state = this.stateOf(share);
    for (;;) {
      const now = clock.now();
      const readyAt = this.readyAt(state, now);
      if (readyAt <= now) return;
      if (
        this.options.deadline !== undefined &&
        readyAt > this.options.deadline
      ) {
        throw this.deadlineError(state, readyAt, now);
      }
      if (readyAt > state.loggedPauseUntil) {
        state.loggedPauseUntil = readyAt;
        this.logPause(state, readyAt, now);
      }
      await clock.sleep(readyAt - now);
    }
  }

  /** Counts an attempt going out now, if the budget has room for it. */
  take(share: BudgetShare): boolean {
    const state = this.stateOf(share);
    const now = this.options.clock.now();
    if (this.readyAt(state, now) > now) return false;
    state.sent.push(now);
    state.total += 1;
    return true;
  }

  /** Reads the vendor's budget headers of an answer sent on `share`. */
  observe(share: BudgetShare, headers: Record<string, string>): void {
    const state = this.stateOf(share);
    const limit = Number(header(headers, 'x-ratelimit-limit'));
    if (Number.isInteger(limit) && limit > 0) state.headerLimit = limit;
    const near = header(headers, 'x-ratelimit-nearlimit');
    if (near !== undefined) state.nearLimit = /^true$/i.test(near.trim());
  }

  private stateOf(share: BudgetShare): BudgetState {
    let state = this.budgets.get(share.key);
    if (!state) {
      state = {
        share,
        sent: [],
        nearLimit: false,
        loggedPauseUntil: 0,
        total: 0,
      };
      this.budgets.set(share.key, state);
    }
    state.share = share;
    return state;
  }

  /** The earliest time the next attempt on this budget may go out. */
  private readyAt(state: BudgetState, now: number): number {
    const { windowMs } = this.options.defaultBudget;
    while (state.sent.length > 0 && state.sent[0] <= now - windowMs) {
      state.sent.shift();
    }
    const limit = this.limitOf(state.share.key);
    let at = now;
    if (state.sent.length >= limit) {
      at = Math.max(at, state.sent[state.sent.length - limit] + windowMs);
    }
    if (state.nearLimit && state.sent.length > 0) {
      // What is left of the window's budget, spread evenly over the window.
      const spacing = windowMs / Math.max(1, limit * NEAR_LIMIT_SHARE);
      at = Math.max(at, state.sent[state.sent.length - 1] + spacing);
    }
    return at;
  }

  private progress(state: BudgetState, readyAt: number, now: number) {
    const queued = this.options.queued?.() ?? 0;
    const limit = this.limitOf(state.share.key);
    const windows = Math.ceil(queued / limit);
    const finish =
      readyAt + Math.max(0, windows - 1) * this.options.defaultBudget.windowMs;
    return {
      done: state.total,
      queued,
      limit,
      resumeAt: new Date(readyAt).toISOString(),
      expectedFinish: new Date(Math.max(finish, now)).toISOString(),
    };
  }

  private logPause(state: BudgetState, readyAt: number, now: number) {
    const p = this.progress(state, readyAt, now);
    const { vendor, defaultBudget } = this.options;
    this.options.logger?.info(
      { vendor, budget: state.share.key, waitMs: readyAt - now, ...p },
      `${vendor}: the request budget of ${state.share.label} (${
        p.limit
      } per ${minutes(defaultBudget.windowMs)}) is spent; pausing ${minutes(
        readyAt - now,
      )} until ${p.resumeAt}. ${p.done} requests done on it so far, ${
        p.queued
      } waiting; at this pace the queued ones finish by about ${
        p.expectedFinish
      } (more are listed as the collection goes on).`,
    );
  }

  private deadlineError(state: BudgetState, readyAt: number, now: number) {
    const p = this.progress(state, readyAt, now);
    const { vendor } = this.options;
    const ranFor = minutes(now - this.startedAt);
    return apiError({
      endpoint: `${vendor} request budget`,
      status: RUN_TIME_LIMIT_STATUS,
      statusText: 'Maximum run time reached',
      message: `${vendor}: stopped pacing after ${ranFor}: the next request on ${
        state.share.label
      } may go out at ${p.resumeAt}, past the maximum run time (${
        this.options.deadlineName ?? 'deadline'
      }). ${p.done} requests were made on that budget; at least ${
        p.queued
      } were still waiting (about ${Math.ceil(
        p.queued / p.limit,
      )} more budget window(s)). Raise the maximum run time, add credentials with their own budget (Bitbucket access tokens or OAuth consumers), or collect less per run.`,
    });
  }
}
