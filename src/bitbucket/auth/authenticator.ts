import { Authenticator } from '../../http/types';
import { BitbucketCredential } from '../../config';
import { BitbucketTokenResponse } from '../client/types';

/** What the authenticator needs from the outside world (tests inject it). */
export interface BitbucketAuthDeps {
  /** POSTs the client_credentials grant for one consumer. */
  requestToken(
    credential: Extract<BitbucketCredential, { kind: 'oauth' }>,
  ): Promise<BitbucketTokenResponse>;
  now(): number;
  /** How long a consumer rests after a 429 without Retry-After. */
  defaultCooldownMs?: number;
}

/**
 * Bitbucket documents one-hour OAuth tokens ("Our access tokens expire in one
 * hour. When this happens you'll get 401 responses"); refreshing a few
 * minutes early keeps long PR steps from meeting that 401 at all.
 */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** Used when the token response has no expires_in (Bitbucket: 3600 s). */
const DEFAULT_TOKEN_LIFETIME_MS = 3600_000;
/**
 * Bitbucket's 429 usually carries no Retry-After and its window is a rolling
 * hour, so a rate-limited consumer rests this long before it is tried again
 * (unless every consumer rests; then the transport's backoff takes over).
 */
export const DEFAULT_CONSUMER_COOLDOWN_MS = 60_000;
/**
 * Requests already in flight when we switched consumers come back 429 from
 * the old consumer; a 429 this soon after a switch is attributed to the
 * consumer we left, so the new one is not benched by mistake.
 */
const SWITCH_GRACE_MS = 2_000;
/**
 * Parallel requests that used the expired token all come back 401; a 401
 * this soon after a 401-triggered refresh reuses that new token instead of
 * asking for yet another one.
 */
const REFRESH_REUSE_MS = 2_000;

interface CredentialState {
  credential: BitbucketCredential;
  token?: string;
  /** When to fetch a new token: a margin before expires_in runs out. */
  refreshAt?: number;
  /** When a 401 last caused a refresh. */
  refreshedOn401At?: number;
  scopes?: string[];
  pending?: Promise<string>;
  cooldownUntil: number;
  tokenRequests: number;
}

/** A label safe for logs: never the key, secret or token. */
export function describeCredential(
  credential: BitbucketCredential,
  index: number,
): string {
  return credential.kind === 'oauth'
    ? `OAuth consumer #${index + 1}`
    : 'Atlassian API token';
}

/**
 * Supplies Authorization headers over N Bitbucket credentials: OAuth
 * consumers (client_credentials; one token per consumer per run, cached and
 * refreshed before expiry or once on 401) and/or an Atlassian API token
 * (Basic email:token). On 429 the current credential cools down and the
 * next one that is not cooling takes over (rate limits are per consumer).
 */
export class BitbucketAuthenticator implements Authenticator {
  private readonly states: CredentialState[];
  private current = 0;
  private switchedAt = Number.NEGATIVE_INFINITY;
  private readonly cooldownMs: number;

  constructor(
    credentials: BitbucketCredential[],
    private readonly deps: BitbucketAuthDeps,
  ) {
    if (credentials.length === 0) {
      throw new Error('BitbucketAuthenticator needs at least one credential');
    }
    this.states = credentials.map((credential) => ({
      credential,
      cooldownUntil: 0,
      tokenRequests: 0,
    }));
    this.cooldownMs = deps.defaultCooldownMs ?? DEFAULT_CONSUMER_COOLDOWN_MS;
  }

  /** Index of the credential the next request uses (for tests and logs). */
  currentIndex(): number {
    return this.current;
  }

  currentLabel(): string {
    return describeCredential(
      this.states[this.current].credential,
      this.current,
    );
  }

  /** How many token requests each credential made (OAuth only). */
  tokenRequestCounts(): number[] {
    return this.states.map((s) => s.tokenRequests);
  }

  /** The scopes granted to each OAuth consumer (after authenticateAll). */
  grantedScopes(): Array<{ label: string; scopes?: string[] }> {
    return this.states.map((s, i) => ({
      label: describeCredential(s.credential, i),
      scopes: s.scopes,
    }));
  }

  /** Number of credentials (OAuth consumers and API token). */
  count(): number {
    return this.states.length;
  }

  /** Obtains a token for one OAuth consumer; no-op for the API token. */
  async authenticate(index: number): Promise<void> {
    const state = this.states[index];
    if (state.credential.kind === 'oauth') await this.token(state);
  }

