import { spawnSync } from 'child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const root = join(__dirname, '..');

/**
 * The user's files are safe. A copy of the project in a temporary folder
 * gets what a real user has: a `.env` filled in for their own vendors (the
 * README's "running against real vendors" step) and collected data in
 * `.j1-integration/`. There, the tests that run the CLI (with jest's
 * project-files guard, test/guard/, active as in every `npm test`) and
 * `npm run demo` must pass, and the `.env` must come out unchanged; the
 * tests must also leave `.j1-integration/` alone.
 */
const FOREIGN_ENV = [
  'CIRCLECI_API_KEY=my-real-circleci-token',
  'CIRCLECI_ORG_SLUGS=gh/my-real-org',
  'CIRCLECI_LOGIN=my-real-login',
  'CIRCLECI_BASE_URL=http://127.0.0.1:9/api/v2',
  'BITBUCKET_OAUTH_KEY=my-real-key',
  'BITBUCKET_OAUTH_SECRET=my-real-secret',
  'BITBUCKET_WORKSPACE=my-real-ws',
  'BITBUCKET_BASE_URL=http://127.0.0.1:9/2.0',
  'BITBUCKET_INGEST_PULL_REQUESTS=false',
  'LOG_LEVEL=fatal',
  '',
].join('\n');
const SENTINEL = 'real collected data\n';

let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'user-project-'));
  for (const entry of [
    'src',
    'scripts',
    'test',
    'jupiterone',
    'package.json',
    'tsconfig.json',
    'jest.config.js',
  ]) {
    cpSync(join(root, entry), join(project, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
  writeFileSync(join(project, '.env'), FOREIGN_ENV);
  mkdirSync(join(project, '.j1-integration'));
  writeFileSync(join(project, '.j1-integration', 'sentinel.txt'), SENTINEL);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** The environment of a person's shell: no jest or test settings. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('JEST_') && key !== 'NODE_ENV' && key !== 'LOG_LEVEL')
      env[key] = value;
  }
  return env;
}

test('the tests that run the CLI leave a filled-in .env and .j1-integration/ untouched', () => {
  const run = spawnSync(
    join(project, 'node_modules', '.bin', 'jest'),
    ['test/demo.test.ts', 'test/collect-output.test.ts', '--runInBand'],
    { cwd: project, env: userEnv(), encoding: 'utf8', timeout: 400_000 },
  );
  if (run.status !== 0) console.error(run.stdout, run.stderr);
  expect(run.status).toBe(0);
  expect(run.stderr).toMatch(/Tests:\s+\d+ passed, \d+ total/);
  expect(readFileSync(join(project, '.env'), 'utf8')).toBe(FOREIGN_ENV);
  expect(
    readFileSync(join(project, '.j1-integration', 'sentinel.txt'), 'utf8'),
  ).toBe(SENTINEL);
}, 420_000);

test('npm run demo succeeds beside a .env naming a real org and workspace, and leaves the .env as it was', () => {
  const run = spawnSync('npm', ['run', 'demo', '--silent'], {
    cwd: project,
    env: userEnv(),
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (run.status !== 0) console.error(run.stdout, run.stderr);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain(
    `Collecting into ${join(
      project,
      '.j1-integration',
    )} (replacing what is there, as npm run collect does); the project's .env is not read.`,
  );
  expect(run.stdout).toMatch(/^Steps: \d+ ok, \d+ partial, 0 failed/m);
  expect(run.stdout).not.toContain('my-real');
  expect(readFileSync(join(project, '.env'), 'utf8')).toBe(FOREIGN_ENV);
  // The demo is the main job: its collection replaces .j1-integration/.
  const summary = readFileSync(
    join(project, '.j1-integration', 'summary.json'),
    'utf8',
  );
  expect(summary).toContain('"circleci-fetch-account"');
}, 200_000);
