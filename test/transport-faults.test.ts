/**
 * The shared transport and pagination helpers against the vendor sandbox's
 * fault kinds, on real CircleCI / Bitbucket sandbox endpoints: each fault is
 * either survived or ends with a clear error, and the transport keeps serving
 * other resources afterwards.
 */
import {
  IntegrationProviderAPIError,
  IntegrationProviderAuthorizationError,
} from '@jupiterone/integration-sdk-core';
import {
  Authenticator,
  createTransport,
  flattenPages,
  HttpTransport,
  isHttpStatus,
  isNetworkFailure,
  NETWORK_ERROR_STATUS,
  paginate,
  TransportOptions,
} from '../src/http';
import { bitbucketPages } from '../src/bitbucket/client/pages';
import { circleciPages } from '../src/circleci/client/pages';
import {
  captureLogger,
  LogCall,
} from '../src/http/test-support/capture-logger';
import { InstantClock } from '../src/http/test-support/fake-clock';
import { FaultRule, FOREIGN_ORIGIN } from './sandbox/faults';
import { Sandbox, SandboxOptions, startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS } from './sandbox/types';

const PROJECT = 'bb/acme-eng/my-service'; // 5 pipelines in the demo dataset
const OTHER_PROJECT = 'bb/acme-eng/web-app'; // 4 pipelines
const WORKSPACE = 'acme-eng'; // 5 repositories
const PIPELINES = 'GET /project/{project-slug}/pipeline';
const REPOSITORIES = 'GET /repositories/{workspace}';
/** Fault `path` patterns aiming at the resource under test only. */
const MY_SERVICE = 'my-service/pipeline';
const ACME_ENG = '/repositories/acme-eng';

const apiBasic = Buffer.from(
  `${SANDBOX_CREDENTIALS.bitbucketUsername}:${SANDBOX_CREDENTIALS.bitbucketApiToken}`,
).toString('base64');
const SECRETS = [
  SANDBOX_CREDENTIALS.circleciApiKey,
  SANDBOX_CREDENTIALS.bitbucketApiToken,
  apiBasic,
  ...SANDBOX_CREDENTIALS.bitbucketOauthSecret.split(','),
];
/** Secrets a test obtains while it runs (issued tokens, consumer headers). */
let runtimeSecrets: string[] = [];

const circleciAuth: Authenticator = {
  headers: () =>
    Promise.resolve({ 'Circle-Token': SANDBOX_CREDENTIALS.circleciApiKey }),
  secrets: () => [SANDBOX_CREDENTIALS.circleciApiKey],
};
const bitbucketAuth: Authenticator = {
  headers: () => Promise.resolve({ Authorization: `Basic ${apiBasic}` }),
  secrets: () => [SANDBOX_CREDENTIALS.bitbucketApiToken],
};

/**
 * Instant sleeps that also move the sandbox clock, so waiting out a request
 * budget window takes no real time.
 */
class SandboxClock extends InstantClock {
  constructor(private readonly sandbox: Sandbox) {
    super(Date.now());
  }
  override sleep(ms: number): Promise<void> {
    this.sandbox.advanceTime(ms);
    return super.sleep(ms);
  }
}

let sandbox: Sandbox | undefined;
let logCalls: LogCall[] = [];

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  // Whatever happened in the test, no credential reached a log line.
  const logged = JSON.stringify(logCalls);
  for (const secret of [...SECRETS, ...runtimeSecrets]) {
    expect(logged).not.toContain(secret);
  }
  logCalls = [];
  runtimeSecrets = [];
});

async function setup(
  faults: FaultRule[],
  transportOptions: Partial<TransportOptions> = {},
  sandboxOptions: SandboxOptions = {},
) {
  const sb = await startSandbox({
    port: 0,
    faults,
    circleciPageSize: 2,
    bitbucketPageSizeCap: 2,
    ...sandboxOptions,
  });
  sandbox = sb;
  const clock = new SandboxClock(sb);
  const logger = captureLogger();
  logCalls = logger.calls;
  const common = { clock, random: () => 0.5, logger, ...transportOptions };
  const circleci = createTransport({
    vendor: 'CircleCI',
    baseUrl: sb.circleciBaseUrl,
    auth: circleciAuth,
    ...common,
  });
  const bitbucket = createTransport({
    vendor: 'Bitbucket',
    baseUrl: sb.bitbucketBaseUrl,
    auth: bitbucketAuth,
    ...common,
  });
  return { sb, clock, logger, circleci, bitbucket };
}

