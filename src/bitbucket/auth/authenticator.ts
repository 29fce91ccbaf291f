import { authenticationError } from '../../http/errors';
import { Authenticator, RateLimitAdvice } from '../../http/types';
import { BitbucketCredential } from '../../config';
import { BitbucketTokenResponse } from '../client/responses/token';

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
interface CredentialState {
  credential: BitbucketCredential;
  index: number;
  token?: string;
  /** When to fetch a new token: a margin before expires_in runs out. */
  refreshAt?: number;
  scopes?: string[];
  pending?: Promise<string>;
  cooldownUntil: number;
  /** Whether cooldownUntil is the vendor's Retry-After (not our default). */
  cooldownNamedByVendor: boolean;
}

/** The Authorization header value among headers as sent (any case). */
function sentAuthorization(headers: Record<string, string> | undefined) {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'authorization') return value;
  }
  return undefined;
}

function basicOf(
  credential: Extract<BitbucketCredential, { kind: 'apiToken' }>,
): string {
  return Buffer.from(`${credential.username}:${credential.token}`).toString(
    'base64',
  );
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
  private readonly cooldownMs: number;

  constructor(
    credentials: BitbucketCredential[],
    private readonly deps: BitbucketAuthDeps,
  ) {
    if (credentials.length === 0) {
      throw new Error('BitbucketAuthenticator needs at least one credential');
    }
    this.states = credentials.map((credential, index) => ({
      credential,
      index,
      cooldownUntil: 0,
      cooldownNamedByVendor: false,
    }));
    this.cooldownMs = deps.defaultCooldownMs ?? DEFAULT_CONSUMER_COOLDOWN_MS;
  }

  currentLabel(): string {
    return describeCredential(
      this.states[this.current].credential,
      this.current,
    );
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
    return { Authorization: await this.authorization(state) };
  }

  /**
   * A 401 means the token the request sent has expired (Bitbucket: "When
   * this happens you'll get 401 responses"). Only that token is replaced:
   * when the request sent an older token than the current one (another
   * request already refreshed), it is simply retried with the current one,
   * so N parallel 401s cost one token request.
   */
  async onUnauthorized(sentHeaders?: Record<string, string>): Promise<boolean> {
    const sent = sentAuthorization(sentHeaders);
    const state = this.stateSending(sent) ?? this.states[this.current];
    if (state.credential.kind !== 'oauth') return false;
    if (state.pending) {
      await state.pending;
      return true;
    }
    if (sent !== undefined && state.token && sent !== `Bearer ${state.token}`) {
      return true;
    }
    state.token = undefined;
    await this.token(state);
    return true;
  }

  /**
   * Benches the credential the rate-limited request was sent with (not
   * whichever is current by now: requests sent before a switch come back
   * 429 from the consumer that was left). Rotates to a rested credential if
   * there is one; otherwise says how long until the first one has rested,
   * when the vendor named that time.
   */
  async onRateLimited(
    retryAfterMs: number | undefined,
    sentHeaders?: Record<string, string>,
  ): Promise<RateLimitAdvice> {
    const now = this.deps.now();
    const state =
      this.stateSending(sentAuthorization(sentHeaders)) ??
      this.states[this.current];
    const until = now + (retryAfterMs ?? this.cooldownMs);
    if (until > state.cooldownUntil) {
      state.cooldownUntil = until;
      state.cooldownNamedByVendor = retryAfterMs !== undefined;
    }
    if (this.states[this.current].cooldownUntil <= now) {
      return { rotated: true };
    }
    const next = this.restedIndex(now);
    if (next !== undefined) {
      this.current = next;
      return { rotated: true };
    }
    const earliest = this.earliestRested();
    this.current = earliest.index;
    return earliest.cooldownNamedByVendor
      ? { rotated: false, waitMs: Math.max(0, earliest.cooldownUntil - now) }
      : { rotated: false };
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
        values.push(basicOf(credential));
      }
      if (token) values.push(token);
    }
    return values;
  }

  /** When the current credential rests, move to one that does not. */
  private preferRestedCredential(): void {
    const now = this.deps.now();
    if (this.states[this.current].cooldownUntil <= now) return;
    // Everyone rests: use the one whose cooldown ends first.
    this.current = this.restedIndex(now) ?? this.earliestRested().index;
  }

  private earliestRested(): CredentialState {
    return this.states.reduce((best, s) =>
      s.cooldownUntil < best.cooldownUntil ? s : best,
    );
  }

  private restedIndex(now: number): number | undefined {
    for (let step = 1; step <= this.states.length; step += 1) {
      const index = (this.current + step) % this.states.length;
      if (this.states[index].cooldownUntil <= now) return index;
    }
    return undefined;
  }

  /** The credential whose Authorization header value this is, if any. */
  private stateSending(authorization: string | undefined) {
    if (authorization === undefined) return undefined;
    return this.states.find((s) =>
      s.credential.kind === 'oauth'
        ? s.token !== undefined && authorization === `Bearer ${s.token}`
        : authorization === `Basic ${basicOf(s.credential)}`,
    );
  }

  private async authorization(state: CredentialState): Promise<string> {
    const { credential } = state;
    if (credential.kind === 'apiToken') return `Basic ${basicOf(credential)}`;
    return `Bearer ${await this.token(state)}`;
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
    state.pending = this.deps
      .requestToken(credential)
      .then((response) => {
        const issuedAt = this.deps.now();
        const token: unknown = response?.access_token;
        if (typeof token !== 'string' || token.trim() === '') {
          // Never "Bearer undefined": the token endpoint answered 2xx
          // without a token, which no retry will fix.
          throw authenticationError({
            endpoint: 'POST /site/oauth2/access_token',
            status: 'NO_ACCESS_TOKEN',
            statusText: 'No access_token',
            message: `Bitbucket ${describeCredential(
              credential,
              state.index,
            )}: the token endpoint answered without an access_token, so no request can be authenticated with this consumer. Check BITBUCKET_OAUTH_KEY / BITBUCKET_OAUTH_SECRET (bitbucketOauthKey / bitbucketOauthSecret) and BITBUCKET_TOKEN_URL.`,
          });
        }
        state.token = token;
        const lifetime =
          response.expires_in !== undefined
            ? response.expires_in * 1000
            : DEFAULT_TOKEN_LIFETIME_MS;
        // Short-lived tokens (tests) refresh at 90% of their life instead.
        state.refreshAt =
          issuedAt +
          lifetime -
          Math.min(TOKEN_REFRESH_MARGIN_MS, lifetime / 10);
        state.scopes = (
          typeof response.scopes === 'string' ? response.scopes : ''
        )
          .split(/[\s,]+/)
          .filter((scope) => scope !== '');
        return token;
      })
      .finally(() => {
        state.pending = undefined;
      });
    return state.pending;
  }
}
