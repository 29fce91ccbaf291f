import { CircleCISteps } from '../metadata';
import { useStepRecording } from '../../../test/stepTest';
import {
  SHARED_DEPLOY_KEY_FINGERPRINT_MD5,
  SHARED_DEPLOY_KEY_FINGERPRINT_SHA256,
} from '../../../test/sandbox/demo-public-keys';

const steps = useStepRecording(__dirname, 'circleci');

test(CircleCISteps.CHECKOUT_KEYS.id, async () => {
  const result = await steps.collect(CircleCISteps.CHECKOUT_KEYS.id);
  const keys = result.collectedEntities;
  expect(
    keys
      .map((k) => [k.projectSlug, k.type, k.userKey, k.preferred].join(' '))
      .sort(),
  ).toEqual([
    'bb/acme-eng/api-gateway deploy-key false true',
    'bb/acme-eng/my-service deploy-key false true',
    'gh/sandbox-gh-org/gh-api deploy-key false false',
    'gh/sandbox-gh-org/gh-api github-user-key true true',
    'gh/sandbox-gh-org/gh-web deploy-key false true',
  ]);
  // The fingerprint as the API gives it (MD5), and the ssh-keygen identity.
  expect(
    keys.find((k) => k.projectSlug === 'bb/acme-eng/my-service'),
  ).toMatchObject({
    fingerprint: SHARED_DEPLOY_KEY_FINGERPRINT_MD5,
    fingerprintSha256: SHARED_DEPLOY_KEY_FINGERPRINT_SHA256,
  });
  for (const key of keys) {
    expect(key.fingerprintSha256).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  }
  expect(result.collectedRelationships.map((r) => r._type)).toEqual(
    Array(5).fill('circleci_project_has_checkout_key'),
  );
  // web-app's keys answer 403: skipped (its warning is asserted in
  // test/circleci-demo.test.ts); the other projects are collected.
});

test(CircleCISteps.WEBHOOKS.id, async () => {
  const result = await steps.collect(CircleCISteps.WEBHOOKS.id);
  expect(
    result.collectedEntities
      .map((w) =>
        [
          w.projectSlug,
          w.name,
          w.urlHost,
          w.https,
          w.verifyTls,
          w.signingSecretSet,
        ].join(' '),
      )
      .sort(),
  ).toEqual([
    'bb/acme-eng/api-gateway legacy-monitor monitor.acme-demo.example true false false',
    'bb/acme-eng/my-service deploy-notifier hooks.acme-demo.example true true true',
    'gh/sandbox-gh-org/gh-api slack-relay hooks.chat.acme-demo.example true true false',
  ]);
  // Neither the URL's path nor the (masked) secret is kept.
  const text = JSON.stringify(result.collectedEntities);
  expect(text).not.toMatch(/services\/T000|\/ingest|\*\*\*\*|REDACTED/);
  // One listing per project, addressed by the project id.
  expect(
    steps.requested().filter((path) => path.includes('/webhook?')),
  ).toHaveLength(6);
});

test(CircleCISteps.PROJECT_ENV_VARS.id, async () => {
  const result = await steps.collect(CircleCISteps.PROJECT_ENV_VARS.id);
  const variables = result.collectedEntities;
  expect(variables).toHaveLength(8);
  for (const variable of variables) {
    expect(variable._key).toBe(
      `circleci_project_environment_variable:${String(
        variable.projectId,
      )}:${String(variable.name)}`,
    );
    // Never the value, not even the API's masked form.
    expect(JSON.stringify(variable)).not.toMatch(/"value"|xxxx/);
  }
  expect(result.collectedRelationships).toHaveLength(8);
  expect(new Set(result.collectedRelationships.map((r) => r._type))).toEqual(
    new Set(['circleci_project_has_environment_variable']),
  );
});