interface Named {
  number?: number;
  slug?: string;
}

function pipelines(transport: HttpTransport, slug = PROJECT) {
  return paginate<Named>(
    transport,
    {
      url: `project/${encodeURIComponent(slug)}/pipeline`,
      endpoint: PIPELINES,
    },
    circleciPages({ endOnLaterPageNotFound: true }),
  );
}

function repositories(transport: HttpTransport, workspace = WORKSPACE) {
  return paginate<Named>(
    transport,
    { url: `repositories/${workspace}?pagelen=10`, endpoint: REPOSITORIES },
    bitbucketPages,
  );
}

async function count<T>(pages: AsyncIterable<T[]>): Promise<number> {
  let n = 0;
  for await (const item of flattenPages(pages)) {
    void item;
    n += 1;
  }
  return n;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`rejected with a non-Error: ${String(err)}`);
  }
  throw new Error('expected a failure');
}

/** A listing that must fail: the items read before the error, and the error. */
async function listUntilError<T>(pages: AsyncIterable<T[]>) {
  let items = 0;
  try {
    for await (const page of pages) items += page.length;
  } catch (err) {
    if (err instanceof Error) return { items, err };
    throw err;
  }
  throw new Error('expected the listing to fail');
}

/** The other resources the transports must still serve after a fault. */
async function expectOthersStillServed(
  circleci: HttpTransport,
  bitbucket: HttpTransport,
) {
  await expect(count(pipelines(circleci, OTHER_PROJECT))).resolves.toBe(4);
  await expect(count(repositories(bitbucket, 'acme-labs'))).resolves.toBe(3);
}

describe('latency', () => {
  test('slow answers within the timeout are simply awaited', async () => {
    const { sb, clock, circleci } = await setup([
      { kind: 'latency', ms: 80, vendor: 'circleci' },
    ]);
    const started = Date.now();
    await expect(count(pipelines(circleci))).resolves.toBe(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 80);
    expect(clock.sleeps).toEqual([]);
    expect(sb.stats()[`circleci ${PIPELINES}`]).toBe(3);
  });

  test('an answer slower than timeoutMs is abandoned and retried', async () => {
    const { sb, circleci, bitbucket } = await setup(
      [{ kind: 'latency', ms: 3000, endpoint: PIPELINES, times: 1 }],
      { timeoutMs: 400 },
    );
    await expect(count(pipelines(circleci))).resolves.toBe(5);
    // 3 pages + the one abandoned attempt
    expect(sb.stats()[`circleci ${PIPELINES}`]).toBe(4);
    expect(circleci.stats()[PIPELINES]).toMatchObject({
      requests: 4,
      retries: 1,
    });
    await expectOthersStillServed(circleci, bitbucket);
  });
});

