import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';
import { CredentialPacer, RUN_TIME_LIMIT_STATUS } from './pacing';
import { captureLogger } from './test-support/capture-logger';
import {
  FAKE_NOW,
  InstantClock,
  ManualClock,
  settle,
} from './test-support/fake-clock';
import { reply, startScriptedServer } from './test-support/scripted-server';
import { createTransport } from './transport';
import { Authenticator, Clock } from './types';

const HOUR = 3600_000;
const token = { key: 'token', label: 'access token #1', credentials: 1 };

function pacer<C extends Clock>(
  clock: C,
  options: Partial<ConstructorParameters<typeof CredentialPacer>[0]> = {},
) {
  const logger = captureLogger();
  const p = new CredentialPacer({
    vendor: 'Bitbucket',
    clock,
    defaultBudget: { limit: 3, windowMs: HOUR },
    logger,
    ...options,
  });
  return { p, clock, logger };
}

describe('CredentialPacer (fake clock)', () => {
  test('within the budget nothing waits', async () => {
    const { p, clock } = pacer(new InstantClock());
    for (let i = 0; i < 3; i += 1) await p.acquire(token);
    expect(clock.sleeps).toEqual([]);
    expect(p.counts()).toEqual({ token: 3 });
  });

  test('a full window waits for its oldest request to expire, with one progress line per pause', async () => {
    const clock = new InstantClock();
    const { p, logger } = pacer(clock, { queued: () => 7 });
    await p.acquire(token); // t = 0
    await clock.sleep(10 * 60_000);
    await p.acquire(token); // t = 10 min
    await p.acquire(token);
    clock.sleeps.length = 0;
    await p.acquire(token); // the 4th waits until t = 60 min
    expect(clock.sleeps).toEqual([50 * 60_000]);
    expect(clock.now()).toBe(FAKE_NOW + HOUR);
    const lines = logger.calls.filter((c) => c.level === 'info');
    expect(lines).toHaveLength(1);
    expect(lines[0].msg).toBe(
      `Bitbucket: the request budget of access token #1 (3 per 60 min) is spent; pausing 50 min until ${new Date(
        FAKE_NOW + HOUR,
      ).toISOString()}. 3 requests done on it so far, 7 waiting; at this pace the queued ones finish by about ${new Date(
        FAKE_NOW + 3 * HOUR,
      ).toISOString()} (more are listed as the collection goes on).`,
    );
  });

  test('parallel waiters share one pause and only the budget goes out per window', async () => {
    const clock = new ManualClock();
    const { p, logger } = pacer(clock);
    const started: number[] = [];
    const all = Array.from({ length: 7 }, () =>
      p.acquire(token).then(() => started.push(clock.now() - FAKE_NOW)),
    );
    await settle(5);
    expect(started).toEqual([0, 0, 0]);
    clock.advance(HOUR);
    await settle(5);
    expect(started).toEqual([0, 0, 0, HOUR, HOUR, HOUR]);
    clock.advance(HOUR);
    await Promise.all(all);
    expect(started).toEqual([0, 0, 0, HOUR, HOUR, HOUR, 2 * HOUR]);
    expect(logger.calls.filter((c) => c.level === 'info')).toHaveLength(2);
  });

  test('X-RateLimit-Limit replaces the documented limit; several credentials add up', async () => {
    const { p, clock } = pacer(new InstantClock());
    await p.acquire(token);
    p.observe(token, { 'X-RateLimit-Limit': '5' });
    expect(p.limitOf('token')).toBe(5);
    for (let i = 0; i < 4; i += 1) await p.acquire(token);
    expect(clock.sleeps).toEqual([]);
    await p.acquire(token);
    expect(clock.sleeps).toEqual([HOUR]);
    const two = { key: 'oauth', label: 'OAuth consumers', credentials: 2 };
    expect(p.limitOf('oauth')).toBe(3);
    await p.acquire(two);
    expect(p.limitOf('oauth')).toBe(6);
  });

  test('X-RateLimit-NearLimit spreads what is left over the window before any 429', async () => {
    const { p, clock } = pacer(new InstantClock(), {
      defaultBudget: { limit: 100, windowMs: HOUR },
    });
    await p.acquire(token);
    p.observe(token, { 'x-ratelimit-nearlimit': 'true' });
    await p.acquire(token);
    await p.acquire(token);
    // 20% of 100 per hour left: one request every 3 minutes.
    expect(clock.sleeps).toEqual([180_000, 180_000]);
    p.observe(token, { 'x-ratelimit-nearlimit': 'false' });
    await p.acquire(token);
    expect(clock.sleeps).toHaveLength(2);
  });

  test('a wait past the maximum run time fails, saying how much was left', async () => {
    const clock = new InstantClock();
    const { p } = pacer(clock, {
      deadline: FAKE_NOW + 30 * 60_000,
      deadlineName: 'maxRunHours (MAX_RUN_HOURS) = 0.5',
      queued: () => 10,
    });
    for (let i = 0; i < 3; i += 1) await p.acquire(token);
    await clock.sleep(20 * 60_000);
    const err = await p.acquire(token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationProviderAPIError);
    expect(err).toMatchObject({ status: RUN_TIME_LIMIT_STATUS });
    expect((err as Error).message).toBe(
      `Bitbucket: stopped pacing after 20 min: the next request on access token #1 may go out at ${new Date(
        FAKE_NOW + HOUR,
      ).toISOString()}, past the maximum run time (maxRunHours (MAX_RUN_HOURS) = 0.5). 3 requests were made on that budget; at least 10 were still waiting (about 4 more budget window(s)). Raise the maximum run time, add credentials with their own budget (Bitbucket access tokens or OAuth consumers), or collect less per run.`,
    );
    expect(clock.sleeps).toEqual([20 * 60_000]);
  });
});

describe('transport pacing', () => {
  test('authenticated attempts are paced per budget; unpaced requests are not', async () => {
    const server = await startScriptedServer(() =>
      reply.json(200, { ok: true }),
    );
    try {
      const clock = new InstantClock();
      const auth: Authenticator = {
        headers: () => Promise.resolve({ Authorization: 'Bearer t' }),
        budgetFor: (request) =>
          request.endpoint === 'GET /free' ? undefined : token,
        secrets: () => ['t'],
      };
      const transport = createTransport({
        vendor: 'Bitbucket',
        baseUrl: server.origin,
        clock,
        auth,
        concurrency: 4,
        pacing: { defaultBudget: { limit: 2, windowMs: 60_000 } },
      });
      await Promise.all(
        Array.from({ length: 5 }, () =>
          transport.requestJson({ url: '/paced', endpoint: 'GET /paced' }),
        ),
      );
      await transport.requestJson({ url: '/free', endpoint: 'GET /free' });
      expect(server.requests).toHaveLength(6);
      // 5 paced requests at 2 per minute: two pauses of one minute.
      expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(120_000);
    } finally {
      await server.close();
    }
  });
});
