import {
  expectNoFragmentOf,
  instantTransport,
} from './test-support/instant-transport';
/**
 * Issue 9's transport items against a scripted loopback server: body
 * stalls and cut-short bodies, token refresh at concurrency 1, the
 * vendor-wide pause capped at the budget, waits for the earliest rested
 * credential, and redaction before truncation.
 */
import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';
import { captureLogger } from './test-support/capture-logger';
import { InstantClock } from './test-support/fake-clock';
import {
  reply,
  ScriptedServer,
  startScriptedServer,
} from './test-support/scripted-server';
import { createTransport } from './transport';
import { Authenticator, HttpTransport, RateLimitAdvice } from './types';

jest.setTimeout(20_000);

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const BODY = JSON.stringify({
  items: ['a', 'b', 'c'],
  padding: 'x'.repeat(200),
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
  }
  throw new Error('expected the request to fail');
}

/** No run may take longer than this much real time. */
function deadline<T>(promise: Promise<T>, ms: number, what: string) {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what}: no result within ${ms} ms (hang)`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

describe('response bodies that stall or end early', () => {
  test('a body cut short (Content-Length not reached) is retried at once, not after the 5 s timeout', async () => {
    server = await startScriptedServer([
      reply.cutShort(BODY, 40),
      reply.json(200, JSON.parse(BODY)),
    ]);
    const transport = instantTransport({
      vendor: 'CircleCI',
      baseUrl: `${server.origin}/api/v2`,
      timeoutMs: 5_000,
      readTimeoutMs: 3_000,
    });
    const started = Date.now();
    const response = await transport.requestJson<{ items: string[] }>({
      url: 'pipeline',
      endpoint: 'GET /pipeline',
    });
    expect(response.body.items).toEqual(['a', 'b', 'c']);
    expect(server.requests).toHaveLength(2);
    // Seen when the connection closes, not when a timer runs out.
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  test('a body that stalls is aborted after the read timeout and retried', async () => {
    server = await startScriptedServer([
      reply.stall(BODY, 40),
      reply.json(200, JSON.parse(BODY)),
    ]);
    const logger = captureLogger();
    const transport = instantTransport({
      vendor: 'CircleCI',
      baseUrl: `${server.origin}/api/v2`,
      timeoutMs: 10_000,
      readTimeoutMs: 300,
      logger,
    });
    const started = Date.now();
    await transport.requestJson({ url: 'pipeline', endpoint: 'GET /pipeline' });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(2);
    expect(logger.calls.map((c) => c.msg)).toEqual([
      'CircleCI GET /pipeline answered NETWORK_ERROR; retrying in 250 ms',
    ]);
  });

  test('a body that always stalls fails with a retryable network error naming the read timeout', async () => {
    server = await startScriptedServer(() => reply.stall(BODY, 10));
    const transport = instantTransport({
      vendor: 'CircleCI',
      baseUrl: `${server.origin}/api/v2`,
      timeoutMs: 10_000,
      readTimeoutMs: 100,
    });
    const err = await failure(
      transport.requestJson({ url: 'me', endpoint: 'GET /me' }),
    );
    expect(err).toBeInstanceOf(IntegrationProviderAPIError);
    expect(err.message).toBe(
      `CircleCI request failed at GET ${server.origin}/api/v2/me: network failure (response body stalled: no data for 100 ms); retries exhausted after 2 attempts (waited 250 ms)`,
    );
  });
});

describe('token refresh never waits for a slot held by a request waiting for it', () => {
  /**
   * An authenticator that, like the Bitbucket one, fetches its token
   * through the transport it serves (noAuth), with tokens that expire after
   * `uses` requests.
   */
  function selfServingAuth(transportRef: { current?: HttpTransport }) {
    let token: string | undefined;
    let pending: Promise<string> | undefined;
    let issued = 0;
    const fetchToken = () => {
      pending ??= (transportRef.current as HttpTransport)
        .requestJson<{ access_token: string }>({
          method: 'POST',
          url: '/token',
          endpoint: 'POST /token',
          noAuth: true,
        })
        .then(({ body }) => {
          token = body.access_token;
          return token;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    };
    const auth: Authenticator = {
      headers: async () => ({
        Authorization: `Bearer ${token ?? (await fetchToken())}`,
      }),
      onUnauthorized: async (sent) => {
        if (sent.authorization === `Bearer ${token}`) {
          token = undefined;
          await fetchToken();
        }
        return true;
      },
      secrets: () => (token ? [token] : []),
    };
    return {
      auth,
      issuedCount: () => issued,
      issue: () => {
        issued += 1;
        return `tok-${issued}`;
      },
    };
  }

  test.each([1, 6])(
    'concurrency %i: 60 requests across three token expiries all succeed',
    async (concurrency) => {
      const ref: { current?: HttpTransport } = {};
      const { auth, issue, issuedCount } = selfServingAuth(ref);
      let valid = '';
      let usesLeft = 0;
      server = await startScriptedServer((req) => {
        if (req.url === '/token') {
          valid = issue();
          usesLeft = 18; // the token "expires" after 18 answered requests
          return reply.delayed(5, reply.json(200, { access_token: valid }));
        }
        if (req.headers.authorization !== `Bearer ${valid}` || usesLeft <= 0) {
          return reply.delayed(5, reply.json(401, { error: 'expired' }));
        }
        usesLeft -= 1;
        return reply.delayed(5, reply.json(200, { ok: true }));
      });
      ref.current = createTransport({
        vendor: 'Bitbucket',
        baseUrl: server.origin,
        concurrency,
        auth,
        clock: new InstantClock(),
      });
      const transport = ref.current;
      const results = await deadline(
        Promise.all(
          Array.from({ length: 60 }, (_, i) =>
            transport.requestJson<{ ok: boolean }>({
              url: `/r/${i}`,
              endpoint: 'GET /r/{i}',
            }),
          ),
        ),
        10_000,
        `concurrency ${concurrency}`,
      );
      expect(results.every((r) => r.body.ok)).toBe(true);
      // 60 requests at 18 per token: the first token and at least three
      // refreshes after expiry.
      expect(issuedCount()).toBeGreaterThanOrEqual(4);
    },
  );
});

describe('Retry-After longer than the budget', () => {
  test('fails that request at once, closes the gate for the budget only, and later requests proceed', async () => {
    server = await startScriptedServer((req) =>
      req.url === '/api/v2/slow'
        ? reply.json(
            429,
            { message: 'Rate limit exceeded.' },
            { 'retry-after': '86400' },
          )
        : reply.json(200, { ok: true }),
    );
    const clock = new InstantClock();
    const transport = createTransport({
      vendor: 'CircleCI',
      baseUrl: `${server.origin}/api/v2`,
      clock,
      retry: { maxTotalWaitMs: 5_000 },
    });
    const err = await failure(
      transport.requestJson({ url: 'slow', endpoint: 'GET /slow' }),
    );
    expect(err.message).toBe(
      `CircleCI request failed at GET ${server.origin}/api/v2/slow: 429 Too Many Requests: Rate limit exceeded.; the vendor asked to wait 86400 s, more than the 5000 ms left of this request's 5000 ms wait budget, so it is not retried (1 attempt, waited 0 ms)`,
    );
    const later = await transport.requestJson({
      url: 'me',
      endpoint: 'GET /me',
    });
    expect(later.body).toEqual({ ok: true });
    // The later request waited out the capped pause only (5 s, not a day).
    expect(clock.sleeps).toEqual([5_000]);
    const third = await transport.requestJson({
      url: 'me',
      endpoint: 'GET /me',
    });
    expect(third.body).toEqual({ ok: true });
    expect(clock.sleeps).toEqual([5_000]);
  });
});

