import { instantTransport } from './test-support/instant-transport';
import {
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
} from '@jupiterone/integration-sdk-core';
import { NETWORK_ERROR_STATUS } from './errors';
import { captureLogger } from './test-support/capture-logger';
import {
  FAKE_NOW,
  InstantClock,
  ManualClock,
  settle,
  waitFor,
} from './test-support/fake-clock';
import {
  reply,
  ScriptedServer,
  startScriptedServer,
} from './test-support/scripted-server';
import { createTransport } from './transport';
import { Authenticator, TransportOptions } from './types';

const ok = reply.json(200, { ok: true });
/** The first request meets a 429 naming a 5 s wait; every later one is ok. */
const rateLimitedOnce = (_req: unknown, index: number) =>
  index === 0 ? reply.json(429, {}, { 'retry-after': '5' }) : ok;

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(
  script: Parameters<typeof startScriptedServer>[0],
  options: Partial<TransportOptions> = {},
) {
  server = await startScriptedServer(script);
  const clock = new InstantClock();
  const logger = captureLogger();
  const transport = createTransport({
    vendor: 'CircleCI',
    baseUrl: `${server.origin}/api/v2`,
    clock,
    random: () => 0.5,
    logger,
    ...options,
  });
  return { server, clock, logger, transport };
}

/** A transport on a scripted server whose clock the test advances itself. */
async function manualSetup(
  script: Parameters<typeof startScriptedServer>[0],
  options: Partial<TransportOptions> = {},
) {
  server = await startScriptedServer(script);
  const clock = new ManualClock();
  const transport = createTransport({
    vendor: 'CircleCI',
    baseUrl: server.origin,
    clock,
    ...options,
  });
  return { server, clock, transport };
}

/** GET /me answers ok, on the second request the server saw (one retry). */
async function expectOkOnSecondAttempt(
  server: ScriptedServer,
  transport: ReturnType<typeof createTransport>,
) {
  await expect(
    transport.requestJson({ url: 'me', endpoint: 'GET /me' }),
  ).resolves.toMatchObject({ body: { ok: true } });
  expect(server.requests).toHaveLength(2);
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`rejected with a non-Error: ${String(err)}`);
  }
  throw new Error('expected the request to fail');
}

