import fetch from 'node-fetch';
import { FaultRule } from './faults';
import { Sandbox, startSandbox } from './server';
import { SANDBOX_REFERENCE_TIME } from './types';
import { bitbucket, bitbucketToken, circleci } from './contract/sandbox-http';

const WORKSPACE_REPOS = '/repositories/acme-eng';

describe('sandbox fault injection', () => {
  let sandbox: Sandbox;
  let token: string;

  beforeAll(async () => {
    sandbox = await startSandbox({
      dataset: 'demo',
      circleciPageSize: 2,
      referenceTime: SANDBOX_REFERENCE_TIME,
    });
    token = await bitbucketToken(sandbox);
  });

  afterEach(() => {
    sandbox.setFaults([]);
    sandbox.resetStats();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  const statuses = async (count: number, path = '/me'): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < count; i += 1) {
      out.push((await circleci(sandbox, path)).status);
    }
    return out;
  };

  it('adds fixed latency to the matching endpoint only, without blocking others', async () => {
    sandbox.setFaults([{ kind: 'latency', ms: 300, endpoint: 'GET /me' }]);
    const started = Date.now();
    const slow = circleci(sandbox, '/me').then(() => Date.now() - started);
    const fast = circleci(sandbox, '/me/collaborations').then(
      () => Date.now() - started,
    );
    const [slowMs, fastMs] = await Promise.all([slow, fast]);
    expect(slowMs).toBeGreaterThanOrEqual(295);
    expect(fastMs).toBeLessThan(slowMs);
    expect(sandbox.requestLog().map((e) => [e.endpoint, e.faults])).toEqual(
      expect.arrayContaining([
        ['GET /me', ['latency']],
        ['GET /me/collaborations', undefined],
      ]),
    );
  });

  it('adds jittered latency within [ms, ms + jitterMs]', async () => {
    sandbox.setFaults([{ kind: 'latency', ms: 100, jitterMs: 100 }]);
    const started = Date.now();
    await circleci(sandbox, '/me');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(1000);
  });

  it('answers a status with Retry-After for the next N requests, then recovers', async () => {
    sandbox.setFaults([
      { kind: 'status', status: 503, retryAfterSeconds: 7, times: 1 },
    ]);
    const first = await circleci(sandbox, '/me');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(await first.json()).toEqual({ message: 'Service Unavailable' });
    expect((await circleci(sandbox, '/me')).status).toBe(200);
  });

  it('answers a status without Retry-After in the vendor error shape', async () => {
    sandbox.setFaults([{ kind: 'status', status: 500, times: 1 }]);
    const response = await bitbucket(sandbox, WORKSPACE_REPOS, token);
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toEqual({
      type: 'error',
      error: { message: 'Internal Server Error' },
    });
  });

  it('cycles a 500/502/503 burst and then serves normally', async () => {
    sandbox.setFaults([
      {
        kind: 'status',
        status: [500, 502, 503],
        times: 3,
        endpoint: 'GET /me',
      },
    ]);
    expect(await statuses(4)).toEqual([500, 502, 503, 200]);
  });

  it('rate-limits CircleCI like CircleCI: JSON message and Retry-After', async () => {
    sandbox.setFaults([{ kind: 'rate-limit', vendor: 'circleci', times: 1 }]);
    const response = await circleci(sandbox, '/me');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ message: 'Rate limit exceeded.' });
  });

  it('rate-limits CircleCI without Retry-After when asked (null)', async () => {
    sandbox.setFaults([
      {
        kind: 'rate-limit',
        vendor: 'circleci',
        retryAfterSeconds: null,
        times: 1,
      },
    ]);
    const response = await circleci(sandbox, '/me');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
  });

  it('rate-limits Bitbucket like Bitbucket: text/plain and no Retry-After', async () => {
    sandbox.setFaults([{ kind: 'rate-limit', vendor: 'bitbucket', times: 1 }]);
    const response = await bitbucket(sandbox, WORKSPACE_REPOS, token);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(
      'Rate limit for this resource has been exceeded',
    );
    expect((await bitbucket(sandbox, WORKSPACE_REPOS, token)).status).toBe(200);
  });

  it('resets the connection', async () => {
    sandbox.setFaults([{ kind: 'reset', times: 1 }]);
    await expect(circleci(sandbox, '/me')).rejects.toMatchObject({
      type: 'system',
      code: 'ECONNRESET',
    });
    expect((await circleci(sandbox, '/me')).status).toBe(200);
    expect(sandbox.requestLog().map((e) => [e.status, e.faults])).toEqual([
      [0, ['reset']],
      [200, undefined],
    ]);
  });

  it('never answers a hanging request (the client times out)', async () => {
    sandbox.setFaults([{ kind: 'hang', times: 1 }]);
    await expect(
      circleci(sandbox, '/me', { timeout: 200 }),
    ).rejects.toMatchObject({ type: 'request-timeout' });
    expect((await circleci(sandbox, '/me')).status).toBe(200);
  });

  it('sends truncated JSON with a complete HTTP response', async () => {
    const full = await (await circleci(sandbox, '/me/collaborations')).text();
    sandbox.setFaults([{ kind: 'truncated-json', times: 1 }]);
    const response = await circleci(sandbox, '/me/collaborations');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toBe(full.slice(0, Math.floor(full.length / 2)));
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('sends malformed JSON', async () => {
    sandbox.setFaults([{ kind: 'malformed-json', times: 1 }]);
    const text = await (await circleci(sandbox, '/me')).text();
    expect(text.startsWith('{"id" ')).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('answers 403 and 404 for chosen resources only, in each vendor shape', async () => {
    sandbox.setFaults([
      {
        kind: 'status',
        status: 404,
        path: '/project/gh/sandbox-gh-org/gh-web$',
      },
      {
        kind: 'status',
        status: 403,
        vendor: 'bitbucket',
        path: '/repositories/acme-eng/',
      },
    ]);
    const gone = await circleci(sandbox, '/project/gh/sandbox-gh-org/gh-web');
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ message: 'Not Found' });
    expect(
      (await circleci(sandbox, '/project/gh/sandbox-gh-org/gh-api')).status,
    ).toBe(200);
    const forbidden = await bitbucket(
      sandbox,
      '/repositories/acme-eng/my-service/pullrequests',
      token,
    );
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({
      type: 'error',
      error: { message: 'Forbidden' },
    });
    expect((await bitbucket(sandbox, WORKSPACE_REPOS, token)).status).toBe(200);
  });

  it('repeats the CircleCI page token on requests that carry one', async () => {
    const path = '/project/bb/acme-eng/my-service/pipeline';
    sandbox.setFaults([{ kind: 'repeat-page', vendor: 'circleci', times: 1 }]);
    // The first page carries no token: untouched, and the rule is not spent.
    const first = (await (await circleci(sandbox, path)).json()) as {
      next_page_token: string;
    };
    expect(first.next_page_token).toEqual(expect.any(String));
    const second = (await (
      await circleci(sandbox, `${path}?page-token=${first.next_page_token}`)
    ).json()) as { next_page_token: string };
    expect(second.next_page_token).toBe(first.next_page_token);
    const again = (await (
      await circleci(sandbox, `${path}?page-token=${first.next_page_token}`)
    ).json()) as { next_page_token: string };
    expect(again.next_page_token).not.toBe(first.next_page_token);
  });

  it('repeats the Bitbucket next link (next = the request URL)', async () => {
    sandbox.setFaults([{ kind: 'repeat-page', vendor: 'bitbucket', times: 1 }]);
    const body = (await (
      await bitbucket(sandbox, `${WORKSPACE_REPOS}?pagelen=10`, token)
    ).json()) as { next: string };
    expect(body.next).toBe(
      `${sandbox.bitbucketBaseUrl}${WORKSPACE_REPOS}?pagelen=10`,
    );
  });

  it('points the Bitbucket next link at a foreign host', async () => {
    sandbox.setFaults([{ kind: 'foreign-next', times: 1 }]);
    const body = (await (
      await bitbucket(sandbox, `${WORKSPACE_REPOS}?pagelen=10`, token)
    ).json()) as { next: string };
    expect(body.next).toBe(
      `http://foreign.invalid/bitbucket/2.0${WORKSPACE_REPOS}?pagelen=10`,
    );
  });

  it('spends a request budget per credential per window, then 429 without Retry-After', async () => {
    const second = await bitbucketToken(sandbox, 1);
    sandbox.setFaults([
      {
        kind: 'budget',
        vendor: 'bitbucket',
        path: '/2.0/',
        limit: 2,
        windowMs: 60_000,
      },
    ]);
    const first = [];
    for (let i = 0; i < 3; i += 1) {
      first.push(await bitbucket(sandbox, WORKSPACE_REPOS, token));
    }
    expect(first.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(first[2].headers.get('retry-after')).toBeNull();
    expect(await first[2].text()).toBe(
      'Rate limit for this resource has been exceeded',
    );
    // Another consumer has its own allowance.
    expect((await bitbucket(sandbox, WORKSPACE_REPOS, second)).status).toBe(
      200,
    );
    // A rolling window: once it has passed, the first consumer may call again.
    sandbox.advanceTime(60_001);
    const fresh = await bitbucketToken(sandbox);
    expect((await bitbucket(sandbox, WORKSPACE_REPOS, fresh)).status).toBe(200);
  });

  it('matches rules by credential', async () => {
    const second = await bitbucketToken(sandbox, 1);
    sandbox.setFaults([
      { kind: 'status', status: 503, credential: 'sandbox-key-2' },
    ]);
    expect((await bitbucket(sandbox, WORKSPACE_REPOS, token)).status).toBe(200);
    expect((await bitbucket(sandbox, WORKSPACE_REPOS, second)).status).toBe(
      503,
    );
  });

  it('fires probabilistic faults from the seeded source: same seed, same sequence', async () => {
    const rule: FaultRule = { kind: 'status', status: 500, probability: 0.5 };
    const run = async (): Promise<number[]> => {
      const other = await startSandbox({ dataset: 'demo', faults: [rule] });
      try {
        const out: number[] = [];
        for (let i = 0; i < 30; i += 1) {
          out.push(
            (
              await fetch(`${other.circleciBaseUrl}/me`, {
                headers: { 'Circle-Token': 'sandbox-circleci-token' },
              })
            ).status,
          );
        }
        return out;
      } finally {
        await other.close();
      }
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    const failures = a.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(25);
  });

  it('replaces rules at runtime with setFaults', async () => {
    sandbox.setFaults([{ kind: 'status', status: 502 }]);
    expect(await statuses(2)).toEqual([502, 502]);
    sandbox.setFaults([]);
    expect(await statuses(1)).toEqual([200]);
  });

  it('from/until: a rule fires only inside its window of sandbox time', async () => {
    const now = sandbox.now();
    sandbox.setFaults([
      { kind: 'status', status: 503, from: now + 1_000, until: now + 2_000 },
    ]);
    expect(await statuses(1)).toEqual([200]);
    sandbox.advanceTime(1_000);
    expect(await statuses(2)).toEqual([503, 503]);
    sandbox.advanceTime(1_000);
    expect(await statuses(1)).toEqual([200]);
  });

  it('endless-pages: CircleCI tokens and Bitbucket next links that never end, on empty pages', async () => {
    sandbox.setFaults([{ kind: 'endless-pages' }]);
    const first = (await (
      await circleci(sandbox, '/project/bb%2Facme-eng%2Fmy-service/pipeline')
    ).json()) as { items: unknown[]; next_page_token: string };
    expect(first.items.length).toBeGreaterThan(0);
    expect(first.next_page_token).toBe('endless-1');
    const second = (await (
      await circleci(
        sandbox,
        '/project/bb%2Facme-eng%2Fmy-service/pipeline?page-token=endless-1',
      )
    ).json()) as unknown;
    expect(second).toEqual({ items: [], next_page_token: 'endless-2' });

    const page = (await (
      await bitbucket(sandbox, `${WORKSPACE_REPOS}?endless=7`, token)
    ).json()) as { values: unknown[]; next: string };
    expect(page.values).toEqual([]);
    expect(new URL(page.next).searchParams.get('endless')).toBe('8');
  });

  it('cut-body closes the connection before Content-Length bytes; stall-body sends half and goes silent', async () => {
    sandbox.setFaults([
      { kind: 'cut-body', endpoint: 'GET /me', times: 1 },
      { kind: 'stall-body', endpoint: 'GET /me/collaborations', times: 1 },
    ]);
    const rawLength = async (path: string, waitMs: number) => {
      const response = await circleci(sandbox, path);
      const declared = Number(response.headers.get('content-length'));
      let received = 0;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        response.body.on('data', (chunk: Buffer) => {
          received += chunk.length;
        });
        response.body.on('end', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return { declared, received };
    };
    const cut = await rawLength('/me', 300);
    expect(cut.received).toBe(Math.floor(cut.declared / 2));
    const stalled = await rawLength('/me/collaborations', 300);
    expect(stalled.received).toBe(Math.floor(stalled.declared / 2));
    expect(sandbox.requestLog().map((e) => e.faults)).toEqual([
      ['cut-body'],
      ['stall-body'],
    ]);
  });
});
