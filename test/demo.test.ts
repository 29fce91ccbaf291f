import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..');

/**
 * `npm run demo` exactly as a newcomer runs it: the sandbox on a free
 * loopback port, the real `j1-integration collect`, counts, and a
 * visualization that needs no network (vis-network inlined from npm).
 */
test('npm run demo collects both vendors from the sandbox and writes an offline visualization', () => {
  const run = spawnSync('npm', ['run', 'demo', '--silent'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'error' },
    timeout: 180_000,
  });
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('Entities per _type:');
  for (const type of [
    'circleci_job',
    'circleci_project',
    'bitbucket_pull_request',
    'bitbucket_repo',
  ]) {
    expect(run.stdout).toContain(type);
  }
  for (const type of [
    'circleci_project_is_bitbucket_repo',
    'circleci_pipeline_evaluates_bitbucket_pull_request',
    'circleci_user_is_bitbucket_user',
  ]) {
    expect(run.stdout).toContain(type);
  }
  const htmlPath = join(root, '.j1-integration', 'index.html');
  expect(run.stdout).toContain(
    `Graph visualization (opens offline): ${htmlPath}`,
  );
  const html = readFileSync(htmlPath, 'utf8');
  expect(html).not.toContain('unpkg.com');
  expect(html).toContain('new vis.Network(');
  expect(html.length).toBeGreaterThan(400_000); // the inlined library
  const summary = JSON.parse(
    readFileSync(join(root, '.j1-integration', 'summary.json'), 'utf8'),
  ) as { integrationStepResults: Array<{ status: string }> };
  expect(
    summary.integrationStepResults.filter((s) => s.status === 'failure'),
  ).toEqual([]);
});