describe('rate limiting', () => {
  test('CircleCI 429 with Retry-After waits what the server asked', async () => {
    const { clock, circleci, bitbucket } = await setup([
      {
        kind: 'rate-limit',
        retryAfterSeconds: 3,
        vendor: 'circleci',
        times: 2,
      },
    ]);
    await expect(count(pipelines(circleci))).resolves.toBe(5);
    expect(clock.sleeps).toEqual([3000, 3000]);
    expect(circleci.stats()[PIPELINES]).toEqual(
      expect.objectContaining({ requests: 5, retries: 2, rateLimited: 2 }),
    );
    await expectOthersStillServed(circleci, bitbucket);
  });

  test('CircleCI 429 without Retry-After backs off', async () => {
    const { clock, circleci } = await setup([
      {
        kind: 'rate-limit',
        retryAfterSeconds: null,
        vendor: 'circleci',
        times: 2,
      },
    ]);
    await expect(count(pipelines(circleci))).resolves.toBe(5);
    expect(clock.sleeps).toEqual([250, 500]);
  });

  test('Bitbucket text/plain 429 without Retry-After backs off', async () => {
    const { clock, circleci, bitbucket } = await setup([
      { kind: 'rate-limit', vendor: 'bitbucket', times: 1 },
    ]);
    await expect(count(repositories(bitbucket))).resolves.toBe(5);
    expect(clock.sleeps).toEqual([250]);
    expect(bitbucket.stats()[REPOSITORIES].rateLimited).toBe(1);
    await expectOthersStillServed(circleci, bitbucket);
  });

  test('a request budget is waited out (backoff moves the sandbox clock)', async () => {
    const { sb, clock, bitbucket } = await setup([
      { kind: 'budget', vendor: 'bitbucket', limit: 2, windowMs: 1000 },
    ]);
    await expect(count(repositories(bitbucket))).resolves.toBe(5);
    // Third page: 429 at +0, +250 and +750 ms; at +1750 ms the 1 s window
    // holds no request any more.
    expect(clock.sleeps).toEqual([250, 500, 1000]);
    // 3 pages + 3 rejected attempts
    expect(sb.stats()[`bitbucket ${REPOSITORIES}`]).toBe(6);
  });

  test('a budget that outlasts the retries ends with a clear error', async () => {
    const { sb, bitbucket, circleci } = await setup(
      [{ kind: 'budget', vendor: 'bitbucket', limit: 1, windowMs: 3_600_000 }],
      { retry: { maxRetries: 3 } },
    );
    const { items, err } = await listUntilError(repositories(bitbucket));
    expect(items).toBe(2);
    expect(err).toBeInstanceOf(IntegrationProviderAPIError);
    expect(err).toMatchObject({ status: 429 });
    expect(err.message).toBe(
      `Bitbucket request failed at GET ${sb.bitbucketBaseUrl}/repositories/${WORKSPACE}: 429 Too Many Requests: Rate limit for this resource has been exceeded; retries exhausted after 4 attempts (waited 1750 ms)`,
    );
    await expect(count(pipelines(circleci))).resolves.toBe(5);
  });
});

describe('server errors', () => {
  test('a 500/502/503 burst is survived', async () => {
    const { clock, circleci, bitbucket } = await setup([
      {
        kind: 'status',
        status: [500, 502, 503],
        endpoint: PIPELINES,
        times: 3,
      },
    ]);
    await expect(count(pipelines(circleci))).resolves.toBe(5);
    expect(clock.sleeps).toEqual([250, 500, 1000]);
    await expectOthersStillServed(circleci, bitbucket);
  });

  test('a burst longer than the retry budget ends with a clear error', async () => {
    const { sb, circleci, bitbucket } = await setup(
      [
        {
          kind: 'status',
          status: [502, 503],
          endpoint: PIPELINES,
          path: MY_SERVICE,
        },
      ],
      { retry: { maxRetries: 2 } },
    );
    const err = await failure(count(pipelines(circleci)));
    expect(err).toMatchObject({ status: 502 });
    expect(err.message).toBe(
      `CircleCI request failed at GET ${sb.circleciBaseUrl}/project/bb%2Facme-eng%2Fmy-service/pipeline: 502 Bad Gateway; retries exhausted after 3 attempts (waited 750 ms)`,
    );
    await expectOthersStillServed(circleci, bitbucket);
  });
});

describe('broken connections', () => {
  test('connection resets are retried', async () => {
    const { sb, circleci, bitbucket } = await setup([
      { kind: 'reset', times: 2 },
    ]);
    await expect(count(pipelines(circleci))).resolves.toBe(5);
    await expect(count(repositories(bitbucket))).resolves.toBe(5);
    expect(circleci.stats()[PIPELINES].retries).toBe(2);
    expect(sb.stats()[`circleci ${PIPELINES}`]).toBe(5);
  });

  test('resets on every attempt end as a network failure', async () => {
    const { sb, circleci, bitbucket } = await setup(
      [{ kind: 'reset', endpoint: PIPELINES, path: MY_SERVICE }],
      { retry: { maxRetries: 1 } },
    );
    const err = await failure(count(pipelines(circleci)));
    expect(isNetworkFailure(err)).toBe(true);
    expect(err).toMatchObject({ status: NETWORK_ERROR_STATUS });
    expect(err.message).toMatch(
      /^CircleCI request failed at GET .+\/pipeline: network failure \((ECONNRESET|socket hang up)\); retries exhausted after 2 attempts \(waited 250 ms\)$/,
    );
    expect(sb.stats()[`circleci ${PIPELINES}`]).toBe(2);
    await expectOthersStillServed(circleci, bitbucket);
  });

  test('a response that never comes times out and is retried', async () => {
    const { circleci, bitbucket } = await setup(
      [{ kind: 'hang', vendor: 'bitbucket', times: 1 }],
      { timeoutMs: 400 },
    );
    await expect(count(repositories(bitbucket))).resolves.toBe(5);
    expect(bitbucket.stats()[REPOSITORIES]).toMatchObject({
      requests: 4,
      retries: 1,
    });
    await expectOthersStillServed(circleci, bitbucket);
  });
});

