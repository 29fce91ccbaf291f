import { spawnSync } from 'child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SANDBOX_SECRET_VALUES } from './sandbox/bitbucket/demo-credentials';

/** Every file below `path`. */
function filesBelow(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesBelow(join(path, name)));
}

const root = join(__dirname, '..');

/**
 * `npm run demo` as a newcomer runs it (the sandbox on a free loopback port,
 * the real `j1-integration collect`, a summary, a picture that needs no
 * network), except that the collection goes to a temporary folder: a test
 * never writes into the project's .j1-integration/.
 */
describe('npm run demo', () => {
  let dir: string;
  let stdout: string;
  let status: number | null;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'demo-test-'));
    const run = spawnSync(
      'npm',
      ['run', 'demo', '--silent', '--', '--project-dir', dir],
      { cwd: root, encoding: 'utf8', env: process.env, timeout: 180_000 },
    );
    stdout = run.stdout;
    status = run.status;
    if (status !== 0) console.error(run.stdout, run.stderr);
  }, 200_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const storage = () => join(dir, '.j1-integration');
  const lines = () => stdout.trimEnd().split('\n');

  test('succeeds in at most 60 lines, without a stack trace or the AWS SDK notice', () => {
    expect(status).toBe(0);
    expect(lines().length).toBeLessThanOrEqual(60);
    expect(stdout).not.toMatch(/^\s+at /m);
    expect(stdout).not.toContain('end-of-support');
    expect(stdout).not.toContain('Collected metric');
    expect(lines()[1]).toBe(
      `Collecting into ${storage()} (replacing what is there, as npm run collect does); the project's .env is not read.`,
    );
  });

  test("shows the demo data's warnings as WARN lines: forbidden project settings and checkout keys, config policies not in the plan, deleted user, repository without admin access, environment variables denied, PR from a deleted fork", () => {
    const warns = lines().filter((line) => line.startsWith('WARN '));
    // Steps of the two vendors run in parallel: the order may vary.
    const expected = [
      /^WARN \[circleci-fetch-projects\] CircleCI project settings could not be read for 1 project\(s\): bb\/acme-eng\/web-app \(403 Forbidden\)\./,
      /^WARN \[bitbucket-fetch-repo-permissions\] The permissions of 1 Bitbucket repository\(ies\) could not be read: Bitbucket repository 'acme-eng\/legacy-billing' \(403 Forbidden\)/,
      /^WARN \[bitbucket-fetch-branch-restrictions\] The branch restrictions of 1 Bitbucket repository\(ies\) could not be read: Bitbucket repository 'acme-eng\/legacy-billing' \(403 Forbidden\)/,
      /^WARN \[bitbucket-fetch-repo-deploy-keys\] The deploy keys of 1 Bitbucket repository\(ies\) could not be read: Bitbucket repository 'acme-eng\/legacy-billing' \(403 Forbidden\)/,
      /^WARN \[bitbucket-fetch-repo-webhooks\] The webhooks of 1 Bitbucket repository\(ies\) could not be read: Bitbucket repository 'acme-eng\/legacy-billing' \(403 Forbidden\)/,
      /^WARN \[bitbucket-fetch-repo-pipeline-variables\] The Pipelines variables of 1 Bitbucket repository\(ies\) could not be read: Bitbucket repository 'acme-eng\/legacy-billing' \(403 Forbidden\)/,
      /^WARN \[bitbucket-fetch-environment-pipeline-variables\] The Pipelines variables of 1 Bitbucket deployment environment\(s\) could not be read: Bitbucket environment 'acme-eng\/my-service\/Production' \(403 Forbidden\)/,
      /^WARN \[bitbucket-fetch-repos\] The Pipelines configuration of 1 Bitbucket repository\(ies\) could not be read: Bitbucket repository 'acme-eng\/legacy-billing' \(403 Forbidden\)/,
      /^WARN \[circleci-fetch-users\] 1 CircleCI user\(s\) named by workflows or jobs no longer exist/,
      /^WARN \[bitbucket-fetch-pull-requests\] Bitbucket pull request acme-eng\/web-app#7 was collected without its approval analysis/,
      /^WARN \[circleci-fetch-checkout-keys\] CircleCI GET \/project\/\{project-slug\}\/checkout-key could not be read for 1 project\(s\): CircleCI project bb\/acme-eng\/web-app \(403 Forbidden\)/,
      /^WARN \[circleci-fetch-user-groups\] CircleCI organization controls not available for 2 item\(s\): .* config policies \(403 Forbidden\)/,
    ];
    expect(warns).toHaveLength(expected.length);
    for (const pattern of expected) {
      expect(warns.filter((line) => pattern.test(line))).toHaveLength(1);
    }
    expect(lines()).toContain(`Warnings: ${warns.length}`);
  });

  test('ends with the summary: steps, requests per vendor, output, picture, full log', () => {
    const summary = JSON.parse(
      readFileSync(join(storage(), 'summary.json'), 'utf8'),
    ) as { integrationStepResults: Array<{ id: string; status: string }> };
    const steps = summary.integrationStepResults;
    expect(steps.filter((s) => s.status === 'failure')).toEqual([]);
    const disabled = steps.filter((s) => s.status === 'disabled').length;
    const partial = [
      'circleci-fetch-projects',
      'bitbucket-fetch-repo-permissions',
      'bitbucket-fetch-branch-restrictions',
      'bitbucket-fetch-pull-requests',
      'bitbucket-fetch-repo-deploy-keys',
      'bitbucket-fetch-repo-webhooks',
      'bitbucket-fetch-repo-pipeline-variables',
      'bitbucket-fetch-environment-pipeline-variables',
      'bitbucket-fetch-repos',
      'circleci-fetch-users',
      'circleci-fetch-checkout-keys',
      'circleci-fetch-user-groups',
    ];
    expect(lines()).toContain(
      `Steps: ${steps.length - partial.length - disabled} ok, ${
        partial.length
      } partial, 0 failed, ${disabled} disabled`,
    );
    const partialLine = lines().find((line) => line.startsWith('  partial: '));
    expect(partialLine?.slice('  partial: '.length).split(', ').sort()).toEqual(
      [...partial].sort(),
    );

    // The package's own request counts add up to what the sandbox served.
    const requests = /^Requests: CircleCI (\d+), Bitbucket (\d+)$/m.exec(
      stdout,
    );
    const served = /^The sandbox served (\d+) requests in all\.$/m.exec(stdout);
    expect(requests).not.toBeNull();
    expect(served).not.toBeNull();
    expect(Number(requests?.[1]) + Number(requests?.[2])).toBe(
      Number(served?.[1]),
    );

    for (const type of [
      'circleci_job',
      'circleci_project',
      'bitbucket_pull_request',
      'bitbucket_repo',
      'circleci_project_is_bitbucket_repo',
      'circleci_pipeline_evaluates_bitbucket_pull_request',
      'circleci_user_is_bitbucket_user',
      'circleci_checkout_key',
      'circleci_webhook',
      'circleci_schedule',
      'circleci_checkout_key_is_bitbucket_deploy_key',
    ]) {
      expect(stdout).toMatch(new RegExp(`\\b${type} \\d+`));
    }
    expect(lines().slice(-4)).toEqual([
      `Output: ${storage()} (summary.json, graph/)`,
      `Picture: ${join(storage(), 'index.html')} (opens offline)`,
      `Evidence: ${join(
        storage(),
        'evidence.html',
      )} (answers of the managed questions; opens offline)`,
      `Full log: ${join(storage(), 'collect.log')}`,
    ]);
  });

  test('the picture inlines its library and the full log keeps everything', () => {
    const html = readFileSync(join(storage(), 'index.html'), 'utf8');
    expect(html).not.toContain('unpkg.com');
    expect(html).toContain('new vis.Network(');
    expect(html.length).toBeGreaterThan(400_000); // the inlined library
    const log = readFileSync(join(storage(), 'collect.log'), 'utf8');
    expect(log).toContain('Collected metric');
    // Every WARN line of the output (pinned above) is in the log too.
    expect(log.match(/ WARN /g)).toHaveLength(
      lines().filter((line) => line.startsWith('WARN ')).length,
    );
    expect(existsSync(join(storage(), 'graph'))).toBe(true);
  });

  test("no file of the collection (graph, summary, log, pictures) holds a Pipelines variable value or a webhook URL's token", () => {
    const files = filesBelow(storage());
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return SANDBOX_SECRET_VALUES.filter((secret) =>
        text.includes(secret),
      ).map((secret) => `${file}: ${secret}`);
    });
    expect(found).toEqual([]);
    // The collection does hold the variables' keys (the check is not vacuous).
    const graph = files
      .filter((file) => file.includes('graph'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(graph).toContain('AWS_SECRET_ACCESS_KEY');
    expect(graph).toContain('PAYMENTS_API_KEY');
    expect(graph).toContain('legacy-deployer.acme.example:8080');
  });
});
