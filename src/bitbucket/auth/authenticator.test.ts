import { IntegrationProviderAuthenticationError } from '@jupiterone/integration-sdk-core';
import { BitbucketCredential } from '../../config';
import {
  BitbucketAuthenticator,
  DEFAULT_CONSUMER_COOLDOWN_MS,
} from './authenticator';
import { hasScope, missingScopes, requiredScopes } from './scopes';

const C1: BitbucketCredential = { kind: 'oauth', key: 'k1', secret: 's1' };
const C2: BitbucketCredential = { kind: 'oauth', key: 'k2', secret: 's2' };
const API: BitbucketCredential = {
  kind: 'apiToken',
  username: 'me@example.com',
  token: 'api-secret',
};

function setup(credentials: BitbucketCredential[], expiresIn = 3600) {
  let now = 1_000_000;
  const issued: string[] = [];
  const auth = new BitbucketAuthenticator(credentials, {
    now: () => now,
    async requestToken(credential) {
      const token = `${credential.key}-token-${issued.length + 1}`;
      issued.push(token);
      return {
        access_token: token,
        expires_in: expiresIn,
        scopes: 'account project pullrequest',
      };
    },
  });
  return {
    auth,
    issued,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** The consumer key whose token a request's headers carry. */
function consumerOf(headers: Record<string, string>): string | undefined {
  return /^Bearer (k\d+)-token-\d+$/.exec(headers.Authorization)?.[1];
}

describe('BitbucketAuthenticator', () => {
  test('one token per consumer, reused until shortly before expiry', async () => {
    const { auth, issued, advance } = setup([C1]);
    await Promise.all([auth.headers(), auth.headers(), auth.headers()]);
    expect(issued).toEqual(['k1-token-1']);
    advance(54 * 60_000);
    expect(await auth.headers()).toEqual({
      Authorization: 'Bearer k1-token-1',
    });
    // 5 minutes before the one-hour expiry a new token is fetched.
    advance(60_000);
    expect(await auth.headers()).toEqual({
      Authorization: 'Bearer k1-token-2',
    });
    expect(issued).toEqual(['k1-token-1', 'k1-token-2']);
  });

  test('short-lived tokens refresh at 90% of their life', async () => {
    const { auth, issued, advance } = setup([C1], 60);
    await auth.headers();
    advance(53_000);
    await auth.headers();
    expect(issued).toHaveLength(1);
    advance(2_000);
    await auth.headers();
    expect(issued).toHaveLength(2);
  });

  test('a 401 refreshes once; parallel 401s share that refresh', async () => {
    const { auth, issued } = setup([C1]);
    await auth.headers();
    const results = await Promise.all([
      auth.onUnauthorized(),
      auth.onUnauthorized(),
      auth.onUnauthorized(),
    ]);
    expect(results).toEqual([true, true, true]);
    expect(issued).toEqual(['k1-token-1', 'k1-token-2']);
    expect(await auth.headers()).toEqual({
      Authorization: 'Bearer k1-token-2',
    });
  });

  test('an API token cannot be refreshed: a 401 is final', async () => {
    const { auth } = setup([API]);
    expect(await auth.headers()).toEqual({
      Authorization: `Basic ${Buffer.from('me@example.com:api-secret').toString(
        'base64',
      )}`,
    });
    expect(await auth.onUnauthorized()).toBe(false);
  });

  test('a 429 benches the consumer that sent the request and rotates to the next one', async () => {
    const { auth, advance } = setup([C1, C2]);
    const first = await auth.headers();
    expect(consumerOf(first)).toBe('k1');
    expect(await auth.onRateLimited(undefined, first)).toEqual({
      rotated: true,
    });
    const second = await auth.headers();
    expect(second).toEqual({ Authorization: 'Bearer k2-token-2' });
    // Consumer 2 is limited too: nobody is left, and without a Retry-After
    // nobody knows when one rests, so the transport backs off.
    advance(5_000);
    expect(await auth.onRateLimited(undefined, second)).toEqual({
      rotated: false,
    });
    // Consumer 1 rests DEFAULT_CONSUMER_COOLDOWN_MS from its 429; once it
    // has rested (consumer 2 still resting) the next request uses it.
    advance(DEFAULT_CONSUMER_COOLDOWN_MS - 5_000);
    expect(consumerOf(await auth.headers())).toBe('k1');
  });

  test('every consumer rate limited with Retry-After: wait for the earliest one, not spin', async () => {
    const { auth, advance } = setup([C1, C2]);
    const first = await auth.headers();
    expect(await auth.onRateLimited(120_000, first)).toEqual({
      rotated: true,
    });
    const second = await auth.headers();
    expect(consumerOf(second)).toBe('k2');
    advance(5_000);
    // Consumer 2 rests 1 s, consumer 1 another 115 s: wait 1 s for 2.
    expect(await auth.onRateLimited(1_000, second)).toEqual({
      rotated: false,
      waitMs: 1_000,
    });
    advance(1_000);
    expect(consumerOf(await auth.headers())).toBe('k2');
  });

  test('429s of requests sent with the consumer already left do not bench the new one', async () => {
    const { auth } = setup([C1, C2]);
    const first = await auth.headers();
    expect(await auth.onRateLimited(undefined, first)).toEqual({
      rotated: true,
    });
    expect(await auth.onRateLimited(undefined, first)).toEqual({
      rotated: true,
    });
    expect(consumerOf(await auth.headers())).toBe('k2');
  });

  test('a 401 with a token already replaced retries without a new token request', async () => {
    const { auth, issued } = setup([C1]);
    const old = await auth.headers();
    expect(await auth.onUnauthorized(old)).toBe(true);
    expect(issued).toEqual(['k1-token-1', 'k1-token-2']);
    // A second request that also sent token 1 reuses token 2.
    expect(await auth.onUnauthorized(old)).toBe(true);
    expect(issued).toEqual(['k1-token-1', 'k1-token-2']);
    // Token 2 itself answered 401: refreshed again.
    expect(await auth.onUnauthorized(await auth.headers())).toBe(true);
    expect(issued).toEqual(['k1-token-1', 'k1-token-2', 'k1-token-3']);
  });

  test('a token response without access_token is an authentication error naming the consumer, never "Bearer undefined"', async () => {
    const auth = new BitbucketAuthenticator([C1, C2], {
      now: () => 0,
      requestToken: (credential) =>
        Promise.resolve(
          credential.key === 'k2'
            ? ({ token_type: 'bearer', expires_in: 3600 } as never)
            : { access_token: 'k1-token', expires_in: 3600 },
        ),
    });
    await auth.authenticate(0);
    const err = await auth.authenticate(1).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect((err as Error).message).toBe(
      'Bitbucket OAuth consumer #2: the token endpoint answered without an access_token, so no request can be authenticated with this consumer. Check BITBUCKET_OAUTH_KEY / BITBUCKET_OAUTH_SECRET (bitbucketOauthKey / bitbucketOauthSecret) and BITBUCKET_TOKEN_URL.',
    );
    expect(auth.secrets().join(' ')).not.toContain('undefined');
  });

  test('secrets() lists every secret and issued token', async () => {
    const { auth } = setup([C1, API]);
    await auth.authenticateAll();
    const secrets = auth.secrets();
    expect(secrets).toEqual(
      expect.arrayContaining(['s1', 'api-secret', 'k1-token-1']),
    );
    expect(secrets).not.toContain('k1');
  });

  test('granted scopes are recorded per consumer, labelled without the key', async () => {
    const { auth } = setup([C1, API]);
    await auth.authenticateAll();
    expect(auth.grantedScopes()).toEqual([
      {
        label: 'OAuth consumer #1',
        scopes: ['account', 'project', 'pullrequest'],
      },
      { label: 'Atlassian API token', scopes: undefined },
    ]);
  });
});

describe('scopes', () => {
  test('broader scopes imply narrower ones', () => {
    const granted = ['pullrequest', 'repository:admin', 'project', 'account'];
    expect(missingScopes(granted, requiredScopes(true))).toEqual([]);
    expect(hasScope(['project:admin'], 'project')).toBe(false);
    expect(hasScope(['project'], 'repository')).toBe(true);
    expect(hasScope(['repository:admin'], 'repository')).toBe(false);
    expect(hasScope(['repository'], 'repository:admin')).toBe(false);
  });

  test('pullrequest is required only when PRs are ingested', () => {
    expect(
      missingScopes(['account', 'repository', 'project'], requiredScopes(true)),
    ).toEqual(['pullrequest']);
    expect(
      missingScopes(
        ['account', 'repository', 'project'],
        requiredScopes(false),
      ),
    ).toEqual([]);
    expect(missingScopes(['repository'], requiredScopes(false))).toEqual([
      'account',
      'project',
    ]);
  });
});
