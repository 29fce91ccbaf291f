/**
 * Issue 9's transport faults over whole collections (both vendors, demo
 * dataset, loopback sandbox, in process): each run is compared with a clean
 * run's graph keys, must end before a deadline, and must not put any
 * secret (whole or an 8-character part) in a log line, an error or the graph.
 */
import {
  IntegrationInvocationConfig,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../src/config';
import { invocationConfig } from '../src/index';
import { overrideTransportDefaults } from '../src/http/defaults';
import { collectInProcess, CollectResult } from './collect';
import { FaultRule } from './sandbox/faults';
import { Sandbox, SandboxOptions, startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

jest.setTimeout(120_000);

const NOW = SANDBOX_REFERENCE_TIME + 3600_000;
const TOKEN = 'POST /site/oauth2/access_token';
/** Whole-run deadline: a fault must never make a run hang. */
const RUN_DEADLINE_MS = 60_000;

const PLAIN_SECRETS = [
  SANDBOX_CREDENTIALS.circleciApiKey,
  SANDBOX_CREDENTIALS.bitbucketApiToken,
  ...SANDBOX_CREDENTIALS.bitbucketOauthSecret.split(','),
];
/** Basic key:secret headers of the consumers (any 8 characters are a leak). */
const BASIC_HEADERS = SANDBOX_CREDENTIALS.bitbucketOauthKey
  .split(',')
  .map((key, i) =>
    Buffer.from(
      `${key}:${SANDBOX_CREDENTIALS.bitbucketOauthSecret.split(',')[i]}`,
    ).toString('base64'),
  );
/** Issued sandbox tokens are `sandbox-bb-<40 hex>`; any 8 hex of one is a leak. */
const ISSUED_TOKEN_PART = /sandbox-bb-[0-9a-f]{8}|sandbox-bb-refresh/;

function configFor(sandbox: Sandbox, extra: Partial<IntegrationConfig> = {}) {
  return {
    circleciApiKey: SANDBOX_CREDENTIALS.circleciApiKey,
    circleciBaseUrl: sandbox.circleciBaseUrl,
    bitbucketOauthKey: SANDBOX_CREDENTIALS.bitbucketOauthKey,
    bitbucketOauthSecret: SANDBOX_CREDENTIALS.bitbucketOauthSecret,
    bitbucketWorkspace: 'acme-eng,acme-labs',
    bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
    bitbucketTokenUrl: sandbox.bitbucketTokenUrl,
    ...extra,
  } as IntegrationConfig;
}

function keysOf(result: CollectResult): string[] {
  return [
    ...result.entities.map((e) => `${e._type}|${e._key}`),
    ...result.relationships.map((r) => `${r._type}|${r._key}`),
  ].sort();
}

interface Run {
  result: CollectResult;
  logs: string;
  ms: number;
  sandbox: Sandbox;
}

let sandboxes: Sandbox[] = [];
let restoreDefaults: (() => void) | undefined;
afterEach(async () => {
  restoreDefaults?.();
  restoreDefaults = undefined;
  await Promise.all(sandboxes.map((s) => s.close()));
  sandboxes = [];
});

/**
 * One collection with info-level logs captured from the runtime's bunyan
 * stream (process.stdout), under a deadline.
 */
/** The invocation with `before(sandbox)` run at the start of some steps. */
function withHooks(
  stepIds: string[],
  before: () => void,
): IntegrationInvocationConfig<IntegrationConfig> {
  return {
    ...invocationConfig,
    integrationSteps: invocationConfig.integrationSteps.map(
      (step): IntegrationStep<IntegrationConfig> =>
        stepIds.includes(step.id)
          ? {
              ...step,
              executionHandler: async (context) => {
                before();
                await step.executionHandler(context);
              },
            }
          : step,
    ),
  };
}

async function run(
  sandboxOptions: SandboxOptions,
  faults: FaultRule[] | ((sandbox: Sandbox) => FaultRule[]) = [],
  extraConfig: Partial<IntegrationConfig> = {},
  hooks?: { steps: string[]; before: (sandbox: Sandbox) => void },
  configOverride?: (sandbox: Sandbox) => Partial<IntegrationConfig>,
): Promise<Run> {
  const sandbox = await startSandbox({
    port: 0,
    dataset: 'demo',
    referenceTime: SANDBOX_REFERENCE_TIME,
    ...sandboxOptions,
  });
  sandboxes.push(sandbox);
  sandbox.setFaults(typeof faults === 'function' ? faults(sandbox) : faults);
  const lines: string[] = [];
  const previousLevel = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = 'info';
  const write = process.stdout.write.bind(process.stdout);
  const spy = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  void write;
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      collectInProcess({
        config: {
          ...configFor(sandbox, extraConfig),
          ...configOverride?.(sandbox),
        },
        now: NOW,
        invocation: hooks
          ? withHooks(hooks.steps, () => hooks.before(sandbox))
          : undefined,
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(`the run did not end within ${RUN_DEADLINE_MS} ms`),
            ),
          RUN_DEADLINE_MS,
        );
      }),
    ]);
    return { result, logs: lines.join(''), ms: Date.now() - started, sandbox };
  } finally {
    clearTimeout(timer);
    spy.mockRestore();
    process.env.LOG_LEVEL = previousLevel;
  }
}

