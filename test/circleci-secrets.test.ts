import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { PROJECT_ENV_VARS } from './sandbox/circleci/listings/project-env-vars';
import { PROJECT_WEBHOOKS } from './sandbox/circleci/listings/webhooks';
import { createDataset } from './sandbox/datasets';
import { SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * No CircleCI secret of the demo sandbox reaches a committed recording:
 * environment-variable values (even CircleCI's masked "xxxx" + tail),
 * webhook signing secrets (masked "****" + tail) and webhook URL paths
 * (they often carry tokens). test/recording.ts redacts them before a HAR is
 * written; test/circleci-demo.test.ts checks the graph itself.
 */
const RECORDINGS = join(
  __dirname,
  '..',
  'src',
  'circleci',
  'steps',
  '__recordings__',
);

function recordingTexts(): string[] {
  return readdirSync(RECORDINGS).map((dir) =>
    readFileSync(join(RECORDINGS, dir, 'recording.har'), 'utf8'),
  );
}

test('the CircleCI recordings hold no variable value, webhook secret or webhook URL path', () => {
  const data = createDataset('demo', {
    referenceTime: SANDBOX_REFERENCE_TIME,
  }).circleci;
  const secrets = [
    // The masked tail ("xxxx" + last four characters) is still part of a secret.
    ...data.projects.flatMap((p) =>
      PROJECT_ENV_VARS.records(p).map((v) => v.value),
    ),
    ...data.projects.flatMap((p) =>
      PROJECT_WEBHOOKS.records(p).flatMap((w) => [
        w['signing-secret'],
        new URL(w.url).pathname,
      ]),
    ),
  ].filter((s) => s !== '' && s !== '/');
  expect(secrets.length).toBeGreaterThan(10);
  const texts = recordingTexts();
  // The webhook and env-var listings are in the recordings (redacted).
  expect(texts.some((t) => t.includes('signing-secret'))).toBe(true);
  expect(texts.some((t) => t.includes('AWS_ACCESS_KEY_ID'))).toBe(true);
  expect(
    secrets.filter((secret) => texts.some((t) => t.includes(secret))),
  ).toEqual([]);
});
