import * as http from 'http';
import fetch from 'node-fetch';
import { Sandbox, startSandbox } from './server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './types';
import { bitbucket, bitbucketToken, circleci } from './contract/sandbox-http';

describe('sandbox server', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      dataset: 'demo',
      referenceTime: SANDBOX_REFERENCE_TIME,
      tokenTtlSeconds: 60,
    });
  });

  afterEach(() => {
    sandbox.setFaults([]);
    sandbox.resetStats();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('listens on loopback and exposes the vendor base URLs', () => {
    expect(sandbox.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.circleciBaseUrl).toBe(`${sandbox.origin}/circleci/api/v2`);
    expect(sandbox.bitbucketBaseUrl).toBe(`${sandbox.origin}/bitbucket/2.0`);
    expect(sandbox.bitbucketTokenUrl).toBe(
      `${sandbox.origin}/bitbucket/site/oauth2/access_token`,
    );
  });

  it('prints the .env lines per vendor', () => {
    const circleciEnv = {
      CIRCLECI_API_KEY: 'sandbox-circleci-token',
      CIRCLECI_BASE_URL: sandbox.circleciBaseUrl,
    };
    const bitbucketEnv = {
      BITBUCKET_OAUTH_KEY: 'sandbox-key-1,sandbox-key-2',
      BITBUCKET_OAUTH_SECRET: 'sandbox-secret-1,sandbox-secret-2',
      BITBUCKET_WORKSPACE: 'acme-eng,acme-labs',
      BITBUCKET_BASE_URL: sandbox.bitbucketBaseUrl,
      BITBUCKET_TOKEN_URL: sandbox.bitbucketTokenUrl,
    };
    expect(sandbox.env('circleci')).toEqual(circleciEnv);
    expect(sandbox.env('bitbucket')).toEqual(bitbucketEnv);
    expect(sandbox.env()).toEqual({ ...circleciEnv, ...bitbucketEnv });
  });

  it('answers 404 for an unknown vendor prefix and for unknown CircleCI paths', async () => {
    const unknownVendor = await fetch(`${sandbox.origin}/gitlab/api/v4/user`);
    expect(unknownVendor.status).toBe(404);
    expect(await unknownVendor.json()).toEqual({ message: 'Not Found' });
    const unknownPath = await circleci(sandbox, '/no/such/endpoint');
    expect(unknownPath.status).toBe(404);
    expect(await unknownPath.json()).toEqual({ message: 'Not Found' });
    expect(sandbox.stats()).toEqual({
      '(unknown vendor)': 1,
      'circleci (unknown path)': 1,
      total: 2,
    });
  });

  it('accepts the CircleCI token as Circle-Token, Bearer and Basic username', async () => {
    const token = SANDBOX_CREDENTIALS.circleciApiKey;
    const url = `${sandbox.circleciBaseUrl}/me`;
    const withHeader = await fetch(url, { headers: { 'Circle-Token': token } });
    const withBearer = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
    });
    const withBasic = await fetch(url, {
      headers: {
        authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}`,
      },
    });
    expect([withHeader.status, withBearer.status, withBasic.status]).toEqual([
      200, 200, 200,
    ]);
    expect(((await withBasic.json()) as { login: string }).login).toBe(
      sandbox.dataset.circleci.me.login,
    );
  });

  it('rejects missing, wrong and query-parameter CircleCI tokens with the vendor messages', async () => {
    const url = `${sandbox.circleciBaseUrl}/me`;
    const none = await fetch(url);
    const wrong = await fetch(url, { headers: { 'Circle-Token': 'nope' } });
    const query = await fetch(`${url}?circle-token=secret-in-url`);
    expect([none.status, wrong.status, query.status]).toEqual([401, 401, 401]);
    expect(await none.json()).toEqual({ message: 'You must log in first.' });
    expect(await wrong.json()).toEqual({ message: 'Invalid token provided.' });
    expect(((await query.json()) as { message: string }).message).toMatch(
      /^Support for query parameter authentication has been deprecated/,
    );
    // The token in the query string never reaches the log.
    expect(sandbox.requestLog().map((e) => e.path)).toEqual([
      '/circleci/api/v2/me',
      '/circleci/api/v2/me',
      '/circleci/api/v2/me?circle-token=%5BREDACTED%5D',
    ]);
  });

  it('counts requests per endpoint and logs them in arrival order', async () => {
    await circleci(sandbox, '/me');
    await circleci(sandbox, '/me/collaborations');
    await circleci(sandbox, '/me');
    const token = await bitbucketToken(sandbox);
    await bitbucket(sandbox, '/repositories/acme-eng', token);
    expect(sandbox.stats()).toEqual({
      'bitbucket GET /repositories/{workspace}': 1,
      'bitbucket POST /site/oauth2/access_token': 1,
      'circleci GET /me': 2,
      'circleci GET /me/collaborations': 1,
      total: 5,
    });
    const me = sandbox.dataset.circleci.me.login;
    expect(
      sandbox.requestLog().map(({ time, ...rest }) => {
        expect(time).toEqual(expect.any(Number));
        return rest;
      }),
    ).toEqual([
      {
        method: 'GET',
        path: '/circleci/api/v2/me',
        vendor: 'circleci',
        endpoint: 'GET /me',
        status: 200,
        credential: `circleci:${me}`,
      },
      {
        method: 'GET',
        path: '/circleci/api/v2/me/collaborations',
        vendor: 'circleci',
        endpoint: 'GET /me/collaborations',
        status: 200,
        credential: `circleci:${me}`,
      },
      {
        method: 'GET',
        path: '/circleci/api/v2/me',
        vendor: 'circleci',
        endpoint: 'GET /me',
        status: 200,
        credential: `circleci:${me}`,
      },
      {
        method: 'POST',
        path: '/bitbucket/site/oauth2/access_token',
        vendor: 'bitbucket',
        endpoint: 'POST /site/oauth2/access_token',
        status: 200,
        credential: 'sandbox-key-1',
      },
      {
        method: 'GET',
        path: '/bitbucket/2.0/repositories/acme-eng',
        vendor: 'bitbucket',
        endpoint: 'GET /repositories/{workspace}',
        status: 200,
        credential: 'sandbox-key-1',
      },
    ]);
    sandbox.resetStats();
    expect(sandbox.stats()).toEqual({ total: 0 });
    expect(sandbox.requestLog()).toEqual([]);
  });

  it('expires Bitbucket OAuth tokens on the sandbox clock', async () => {
    const token = await bitbucketToken(sandbox);
    expect(
      (await bitbucket(sandbox, '/repositories/acme-eng', token)).status,
    ).toBe(200);
    const before = sandbox.now();
    sandbox.advanceTime(61_000);
    expect(sandbox.now() - before).toBeGreaterThanOrEqual(61_000);
    expect(
      (await bitbucket(sandbox, '/repositories/acme-eng', token)).status,
    ).toBe(401);
  });

  it('serves hundreds of concurrent delayed requests without blocking', async () => {
    const busy = await startSandbox({ dataset: 'demo', latencyMs: 200 });
    try {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 400 });
      const started = Date.now();
      const responses = await Promise.all(
        Array.from({ length: 300 }, () =>
          fetch(`${busy.circleciBaseUrl}/me`, {
            agent,
            headers: { 'Circle-Token': SANDBOX_CREDENTIALS.circleciApiKey },
          }).then((r) => r.status),
        ),
      );
      const elapsed = Date.now() - started;
      agent.destroy();
      expect(responses).toEqual(Array.from({ length: 300 }, () => 200));
      // Serial handling would take 300 x 200 ms = 60 s.
      expect(elapsed).toBeLessThan(5_000);
      expect(busy.stats()).toEqual({ 'circleci GET /me': 300, total: 300 });
    } finally {
      await busy.close();
    }
  });

  it('closes promptly with keep-alive sockets and a hanging request open, then refuses connections', async () => {
    const other = await startSandbox({
      dataset: 'demo',
      faults: [{ kind: 'hang', endpoint: 'GET /me/collaborations' }],
    });
    const agent = new http.Agent({ keepAlive: true });
    const headers = { 'Circle-Token': SANDBOX_CREDENTIALS.circleciApiKey };
    expect(
      (await fetch(`${other.circleciBaseUrl}/me`, { agent, headers })).status,
    ).toBe(200);
    const hanging = fetch(`${other.circleciBaseUrl}/me/collaborations`, {
      headers,
    }).then(
      () => 'answered',
      (error: { code?: string }) => error.code,
    );
    // Give the hanging request time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await hanging).toBe('ECONNRESET');
    await expect(fetch(`${other.circleciBaseUrl}/me`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    agent.destroy();
  });

  it('summarises the dataset with exact counts for both vendors', () => {
    const summary = sandbox.datasetSummary();
    expect(summary.circleci.projects).toBe(6);
    expect(summary.circleci.pipelines).toBe(18);
    expect(summary.bitbucket.workspaces).toBe(2);
    expect(Object.keys(summary).sort()).toEqual(['bitbucket', 'circleci']);
  });
});