describe('every credential rate limited', () => {
  test('waits for the earliest rested credential instead of spinning', async () => {
    const advice: RateLimitAdvice[] = [];
    const auth: Authenticator = {
      headers: async () => ({ Authorization: 'Bearer tok-rate-limited' }),
      onRateLimited: async (retryAfterMs) => {
        const a: RateLimitAdvice = { rotated: false, waitMs: retryAfterMs };
        advice.push(a);
        return a;
      },
      secrets: () => ['tok-rate-limited'],
    };
    server = await startScriptedServer([
      reply.json(429, {}, { 'retry-after': '2' }),
      reply.json(429, {}, { 'retry-after': '1' }),
      reply.json(200, { ok: true }),
    ]);
    const clock = new InstantClock();
    const logger = captureLogger();
    const transport = createTransport({
      vendor: 'Bitbucket',
      baseUrl: server.origin,
      auth,
      clock,
      logger,
    });
    await transport.requestJson({ url: '/user', endpoint: 'GET /user' });
    expect(clock.sleeps).toEqual([2000, 1000]);
    expect(
      logger.calls.filter((c) => c.level === 'info').map((c) => c.msg),
    ).toEqual([
      'Bitbucket GET /user answered 429; waiting 2000 ms as the vendor asked, then retrying',
      'Bitbucket GET /user answered 429; waiting 1000 ms as the vendor asked, then retrying',
    ]);
  });
});

describe('redaction before truncation', () => {
  test('a secret echoed across the 300-character cut leaves no part of itself in the error or logs', async () => {
    const secret = 'f3a9c1d27b8e4f60a5d3c2b1e9f80716d5c4b3a2';
    // The secret starts at character 280 of the detail: the cut at 300
    // would keep its first 20 characters if truncation ran first.
    const detail = `${'e'.repeat(280)}${secret} trailing text`;
    server = await startScriptedServer(() =>
      reply.json(400, { message: detail }),
    );
    const logger = captureLogger();
    const transport = createTransport({
      vendor: 'CircleCI',
      baseUrl: `${server.origin}/api/v2`,
      auth: {
        headers: async () => ({ 'Circle-Token': secret }),
        secrets: () => [secret],
      },
      clock: new InstantClock(),
      logger,
    });
    const err = await failure(
      transport.requestJson({ url: 'me', endpoint: 'GET /me' }),
    );
    const everything = `${err.message}\n${JSON.stringify(logger.calls)}`;
    expectNoFragmentOf(secret, everything);
    expect(err.message).toContain('[REDACTED]');
  });

  test('the same for a 5xx whose body repeats the secret, through retries', async () => {
    const secret = 'Zk8PqR2sT5uV7wX9yA1bC3dE5fG7hJ9k';
    const detail = `${'-'.repeat(290)}${secret}`;
    server = await startScriptedServer(() => reply.text(500, detail));
    const logger = captureLogger();
    const transport = createTransport({
      vendor: 'Bitbucket',
      baseUrl: server.origin,
      auth: {
        headers: async () => ({ Authorization: `Bearer ${secret}` }),
        secrets: () => [secret],
      },
      clock: new InstantClock(),
      random: () => 0.5,
      retry: { maxRetries: 1 },
      logger,
    });
    const err = await failure(
      transport.requestJson({ url: '/user', endpoint: 'GET /user' }),
    );
    const everything = `${err.message}\n${JSON.stringify(logger.calls)}`;
    expectNoFragmentOf(secret, everything);
  });
});