describe('broken bodies', () => {
  test.each(['truncated-json', 'malformed-json'] as const)(
    'a %s body is retried',
    async (kind) => {
      const { circleci, bitbucket } = await setup([{ kind, times: 1 }]);
      await expect(count(pipelines(circleci))).resolves.toBe(5);
      expect(circleci.stats()[PIPELINES].retries).toBe(1);
      await expectOthersStillServed(circleci, bitbucket);
    },
  );

  test('a body that never parses ends with an error naming the endpoint', async () => {
    const { sb, circleci, bitbucket } = await setup(
      [{ kind: 'truncated-json', endpoint: REPOSITORIES, path: ACME_ENG }],
      { retry: { maxRetries: 2 } },
    );
    const err = await failure(count(repositories(bitbucket)));
    expect(err.message).toMatch(
      new RegExp(
        `^Bitbucket request failed at GET ${sb.bitbucketBaseUrl}/repositories/${WORKSPACE}: the 200 response body is not valid JSON \\(\\d+ bytes\\); retries exhausted after 3 attempts \\(waited 750 ms\\)$`,
      ),
    );
    await expectOthersStillServed(circleci, bitbucket);
  });
});

describe('one inaccessible resource', () => {
  test.each([
    [403, IntegrationProviderAuthorizationError],
    [404, IntegrationProviderAPIError],
  ])(
    '%i on one project fails that project only, without retries',
    async (status, errorClass) => {
      const { sb, circleci, bitbucket } = await setup([
        { kind: 'status', status, path: MY_SERVICE },
      ]);
      const err = await failure(count(pipelines(circleci)));
      expect(err).toBeInstanceOf(errorClass);
      expect(isHttpStatus(err, status)).toBe(true);
      expect(sb.stats()[`circleci ${PIPELINES}`]).toBe(1);
      await expectOthersStillServed(circleci, bitbucket);
    },
  );
});

