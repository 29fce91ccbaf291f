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
    expect(auth.tokenRequestCounts()).toEqual([2]);
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

  test('a 429 benches the consumer and rotates to the next one', async () => {
    const { auth, advance } = setup([C1, C2]);
    await auth.headers();
    expect(auth.currentIndex()).toBe(0);
    expect(await auth.onRateLimited(undefined)).toBe(true);
    expect(auth.currentIndex()).toBe(1);
    expect(await auth.headers()).toEqual({
      Authorization: 'Bearer k2-token-2',
    });
    // Consumer 2 is limited too (after the grace period): nobody is left.
    advance(5_000);
    expect(await auth.onRateLimited(undefined)).toBe(false);
    // Consumer 1 rests DEFAULT_CONSUMER_COOLDOWN_MS from its 429; once it
    // has rested (consumer 2 still resting) the next request uses it.
    advance(DEFAULT_CONSUMER_COOLDOWN_MS - 1_000);
    await auth.headers();
    expect(auth.currentIndex()).toBe(0);
  });

  test('Retry-After sets the cooldown', async () => {
    const { auth, advance } = setup([C1, C2]);
    await auth.headers();
    await auth.onRateLimited(120_000);
    expect(auth.currentIndex()).toBe(1);
    advance(5_000);
    await auth.onRateLimited(1_000);
    // Consumer 2 rests 1 s, consumer 1 two minutes: 2 is chosen again.
    advance(1_000);
    await auth.headers();
    expect(auth.currentIndex()).toBe(1);
  });

  test('429s of requests sent before a switch do not bench the new consumer', async () => {
    const { auth } = setup([C1, C2]);
    await auth.headers();
    expect(await auth.onRateLimited(undefined)).toBe(true);
    expect(await auth.onRateLimited(undefined)).toBe(true);
    expect(auth.currentIndex()).toBe(1);
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
