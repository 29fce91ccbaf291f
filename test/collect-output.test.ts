import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { envVarName, instanceConfigFields } from '../src/config';
import {
  CliRun,
  collectEnv,
  PROJECT_ROOT,
  requestCountOf,
  runCli,
} from '../scripts/lib/collect-run';

/**
 * What `npm run collect` (scripts/collect.ts) shows a person, through the
 * same runner and environment, with explicit configuration: the CLI runs
 * from an empty folder (no .env) on a temporary project folder whose `src`
 * links to this one, so nothing is read from or written to the project.
 */
let dir: string;
let cwd: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'collect-output-'));
  cwd = mkdtempSync(join(tmpdir(), 'collect-output-cwd-'));
  symlinkSync(join(PROJECT_ROOT, 'src'), join(dir, 'src'), 'dir');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});

function explicitEnv(config: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
  };
  for (const field of Object.keys(instanceConfigFields)) {
    env[envVarName(field)] = '';
  }
  return {
    ...collectEnv(env),
    ...config,
    TS_NODE_PROJECT: join(PROJECT_ROOT, 'tsconfig.json'),
  };
}

async function collect(
  config: Record<string, string>,
  verbose: boolean,
): Promise<CliRun> {
  return runCli({
    args: ['collect', '--project-path', dir],
    cwd,
    env: explicitEnv(config),
    verbose,
    logFile: join(dir, '.j1-integration', 'collect.log'),
    print: () => undefined,
  });
}

const BOTH_MISCONFIGURED = {
  CIRCLECI_API_KEY: 'some-token',
  CIRCLECI_CONCURRENCY: '500',
  BITBUCKET_WORKSPACE: 'my-real-ws',
  BITBUCKET_INGEST_PULL_REQUESTS: 'maybe',
};

test('a configuration error is printed once, every problem on its own line, without a stack trace', async () => {
  const run = await collect(BOTH_MISCONFIGURED, false);
  expect(run.exitCode).toBe(1);
  expect(run.printed).toEqual([
    'IntegrationValidationError: 3 configuration problems:',
    '  - CircleCI: circleciConcurrency (CIRCLECI_CONCURRENCY) must be a whole number from 1 to 50; got "500". Fix the value or leave it empty for the default (10).',
    '  - Bitbucket: bitbucketWorkspace (BITBUCKET_WORKSPACE) is set but no Bitbucket credential is: set bitbucketOauthKey and bitbucketOauthSecret (BITBUCKET_OAUTH_KEY, BITBUCKET_OAUTH_SECRET: an OAuth consumer), or bitbucketUsername and bitbucketApiToken (BITBUCKET_USERNAME, BITBUCKET_API_TOKEN: an Atlassian API token).',
    '  - Bitbucket: bitbucketIngestPullRequests (BITBUCKET_INGEST_PULL_REQUESTS) must be true or false (yes/no and 1/0 are accepted too, in any case); got "maybe". Fix the value or leave it empty for the default (true).',
  ]);
  expect(run.warnings).toEqual([]);
  // The CLI itself prints it more than once, with stack traces; the full
  // log keeps all of it.
  const log = readFileSync(join(dir, '.j1-integration', 'collect.log'), 'utf8');
  expect(
    log.match(/circleciConcurrency \(CIRCLECI_CONCURRENCY\)/g)?.length,
  ).toBeGreaterThan(1);
  expect(log).toMatch(/^\s+at /m);
}, 120_000);

test('BITBUCKET_INGEST_PULL_REQUESTS=no is understood by the package, not refused by the SDK', async () => {
  const run = await collect(
    { ...BOTH_MISCONFIGURED, BITBUCKET_INGEST_PULL_REQUESTS: 'no' },
    false,
  );
  expect(run.printed.join('\n')).not.toContain('TypeMismatch');
  expect(run.printed.join('\n')).not.toContain('bitbucketIngestPullRequests');
  expect(run.printed[0]).toBe(
    'IntegrationValidationError: 2 configuration problems:',
  );
}, 120_000);

test('--verbose prints the CLI output unchanged, still without the AWS SDK end-of-support notice', async () => {
  const run = await collect(BOTH_MISCONFIGURED, true);
  expect(run.exitCode).toBe(1);
  const printed = run.printed.join('\n');
  expect(printed).toContain('Collected metric');
  expect(printed).toMatch(/^\s+at /m);
  expect(printed).not.toContain('end-of-support');
  expect(printed).not.toContain('AWS SDK');
}, 120_000);

test('request totals are read from the message, whatever step id the line carries or where', () => {
  // A cross-vendor step's long line: the logger put its stepId on the next
  // line, so the count must not depend on it (a run whose last CircleCI
  // requests came from such a step was counted one short).
  expect(
    requestCountOf(
      'CircleCI requests so far: requests=94 retries=0 429s=0 bytes=49437; GET /workflow/{id}/job: 18 req',
    ),
  ).toEqual({ vendor: 'CircleCI', requests: 94 });
  expect(
    requestCountOf(
      'bitbucket-fetch-pull-requests made 46 Bitbucket requests (retries excluded): GET /x x46; run totals: requests=81 retries=2 429s=0 bytes=1',
    ),
  ).toEqual({ vendor: 'Bitbucket', requests: 81 });
  expect(
    requestCountOf('Starting step "Fetch CircleCI Users"... requests=3'),
  ).toBeUndefined();
});