describe('pagination faults', () => {
  test('CircleCI: a repeated page token is refused', async () => {
    const { circleci, bitbucket } = await setup([
      { kind: 'repeat-page', endpoint: PIPELINES, path: MY_SERVICE },
    ]);
    const { items, err } = await listUntilError(pipelines(circleci));
    expect(items).toBe(4); // pages 1 and 2; page 2 names its own token again
    expect(err).toBeInstanceOf(IntegrationProviderAPIError);
    expect(err.message).toBe(
      `${PIPELINES}: the page token repeated on page 2; stopping to avoid an endless listing`,
    );
    await expectOthersStillServed(circleci, bitbucket);
  });

  test('CircleCI: a 404 on a later page ends the listing with a warning', async () => {
    const { circleci, logger } = await setup([
      { kind: 'status', status: 404, endpoint: PIPELINES, path: 'page-token=' },
    ]);
    await expect(count(pipelines(circleci))).resolves.toBe(2);
    expect(logger.calls.filter((c) => c.level === 'warn')).toHaveLength(1);
    expect(logger.calls[0].msg).toContain(`${PIPELINES}: page 2 answered 404`);
  });

  test('Bitbucket: a next link to the page itself is refused', async () => {
    const { sb, circleci, bitbucket } = await setup([
      { kind: 'repeat-page', endpoint: REPOSITORIES, path: ACME_ENG },
    ]);
    const { items, err } = await listUntilError(repositories(bitbucket));
    expect(items).toBe(2);
    expect(err.message).toBe(
      `${REPOSITORIES}: the next link repeated a page already read (${sb.bitbucketBaseUrl}/repositories/${WORKSPACE}); stopping to avoid an endless listing`,
    );
    await expectOthersStillServed(circleci, bitbucket);
  });

  test('Bitbucket: a next link to a foreign host is refused', async () => {
    const { sb, circleci, bitbucket } = await setup([
      { kind: 'foreign-next', endpoint: REPOSITORIES, path: ACME_ENG },
    ]);
    const { items, err } = await listUntilError(repositories(bitbucket));
    expect(items).toBe(2);
    expect(err.message).toBe(
      `${REPOSITORIES}: the next link points to another origin (${FOREIGN_ORIGIN}, expected ${sb.origin}); not following it`,
    );
    expect(sb.stats()[`bitbucket ${REPOSITORIES}`]).toBe(1);
    await expectOthersStillServed(circleci, bitbucket);
  });

  test('Bitbucket: "Invalid pagelen" on the pull-request list falls back to 50', async () => {
    const { sb, bitbucket, logger } = await setup([]);
    const endpoint = 'GET /repositories/{workspace}/{repo_slug}/pullrequests';
    const prs = paginate(
      bitbucket,
      {
        url: `repositories/${WORKSPACE}/my-service/pullrequests?pagelen=100&state=MERGED`,
        endpoint,
      },
      bitbucketPages,
    );
    await expect(count(prs)).resolves.toBeGreaterThan(0);
    const requests = sb
      .requestLog()
      .filter((entry) => entry.endpoint === endpoint);
    expect(requests.slice(0, 2)).toEqual([
      expect.objectContaining({
        status: 400,
        path: expect.stringContaining('pagelen=100&state=MERGED'),
      }),
      expect.objectContaining({
        status: 200,
        path: expect.stringContaining('pagelen=50&state=MERGED'),
      }),
    ]);
    expect(requests.slice(1).every((r) => r.status === 200)).toBe(true);
    expect(logger.calls.filter((c) => c.level === 'warn')).toHaveLength(1);
  });
});

describe('expired credentials', () => {
  test('Bitbucket: an expired OAuth token is refreshed once via onUnauthorized', async () => {
    const { sb, logger } = await setup([]);
    const [key] = SANDBOX_CREDENTIALS.bitbucketOauthKey.split(',');
    const [secret] = SANDBOX_CREDENTIALS.bitbucketOauthSecret.split(',');
    const consumer = Buffer.from(`${key}:${secret}`).toString('base64');
    runtimeSecrets.push(consumer);
    let token: string | undefined;
    const tokenRequests: string[] = [];
    const requestToken = async () => {
      const { body } = await transport.requestJson<{ access_token: string }>({
        method: 'POST',
        url: sb.bitbucketTokenUrl,
        endpoint: 'POST /site/oauth2/access_token',
        noAuth: true,
        headers: {
          Authorization: `Basic ${consumer}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      token = body.access_token;
      tokenRequests.push(token);
      runtimeSecrets.push(token);
      return token;
    };
    const transport = createTransport({
      vendor: 'Bitbucket',
      baseUrl: sb.bitbucketBaseUrl,
      clock: new SandboxClock(sb),
      logger,
      auth: {
        headers: async () => ({
          Authorization: `Bearer ${token ?? (await requestToken())}`,
        }),
        onUnauthorized: async () => Boolean(await requestToken()),
        secrets: () => [secret, ...(token ? [token] : [])],
      },
    });
    await expect(count(repositories(transport))).resolves.toBe(5);
    sb.advanceTime(3_600_001); // the vendor's one-hour token lifetime
    await expect(count(repositories(transport))).resolves.toBe(5);
    expect(tokenRequests).toHaveLength(2);
    expect(tokenRequests[0]).not.toBe(tokenRequests[1]);
    const statuses = sb
      .requestLog()
      .filter((entry) => entry.path.includes('/repositories/'))
      .map((entry) => entry.status);
    expect(statuses).toEqual([200, 200, 200, 401, 200, 200, 200]);
    // The refresh is logged (so the secret scan in afterEach has a line to
    // read), without the expired token or the consumer's credentials.
    const logged = JSON.stringify(logger.calls);
    expect(logged).toContain('retrying at once with new credentials');
    expect(logged).not.toContain(tokenRequests[0]);
  });
});