function expectNoSecrets(r: Run) {
  const text = `${r.logs}\n${JSON.stringify(r.result)}`;
  for (const secret of PLAIN_SECRETS) {
    // The sandbox's secrets share the prefix "sandbox-" with dataset names;
    // the whole value and its distinctive rest must not appear.
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.replace(/^sandbox-/, ''));
  }
  for (const header of BASIC_HEADERS) {
    for (let i = 0; i + 8 <= header.length; i += 1) {
      expect(text).not.toContain(header.slice(i, i + 8));
    }
  }
  expect(text).not.toMatch(ISSUED_TOKEN_PART);
}

function failedSteps(result: CollectResult) {
  // The cross-vendor step is disabled unless configured; that is no loss.
  return result.stepResults.filter(
    (s) => s.status !== 'success' && s.status !== 'disabled',
  );
}

let clean: Run;
beforeAll(async () => {
  clean = await run({});
  await Promise.all(sandboxes.map((s) => s.close()));
  sandboxes = [];
});

test('clean run: the baseline every fault run is compared with', () => {
  expect(failedSteps(clean.result)).toEqual([]);
  expect(keysOf(clean.result).length).toBeGreaterThan(400);
  expectNoSecrets(clean);
});

test.each([
  ['at the default concurrency', {}],
  ['at concurrency 1', { bitbucketConcurrency: 1 }],
])(
  'Bitbucket OAuth tokens expiring every 2 s under 20 ms latency, %s: the same graph as a clean run',
  async (_name, extra) => {
    // The demo run lasts about a second, shorter than three lifetimes, so
    // the sandbox clock moves 50 ms per Bitbucket request: a token expires
    // on the server after about 40 of them while the client still thinks it
    // fresh, as when a token expires with requests in flight. The clock
    // follows Bitbucket's requests only, not the wall clock or CircleCI's
    // (a wall-clock ticker, or a step on every request, let a loaded machine
    // expire a fresh token before its first use).
    const r = await run(
      { tokenTtlSeconds: 2, latencyMs: 20, clockStepPerBitbucketRequestMs: 50 },
      [],
      extra,
    );
    expect(failedSteps(r.result)).toEqual([]);
    expect(keysOf(r.result)).toEqual(keysOf(clean.result));
    const log = r.sandbox.requestLog();
    const tokenRequests = log.filter((e) => e.endpoint === TOKEN);
    // Two consumers at validation, then a refresh after each expiry met.
    expect(tokenRequests.length).toBeGreaterThanOrEqual(5);
    expect(tokenRequests.every((e) => e.status === 200)).toBe(true);
    expect(log.filter((e) => e.status === 401).length).toBeGreaterThanOrEqual(
      3,
    );
    expectNoSecrets(r);
  },
);

