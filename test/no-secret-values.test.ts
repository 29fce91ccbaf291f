import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { generateBitbucketDataset } from './sandbox/bitbucket/dataset';
import { SANDBOX_SECRET_VALUES } from './sandbox/bitbucket/demo-credentials';
import { PIPELINE_VARIABLES } from './sandbox/bitbucket/listings/pipeline-variables';
import { WEBHOOKS } from './sandbox/bitbucket/listings/webhooks';
import { SANDBOX_REFERENCE_TIME } from './sandbox/types';

const root = join(__dirname, '..');

function filesBelow(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .flatMap((name) => filesBelow(join(path, name)));
}

/**
 * The sandbox serves Pipelines variable values (unsecured ones, as the API
 * does) and webhook URLs with tokens in them; none of them may reach a
 * Polly recording. (test/demo.test.ts checks the collection and its log.)
 */
test('no Polly recording holds a Pipelines variable value or a webhook URL token', () => {
  const recordings = filesBelow(join(root, 'src')).filter((file) =>
    file.endsWith('.har'),
  );
  expect(recordings.length).toBeGreaterThan(10);
  const found = recordings.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return SANDBOX_SECRET_VALUES.filter((secret) => text.includes(secret)).map(
      (secret) => `${relative(root, file)}: ${secret}`,
    );
  });
  expect(found).toEqual([]);
});

test('the secret values checked for are the ones the demo dataset serves', () => {
  const { data } = generateBitbucketDataset({
    kind: 'demo',
    seed: 1,
    referenceTime: SANDBOX_REFERENCE_TIME,
  });
  const served = [
    ...PIPELINE_VARIABLES.records(data).map((v) => v.value),
    ...WEBHOOKS.records(data).map((h) => h.url),
  ].join('\n');
  for (const secret of SANDBOX_SECRET_VALUES) {
    expect(served).toContain(secret);
  }
});

test('every variable value the demo serves is checked for, deployment environment variables included', () => {
  const { data } = generateBitbucketDataset({
    kind: 'demo',
    seed: 1,
    referenceTime: SANDBOX_REFERENCE_TIME,
  });
  const variables = PIPELINE_VARIABLES.records(data);
  expect(variables.filter((v) => v.environmentUuid)).not.toHaveLength(0);
  const checked: readonly string[] = SANDBOX_SECRET_VALUES;
  expect(variables.filter((v) => !checked.includes(v.value))).toEqual([]);
});