describe('retries', () => {
  test('429 with Retry-After seconds waits that long, then succeeds', async () => {
    const { server, clock, transport } = await setup([
      reply.json(429, { message: 'slow down' }, { 'retry-after': '2' }),
      ok,
    ]);
    const response = await transport.requestJson<{ ok: boolean }>({
      url: 'me',
      endpoint: 'GET /me',
    });
    expect(response.body).toEqual({ ok: true });
    expect(response.status).toBe(200);
    expect(clock.sleeps).toEqual([2000]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v2/me',
      '/api/v2/me',
    ]);
  });

  test('429 with Retry-After as an HTTP date waits until that date', async () => {
    const date = new Date(FAKE_NOW + 7000).toUTCString();
    const { clock, transport } = await setup([
      reply.json(429, {}, { 'retry-after': date }),
      ok,
    ]);
    await transport.requestJson({ url: 'me', endpoint: 'GET /me' });
    expect(clock.sleeps).toEqual([7000]);
  });

  test('429 without any wait header backs off exponentially with jitter', async () => {
    const { clock, transport } = await setup([
      reply.json(429, {}),
      reply.json(429, {}),
      reply.json(429, {}),
      ok,
    ]);
    await transport.requestJson({ url: 'me', endpoint: 'GET /me' });
    // random() = 0.5 of 500, 1000, 2000 ms
    expect(clock.sleeps).toEqual([250, 500, 1000]);
  });

  test('backoff is capped by maxDelayMs', async () => {
    const { clock, transport } = await setup(
      [reply.json(500, {}), reply.json(500, {}), reply.json(500, {}), ok],
      { random: () => 0.99, retry: { baseDelayMs: 1000, maxDelayMs: 1500 } },
    );
    await transport.requestJson({ url: 'me', endpoint: 'GET /me' });
    expect(clock.sleeps).toEqual([990, 1485, 1485]);
  });

  test('503 is retried and honours its Retry-After', async () => {
    const { server, clock, transport } = await setup([
      reply.json(503, { message: 'maintenance' }),
      reply.json(503, {}, { 'retry-after': '1' }),
      ok,
    ]);
    await transport.requestJson({ url: 'me', endpoint: 'GET /me' });
    expect(clock.sleeps).toEqual([250, 1000]);
    expect(server.requests).toHaveLength(3);
  });

  test('a reset connection is retried', async () => {
    const { server, clock, transport } = await setup([reply.reset(), ok]);
    const response = await transport.requestJson({
      url: 'me',
      endpoint: 'GET /me',
    });
    expect(response.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([250]);
  });

  test.each([400, 404, 422])('%i is not retried', async (status) => {
    const { server, clock, transport } = await setup([
      reply.json(status, { message: 'Project not found' }),
      ok,
    ]);
    const err = await failure(
      transport.requestJson({ url: 'project/x?a=1', endpoint: 'GET /p' }),
    );
    expect(err).toBeInstanceOf(IntegrationProviderAPIError);
    expect(err).toMatchObject({
      status,
      endpoint: `GET ${server.origin}/api/v2/project/x`,
    });
    expect(err.message).toMatch(
      new RegExp(
        `^CircleCI API request failed at GET ${server.origin}/api/v2/project/x: ${status} .+: Project not found$`,
      ),
    );
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  test('the retry budget ends with a clear error', async () => {
    const { server, clock, transport } = await setup(
      () => reply.json(503, { message: 'down' }),
      { retry: { maxRetries: 2 } },
    );
    const err = await failure(
      transport.requestJson({ url: 'me', endpoint: 'GET /me' }),
    );
    expect(err).toBeInstanceOf(IntegrationProviderAPIError);
    expect(err).toMatchObject({ status: 503 });
    expect(err.message).toBe(
      `CircleCI request failed at GET ${server.origin}/api/v2/me: 503 Service Unavailable: down; retries exhausted after 3 attempts (waited 750 ms)`,
    );
    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([250, 500]);
  });

  test('a wait beyond maxTotalWaitMs stops at once', async () => {
    const { server, clock, transport } = await setup(
      () => reply.json(429, {}, { 'retry-after': '10' }),
      { retry: { maxTotalWaitMs: 5000 } },
    );
    const err = await failure(
      transport.requestJson({ url: 'me', endpoint: 'GET /me' }),
    );
    expect(err).toMatchObject({ status: 429 });
    expect(err.message).toBe(
      `CircleCI request failed at GET ${server.origin}/api/v2/me: 429 Too Many Requests; the vendor asked to wait 10 s, more than the 5000 ms left of this request's 5000 ms wait budget, so it is not retried (1 attempt, waited 0 ms)`,
    );
    expect(clock.sleeps).toEqual([]);
  });

  test('RateLimit-Reset (seconds) and X-RateLimit-Reset (epoch) are honoured', async () => {
    const resetAt = String(Math.floor(FAKE_NOW / 1000) + 5);
    const { clock, transport } = await setup([
      reply.json(429, {}, { 'ratelimit-reset': '3' }),
      reply.json(429, {}, { 'x-ratelimit-reset': resetAt }),
      ok,
    ]);
    await transport.requestJson({ url: 'me', endpoint: 'GET /me' });
    // The second wait starts 3 s later on the fake clock.
    expect(clock.sleeps).toEqual([3000, 2000]);
  });

  test('rate-limit *limit* headers are never used as a delay', async () => {
    const { clock, transport } = await setup([
      reply.json(
        429,
        {},
        { 'x-ratelimit-limit': '1000', 'ratelimit-limit': '60' },
      ),
      ok,
    ]);
    await transport.requestJson({ url: 'me', endpoint: 'GET /me' });
    expect(clock.sleeps).toEqual([250]);
  });

  test('a body that is not valid JSON is retried, then named in the error', async () => {
    const { server, transport } = await setup(
      [reply.text(200, '{"items": ['), ok],
      {},
    );
    await expectOkOnSecondAttempt(server, transport);
  });

  test('a body that never parses ends with an error naming the endpoint', async () => {
    const { server, transport } = await setup(
      () => reply.text(200, '{"items": ['),
      { retry: { maxRetries: 2 } },
    );
    const err = await failure(
      transport.requestJson({ url: 'pipeline', endpoint: 'GET /pipeline' }),
    );
    expect(err).toMatchObject({ status: 200 });
    expect(err.message).toBe(
      `CircleCI request failed at GET ${server.origin}/api/v2/pipeline: the 200 response body is not valid JSON (11 bytes); retries exhausted after 3 attempts (waited 750 ms)`,
    );
  });

  test('a chunked body cut off mid-transfer is retried', async () => {
    const { server, transport } = await setup([
      (res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"items": [1, 2');
        setTimeout(() => res.socket?.destroy(), 5);
      },
      ok,
    ]);
    await expectOkOnSecondAttempt(server, transport);
  });

  test('a body shorter than its Content-Length is cut off by the timeout and retried', async () => {
    // node-fetch 2 does not notice a closed socket before Content-Length is
    // reached; the per-attempt timeout covers the body read for that reason.
    const { server, transport } = await setup(
      [
        (res) => {
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': '100',
          });
          res.write('{"items": [1, 2');
          setTimeout(() => res.socket?.destroy(), 5);
        },
        ok,
      ],
      { timeoutMs: 200 },
    );
    await expectOkOnSecondAttempt(server, transport);
  });

  test('an unreachable server is a network failure after retries', async () => {
    const { server: closed } = await setup([]);
    const origin = closed.origin;
    await closed.close();
    server = undefined;
    const transport = instantTransport({
      vendor: 'Bitbucket',
      baseUrl: origin,
    });
    const err = await failure(
      transport.requestJson({ url: 'user', endpoint: 'GET /user' }),
    );
    expect(err).toBeInstanceOf(IntegrationProviderAPIError);
    expect(err).toMatchObject({
      status: NETWORK_ERROR_STATUS,
      statusText: 'ECONNREFUSED',
    });
    expect(err.message).toBe(
      `Bitbucket request failed at GET ${origin}/user: network failure (ECONNREFUSED); retries exhausted after 2 attempts (waited 250 ms)`,
    );
  });
});

describe('timeouts', () => {
  test('an attempt that gets no answer times out and is retried (real timer)', async () => {
    const started = Date.now();
    const { server, transport } = await setup([reply.hang(), ok], {
      timeoutMs: 150,
    });
    await expectOkOnSecondAttempt(server, transport);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(1000);
  });

  test('repeated timeouts end as a network failure', async () => {
    const { server, transport } = await setup(() => reply.hang(), {
      timeoutMs: 50,
      retry: { maxRetries: 1 },
    });
    const err = await failure(
      transport.requestJson({ url: 'me', endpoint: 'GET /me' }),
    );
    expect(err).toMatchObject({
      status: NETWORK_ERROR_STATUS,
      statusText: 'Timeout',
    });
    expect(err.message).toBe(
      `CircleCI request failed at GET ${server.origin}/api/v2/me: network failure: no response within 50 ms; retries exhausted after 2 attempts (waited 250 ms)`,
    );
  });
});

describe('concurrency', () => {
  test.each([
    [undefined, 10],
    [4, 4],
  ])(
    'concurrency %p keeps at most %i requests in flight across 50 calls',
    async (concurrency, expected) => {
      const { server, transport } = await setup(
        () => reply.delayed(40, ok),
        concurrency === undefined ? {} : { concurrency },
      );
      const calls = Array.from({ length: 50 }, (_, i) =>
        transport.requestJson({ url: `job/${i}`, endpoint: 'GET /job/{n}' }),
      );
      await Promise.all(calls);
      expect(server.requests).toHaveLength(50);
      expect(server.maxInFlight()).toBe(expected);
    },
  );

  test('a request sleeping between attempts does not hold a slot', async () => {
    let seenA = 0;
    const { server, clock, transport } = await manualSetup(
      (req) => (req.url === '/a' && !seenA++ ? reply.json(503, {}) : ok),
      { random: () => 0.5, concurrency: 1 },
    );
    const a = transport.requestJson({ url: 'a', endpoint: 'GET /a' });
    await waitFor(() => clock.sleeps.length === 1);
    expect(clock.sleeps).toEqual([250]); // a is backing off
    await transport.requestJson({ url: 'b', endpoint: 'GET /b' });
    clock.advance(250);
    await a;
    expect(server.requests.map((r) => r.url)).toEqual(['/a', '/b', '/a']);
  });

  test('a 429 with a wait pauses every request of the transport', async () => {
    const { server, clock, transport } = await manualSetup(rateLimitedOnce, {
      vendor: 'Bitbucket',
    });
    const a = transport.requestJson({ url: 'a', endpoint: 'GET /a' });
    await waitFor(() => clock.sleeps.length === 1);
    const b = transport.requestJson({ url: 'b', endpoint: 'GET /b' });
    await waitFor(() => clock.sleeps.length === 2);
    await settle(); // time enough for b to reach the server if it were sent
    // b has not been sent: it waits for the same 5 s as a.
    expect(server.requests.map((r) => r.url)).toEqual(['/a']);
    expect(clock.sleeps).toEqual([5000, 5000]);
    clock.advance(5000);
    await Promise.all([a, b]);
    expect(server.requests.map((r) => r.url).sort()).toEqual([
      '/a',
      '/a',
      '/b',
    ]);
  });

  test('requests already queued for a slot do not go out while a 429 pause holds', async () => {
    const { server, clock, transport } = await manualSetup(rateLimitedOnce, {
      concurrency: 1,
    });
    // b and c queue behind a's slot before a's 429 arrives.
    const calls = ['a', 'b', 'c'].map((name) =>
      transport.requestJson({ url: name, endpoint: `GET /${name}` }),
    );
    await waitFor(() => clock.sleeps.length === 3);
    await settle();
    expect(server.requests.map((r) => r.url)).toEqual(['/a']);
    clock.advance(5000);
    await Promise.all(calls);
    expect(server.requests.map((r) => r.url).sort()).toEqual([
      '/a',
      '/a',
      '/b',
      '/c',
    ]);
  });
});

describe('authenticator hooks', () => {
  function tokenAuth(initial: string, extra: Partial<Authenticator> = {}) {
    const state = { token: initial };
    const auth: Authenticator = {
      headers: () => Promise.resolve({ 'Circle-Token': state.token }),
      secrets: () => [state.token],
      ...extra,
    };
    return { state, auth };
  }

  test('401 -> onUnauthorized refreshes -> one retry succeeds', async () => {
    const { state, auth } = tokenAuth('old-token');
    const onUnauthorized = jest.fn(() => {
      state.token = 'new-token';
      return Promise.resolve(true);
    });
    auth.onUnauthorized = onUnauthorized;
    const { server, clock, transport } = await setup(
      (req) =>
        req.headers['circle-token'] === 'new-token'
          ? ok
          : reply.json(401, { message: 'expired' }),
      { auth },
    );
    await expect(
      transport.requestJson({ url: 'me', endpoint: 'GET /me' }),
    ).resolves.toMatchObject({ body: { ok: true } });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(server.requests.map((r) => r.headers['circle-token'])).toEqual([
      'old-token',
      'new-token',
    ]);
    expect(clock.sleeps).toEqual([]);
  });

  test('401s that new credentials do not cure end in an IntegrationProviderAuthenticationError after 3 refreshes', async () => {
    const onUnauthorized = jest.fn(() => Promise.resolve(true));
    const { auth } = tokenAuth('tok-1234', { onUnauthorized });
    const { server, transport } = await setup(
      () => reply.json(401, { message: 'Invalid token provided.' }),
      { auth },
    );
    const err = await failure(
      transport.requestJson({ url: 'me', endpoint: 'GET /me' }),
    );
    expect(err).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(err).toMatchObject({
      status: 401,
      statusText: 'Unauthorized',
      endpoint: `GET ${server.origin}/api/v2/me`,
    });
    expect(err.message).toBe(
      `CircleCI authentication failed at GET ${server.origin}/api/v2/me: 401 Unauthorized: Invalid token provided.`,
    );
    expect(onUnauthorized).toHaveBeenCalledTimes(3);
    expect(server.requests).toHaveLength(4);
  });

  test('401 without a refresh fails after one request', async () => {
    const { auth } = tokenAuth('tok-1234', {
      onUnauthorized: () => Promise.resolve(false),
    });
    const { server, transport } = await setup([reply.json(401, {})], {
      auth,
    });
    await expect(
      transport.requestJson({ url: 'me', endpoint: 'GET /me' }),
    ).rejects.toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(server.requests).toHaveLength(1);
  });

  test('403 is an IntegrationProviderAuthorizationError with the vendor reason', async () => {
    const { server, transport } = await setup([
      reply.json(403, {
        type: 'error',
        error: {
          message:
            'Your credentials lack one or more required privilege scopes.',
        },
      }),
    ]);
    const err = await failure(
      transport.requestJson({ url: 'repositories/ws', endpoint: 'GET /r' }),
    );
    expect(err).toBeInstanceOf(IntegrationProviderAuthorizationError);
    expect(err.message).toBe(
      `CircleCI authorization failed at GET ${server.origin}/api/v2/repositories/ws: 403 Forbidden: Your credentials lack one or more required privilege scopes.`,
    );
    expect(server.requests).toHaveLength(1);
  });

  test('429 -> onRateLimited rotates -> immediate retry with the other credential', async () => {
    const { state, auth } = tokenAuth('key-1');
    const onRateLimited = jest.fn(
      (waitMs: number | undefined, sent: Record<string, string>) => {
        void waitMs;
        void sent;
        state.token = 'key-2';
        return Promise.resolve({ rotated: true as const });
      },
    );
    auth.onRateLimited = onRateLimited;
    const { server, clock, transport } = await setup(
      (req) =>
        req.headers['circle-token'] === 'key-1'
          ? reply.json(429, {}, { 'retry-after': '2' })
          : ok,
      { auth },
    );
    await transport.requestJson({ url: 'me', endpoint: 'GET /me' });
    expect(onRateLimited).toHaveBeenCalledWith(
      2000,
      expect.objectContaining({ 'circle-token': 'key-1' }),
    );
    expect(server.requests.map((r) => r.headers['circle-token'])).toEqual([
      'key-1',
      'key-2',
    ]);
    expect(clock.sleeps).toEqual([]);
    expect(transport.stats()['GET /me']).toEqual({
      requests: 2,
      retries: 1,
      rateLimited: 1,
      bytes: 13, // "{}" + '{"ok":true}'
    });
  });

  test('rotation that never helps is still bounded by maxRetries', async () => {
    const { auth } = tokenAuth('key-1', {
      onRateLimited: () => Promise.resolve({ rotated: true as const }),
    });
    const { server, transport } = await setup(() => reply.json(429, {}), {
      auth,
      retry: { maxRetries: 3 },
    });
    const err = await failure(
      transport.requestJson({ url: 'me', endpoint: 'GET /me' }),
    );
    expect(err.message).toBe(
      `CircleCI request failed at GET ${server.origin}/api/v2/me: 429 Too Many Requests with every credential; retries exhausted after 4 attempts (waited 0 ms)`,
    );
    expect(server.requests).toHaveLength(4);
  });

  test('noAuth requests carry no credentials and skip the hooks', async () => {
    const onUnauthorized = jest.fn(() => Promise.resolve(true));
    const { auth } = tokenAuth('tok-1234', { onUnauthorized });
    const { server, transport } = await setup([reply.json(401, {})], {
      auth,
    });
    await expect(
      transport.requestJson({
        method: 'POST',
        url: 'token',
        endpoint: 'POST /token',
        body: 'grant_type=client_credentials',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        noAuth: true,
      }),
    ).rejects.toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(onUnauthorized).not.toHaveBeenCalled();
    expect(server.requests[0].headers['circle-token']).toBeUndefined();
    expect(server.requests[0].method).toBe('POST');
  });
});

describe('headers and URLs', () => {
  test('defaults, extra headers and credentials are merged case-insensitively', async () => {
    const { server, transport } = await setup([ok], {
      defaultHeaders: { 'x-extra': 'yes' },
      auth: {
        headers: () => Promise.resolve({ Authorization: 'Bearer abcdef' }),
        secrets: () => ['abcdef'],
      },
    });
    await transport.requestJson({
      url: '/me',
      endpoint: 'GET /me',
      headers: { Accept: 'application/vnd.test+json' },
    });
    const headers = server.requests[0].headers;
    expect(headers).toMatchObject({
      accept: 'application/vnd.test+json',
      'user-agent': 'graph-circleci-bitbucket',
      'x-extra': 'yes',
      authorization: 'Bearer abcdef',
    });
    // "/me" is appended to the base path, not resolved against the origin.
    expect(server.requests[0].url).toBe('/api/v2/me');
  });
});

describe('secrets', () => {
  test('a secret in the URL, a header and an echoed body appears in no log or error', async () => {
    const secret = 'S3cr3t-T0ken-value';
    const basic = Buffer.from(`me@example.com:${secret}`).toString('base64');
    const unlisted = 'unlisted-api-key-42';
    const auth: Authenticator = {
      headers: () =>
        Promise.resolve({ Authorization: `Basic ${basic}`, 'X-Api': secret }),
      secrets: () => [secret],
    };
    const { server, logger, transport } = await setup(
      [
        reply.reset(),
        reply.json(500, { message: `boom ${secret}` }),
        reply.json(400, {
          message: `bad credentials ${secret} / ${basic} / ${unlisted}`,
        }),
      ],
      { auth },
    );
    const err = await failure(
      transport.requestJson({
        url: `me?circle-token=${secret}&api_key=${unlisted}`,
        endpoint: 'GET /me',
      }),
    );
    expect(server.requests).toHaveLength(3);
    const logged = JSON.stringify(logger.calls);
    expect(logger.calls).toHaveLength(2); // one debug line per retry
    expect(logged).toContain('[REDACTED]');
    const thrown = JSON.stringify({ ...err, text: err.message });
    for (const text of [logged, thrown, err.message, String(err.stack)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(basic);
    }
    expect(logged).not.toContain(unlisted);
    expect(logged).not.toMatch(/authorization|x-api/i);
    expect(err.message).toBe(
      `CircleCI API request failed at GET ${server.origin}/api/v2/me: 400 Bad Request: bad credentials [REDACTED] / [REDACTED] / ${unlisted}`,
    );
  });
});

test('credentials sent in request headers with noAuth are redacted too', async () => {
  const basic = Buffer.from('consumer-key:consumer-secret').toString('base64');
  const { server, transport } = await setup([
    reply.json(400, { error: 'invalid_client', error_description: basic }),
  ]);
  const err = await failure(
    transport.requestJson({
      method: 'POST',
      url: 'token',
      endpoint: 'POST /token',
      headers: { Authorization: `Basic ${basic}` },
      noAuth: true,
    }),
  );
  expect(err.message).toBe(
    `CircleCI API request failed at POST ${server.origin}/api/v2/token: 400 Bad Request: [REDACTED]`,
  );
});

describe('stats', () => {
  test('counts attempts, retries, 429s and bytes per endpoint', async () => {
    const { transport } = await setup([
      reply.json(429, {}), // 2 bytes
      reply.json(200, { id: 1 }), // 8 bytes
      reply.text(503, 'down'), // 4 bytes
      reply.json(200, [1, 2, 3]), // 7 bytes
      reply.json(200, []), // 2 bytes
    ]);
    await transport.requestJson({ url: 'me', endpoint: 'GET /me' });
    await transport.requestJson({ url: 'p/1', endpoint: 'GET /p/{id}' });
    await transport.requestJson({ url: 'p/2', endpoint: 'GET /p/{id}' });
    const stats = transport.stats();
    expect(stats).toEqual({
      'GET /me': { requests: 2, retries: 1, rateLimited: 1, bytes: 10 },
      'GET /p/{id}': { requests: 3, retries: 1, rateLimited: 0, bytes: 13 },
    });
    stats['GET /me'].requests = 99;
    expect(transport.stats()['GET /me'].requests).toBe(2);
    expect(transport.summary()).toBe(
      'requests=5 retries=2 429s=1 bytes=23; GET /p/{id}: 3 req (1 retries); GET /me: 2 req (1 retries, 1 429s)',
    );
  });
});