test('large dataset, Bitbucket only, concurrency 1: tokens expiring every 2 s of real time under 20 ms latency lose nothing', async () => {
  const bitbucketOnly = (sandbox: Sandbox): Partial<IntegrationConfig> => ({
    circleciApiKey: undefined,
    circleciBaseUrl: undefined,
    bitbucketWorkspace: 'large-ws-1,large-ws-2',
    bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
  });
  const baseline = await run(
    { dataset: 'large' },
    [],
    {},
    undefined,
    bitbucketOnly,
  );
  const r = await run(
    { dataset: 'large', tokenTtlSeconds: 2, latencyMs: 20 },
    [],
    { bitbucketConcurrency: 1 },
    undefined,
    bitbucketOnly,
  );
  expect(failedSteps(r.result)).toEqual([]);
  expect(keysOf(r.result)).toEqual(keysOf(baseline.result));
  const refreshes =
    r.sandbox.requestLog().filter((e) => e.endpoint === TOKEN).length - 2;
  expect(refreshes).toBeGreaterThanOrEqual(3);
  // eslint-disable-next-line no-console
  console.error(
    `large run: ${r.ms} ms, ${refreshes} token refreshes, ${
      keysOf(r.result).length
    } graph objects`,
  );
  expectNoSecrets(r);
});

const STORM_MS = Number(process.env.STORM_MS ?? 3000);

test(`a ${STORM_MS} ms 429 storm with Retry-After: 1 on every endpoint, starting mid-run, loses nothing and the waits are logged`, async () => {
  // The storm starts when the CircleCI projects step starts (validation and
  // the first steps are done) and lasts STORM_MS on every endpoint of both
  // vendors, the token endpoint included.
  const r = await run(
    { latencyMs: 5 },
    [],
    {},
    {
      steps: ['circleci-fetch-projects'],
      before: (sandbox) =>
        sandbox.setFaults([
          {
            kind: 'rate-limit',
            retryAfterSeconds: 1,
            from: sandbox.now(),
            until: sandbox.now() + STORM_MS,
          },
        ]),
    },
  );
  expect(failedSteps(r.result)).toEqual([]);
  expect(keysOf(r.result)).toEqual(keysOf(clean.result));
  const limited = r.sandbox.requestLog().filter((e) => e.status === 429);
  expect(new Set(limited.map((e) => e.vendor))).toEqual(
    new Set(['circleci', 'bitbucket']),
  );
  expect(r.logs).toMatch(
    /CircleCI .+ answered 429; waiting 1000 ms as the vendor asked, then retrying/,
  );
  expect(r.logs).toMatch(
    // With two consumers both limited, the wait is what is left of the
    // earliest one's Retry-After: up to 1000 ms.
    /Bitbucket .+ answered 429; waiting \d{1,4} ms as the vendor asked, then retrying/,
  );
  expect(r.ms).toBeGreaterThanOrEqual(STORM_MS);
  expectNoSecrets(r);
});

/** Graph objects of the clean run that this run lacks, by _type. */
function lostTypes(r: Run): Record<string, number> {
  const have = new Set(keysOf(r.result));
  const lost: Record<string, number> = {};
  for (const key of keysOf(clean.result)) {
    if (have.has(key)) continue;
    const type = key.split('|')[0];
    lost[type] = (lost[type] ?? 0) + 1;
  }
  return lost;
}

test('Retry-After: 86400 on one CircleCI request costs only that request: later CircleCI requests go out after the capped pause', async () => {
  restoreDefaults = overrideTransportDefaults({
    retry: { maxTotalWaitMs: 1_000 },
  });
  const r = await run({}, [
    {
      kind: 'status',
      status: 429,
      retryAfterSeconds: 86_400,
      vendor: 'circleci',
      endpoint: 'GET /project/{project-slug}/envvar',
      path: 'my-service',
      times: 1,
    },
  ]);
  // Only my-service's environment variables are missing: the step that
  // met the failure reports it (a step failure, announced as partial data);
  // every other CircleCI request, before and after, was answered.
  expect(lostTypes(r)).toEqual({
    circleci_project_environment_variable: 3,
    circleci_project_has_environment_variable: 3,
  });
  expect(failedSteps(r.result)).toEqual([
    { id: 'circleci-fetch-project-environment-variables', status: 'failure' },
  ]);
  expect(r.logs).toContain(
    "429 Too Many Requests: Rate limit exceeded.; the vendor asked to wait 86400 s, more than the 1000 ms left of this request's 1000 ms wait budget, so it is not retried (1 attempt, waited 0 ms)",
  );
  const circleci = r.sandbox
    .requestLog()
    .filter((e) => e.vendor === 'circleci');
  expect(circleci.filter((e) => e.status === 429)).toHaveLength(1);
  expect(circleci.filter((e) => e.status === 200).length).toBeGreaterThan(50);
  // The pause the vendor asked for was capped at the 1 s budget.
  expect(r.ms).toBeLessThan(clean.ms + 5_000);
  expectNoSecrets(r);
});

