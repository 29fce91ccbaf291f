import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { DEFAULT_CLI_PORT, parseCliArgs } from './cli';

describe('npm run sandbox flags', () => {
  it('defaults to port 4599 and the demo dataset', () => {
    expect(parseCliArgs([])).toEqual({ port: DEFAULT_CLI_PORT });
    expect(DEFAULT_CLI_PORT).toBe(4599);
  });

  it('parses dataset, latency, paging and large-dataset knobs', () => {
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--dataset',
        'large',
        '--scale',
        '2',
        '--large',
        'orgs=4',
        '--latency',
        '20',
        '--jitter',
        '5',
        '--circleci-page-size',
        '2',
        '--bitbucket-page-size-cap',
        '10',
        '--token-ttl',
        '60',
        '--pipeline-org-project-limit',
        '2',
        '--seed',
        '9',
        '--reference-time',
        '2026-11-01T12:00:00Z',
      ]),
    ).toEqual({
      port: 0,
      dataset: 'large',
      largeParams: { scale: 2, orgs: 4 },
      latencyMs: 20,
      jitterMs: 5,
      circleciPageSize: 2,
      bitbucketPageSizeCap: 10,
      tokenTtlSeconds: 60,
      pipelineOrgProjectLimit: 2,
      seed: 9,
      referenceTime: Date.parse('2026-11-01T12:00:00Z'),
    });
  });

  it('reads fault rules from flags and from a JSON file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-cli-'));
    const file = path.join(dir, 'faults.json');
    writeFileSync(
      file,
      JSON.stringify([{ kind: 'budget', limit: 50, windowMs: 60000 }]),
    );
    expect(
      parseCliArgs([
        '--fault',
        '{"kind":"rate-limit","vendor":"circleci","times":3}',
        '--faults-file',
        file,
      ]),
    ).toEqual({
      port: DEFAULT_CLI_PORT,
      faults: [
        { kind: 'rate-limit', vendor: 'circleci', times: 3 },
        { kind: 'budget', limit: 50, windowMs: 60000 },
      ],
    });
  });

  it('rejects unknown flags, bad values and unknown fault kinds', () => {
    expect(() => parseCliArgs(['--nope'])).toThrow(/^Unknown flag --nope/);
    expect(() => parseCliArgs(['--dataset', 'huge'])).toThrow(
      '--dataset is demo or large, got "huge"',
    );
    expect(() => parseCliArgs(['--latency', 'fast'])).toThrow(
      '--latency needs a non-negative number, got "fast"',
    );
    expect(() => parseCliArgs(['--fault', '{"kind":"explode"}'])).toThrow(
      /^Fault rule 0: unknown kind "explode"/,
    );
    expect(() => parseCliArgs(['--fault', '{"kind":"budget"}'])).toThrow(
      'Fault rule 0: budget needs "limit" and "windowMs"',
    );
    expect(parseCliArgs(['--help'])).toBe('help');
  });
});