  /** Obtains a token for every OAuth consumer (validation does this). */
  async authenticateAll(): Promise<void> {
    for (let index = 0; index < this.states.length; index += 1) {
      await this.authenticate(index);
    }
  }

  async headers(): Promise<Record<string, string>> {
    this.preferRestedCredential();
    const state = this.states[this.current];
    const { credential } = state;
    if (credential.kind === 'apiToken') {
      const basic = Buffer.from(
        `${credential.username}:${credential.token}`,
      ).toString('base64');
      return { Authorization: `Basic ${basic}` };
    }
    return { Authorization: `Bearer ${await this.token(state)}` };
  }

  async onUnauthorized(): Promise<boolean> {
    const state = this.states[this.current];
    if (state.credential.kind !== 'oauth') return false;
    if (state.pending) {
      await state.pending;
      return true;
    }
    const now = this.deps.now();
    if (
      state.refreshedOn401At !== undefined &&
      now - state.refreshedOn401At < REFRESH_REUSE_MS
    ) {
      // Another request already refreshed the token: retry with it.
      return true;
    }
    state.token = undefined;
    state.refreshedOn401At = now;
    await this.token(state);
    return true;
  }

  async onRateLimited(retryAfterMs: number | undefined): Promise<boolean> {
    const now = this.deps.now();
    if (now - this.switchedAt < SWITCH_GRACE_MS) {
      // Most likely a request sent with the consumer we just left.
      return this.states[this.current].cooldownUntil <= now;
    }
    const state = this.states[this.current];
    state.cooldownUntil = now + (retryAfterMs ?? this.cooldownMs);
    const next = this.restedIndex(now);
    if (next === undefined) return false;
    this.switchTo(next, now);
    return true;
  }

  secrets(): string[] {
    const values: string[] = [];
    for (const { credential, token } of this.states) {
      if (credential.kind === 'oauth') {
        values.push(credential.secret);
        values.push(
          Buffer.from(`${credential.key}:${credential.secret}`).toString(
            'base64',
          ),
        );
      } else {
        values.push(credential.token);
        values.push(
          Buffer.from(`${credential.username}:${credential.token}`).toString(
            'base64',
          ),
        );
      }
      if (token) values.push(token);
    }
    return values;
  }

  /** After a cooldown ends, go back to no-op; when current rests, move on. */
  private preferRestedCredential(): void {
    const now = this.deps.now();
    if (this.states[this.current].cooldownUntil <= now) return;
    const next = this.restedIndex(now);
    if (next !== undefined) {
      this.switchTo(next, now);
      return;
    }
    // Everyone rests: use the one whose cooldown ends first.
    let best = 0;
    this.states.forEach((s, i) => {
      if (s.cooldownUntil < this.states[best].cooldownUntil) best = i;
    });
    if (best !== this.current) this.switchTo(best, now);
  }

  private restedIndex(now: number): number | undefined {
    for (let step = 1; step <= this.states.length; step += 1) {
      const index = (this.current + step) % this.states.length;
      if (this.states[index].cooldownUntil <= now) return index;
    }
    return undefined;
  }

  private switchTo(index: number, now: number): void {
    this.current = index;
    this.switchedAt = now;
  }

  private token(state: CredentialState): Promise<string> {
    const now = this.deps.now();
    if (state.token && state.refreshAt !== undefined && now < state.refreshAt) {
      return Promise.resolve(state.token);
    }
    if (state.pending) return state.pending;
    const { credential } = state;
    if (credential.kind !== 'oauth') {
      return Promise.reject(new Error('not an OAuth consumer'));
    }
    state.tokenRequests += 1;
    state.pending = this.deps
      .requestToken(credential)
      .then((response) => {
        const issuedAt = this.deps.now();
        state.token = response.access_token;
        const lifetime =
          response.expires_in !== undefined
            ? response.expires_in * 1000
            : DEFAULT_TOKEN_LIFETIME_MS;
        // Short-lived tokens (tests) refresh at 90% of their life instead.
        state.refreshAt =
          issuedAt +
          lifetime -
          Math.min(TOKEN_REFRESH_MARGIN_MS, lifetime / 10);
        state.scopes = (response.scopes ?? '')
          .split(/[\s,]+/)
          .filter((scope) => scope !== '');
        return response.access_token;
      })
      .finally(() => {
        state.pending = undefined;
      });
    return state.pending;
  }
}