test('stalled and cut-short bodies are aborted in well under the 30 s timeout and retried: nothing lost', async () => {
  restoreDefaults = overrideTransportDefaults({ readTimeoutMs: 300 });
  const r = await run({}, [
    {
      kind: 'stall-body',
      vendor: 'circleci',
      endpoint: 'GET /workflow/{id}/job',
      times: 2,
    },
    {
      kind: 'cut-body',
      vendor: 'circleci',
      endpoint: 'GET /project/{project-slug}/pipeline',
      times: 2,
    },
    {
      kind: 'stall-body',
      vendor: 'bitbucket',
      endpoint: 'GET /repositories/{workspace}',
      times: 1,
    },
    {
      kind: 'cut-body',
      vendor: 'bitbucket',
      endpoint: 'GET /repositories/{workspace}/{repo_slug}/pullrequests',
      times: 2,
    },
  ]);
  expect(failedSteps(r.result)).toEqual([]);
  expect(keysOf(r.result)).toEqual(keysOf(clean.result));
  const applied = r.sandbox
    .requestLog()
    .flatMap((e) => e.faults ?? [])
    .filter((f) => f === 'stall-body' || f === 'cut-body');
  expect(applied.sort()).toEqual([
    'cut-body',
    'cut-body',
    'cut-body',
    'cut-body',
    'stall-body',
    'stall-body',
    'stall-body',
  ]);
  // Three stalls of 300 ms and four cuts seen at once, not 7 x 30 s.
  expect(r.ms).toBeLessThan(clean.ms + 8_000);
  expectNoSecrets(r);
});

test('endless pagination (fresh next links and tokens, empty pages) is stopped by the page cap with an error naming the endpoint', async () => {
  restoreDefaults = overrideTransportDefaults({ maxPages: 40 });
  const r = await run({}, [
    {
      kind: 'endless-pages',
      vendor: 'circleci',
      endpoint: 'GET /project/{project-slug}/envvar',
      path: 'my-service',
    },
    {
      kind: 'endless-pages',
      vendor: 'bitbucket',
      endpoint:
        'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/commits',
    },
  ]);
  const log = r.sandbox.requestLog();
  const count = (endpoint: string, path: RegExp) =>
    log.filter((e) => e.endpoint === endpoint && path.test(e.path)).length;
  // Exactly the cap per listing, empty pages included, then the error; a PR
  // whose listing the clean run saw refused (a deleted fork) costs one.
  const commitsEndpoint =
    'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/commits';
  const cleanCommits = clean.sandbox
    .requestLog()
    .filter((e) => e.endpoint === commitsEndpoint);
  const listed = cleanCommits.filter((e) => e.status === 200).length;
  const refused = cleanCommits.filter((e) => e.status !== 200).length;
  expect([listed, refused]).toEqual([18, 1]);
  expect(count(commitsEndpoint, /./)).toBe(listed * 40 + refused);
  expect(count('GET /project/{project-slug}/envvar', /my-service/)).toBe(40);
  expect(r.logs).toContain(
    'GET /project/{project-slug}/envvar: more than 40 pages (the cap on one listing; empty pages count); stopping the listing at GET',
  );
  // The project's listing error costs only that project (its first page's
  // variables are kept, with one warning); Bitbucket keeps every PR, each
  // announced without its approval analysis.
  expect(failedSteps(r.result)).toEqual([]);
  expect(
    r.result.warnEvents
      .map((e) => e.description)
      .filter((d) => /envvar: more than 40 pages/.test(d)),
  ).toHaveLength(1);
  expect(keysOf(r.result)).toEqual(keysOf(clean.result));
  expect(
    r.result.warnEvents.filter((e) =>
      /collected without its approval analysis .*commits: PAGINATION_ERROR/.test(
        e.description,
      ),
    ),
  ).toHaveLength(listed);
  expectNoSecrets(r);
});
