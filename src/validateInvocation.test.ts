import {
  IntegrationExecutionContext,
  IntegrationProviderAuthenticationError,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';
import { Sandbox, startSandbox } from '../test/sandbox/server';
import { SANDBOX_CREDENTIALS } from '../test/sandbox/types';
import { IntegrationConfig } from './config';
import { validateInvocation } from './validateInvocation';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataset: 'demo' });
});
afterAll(() => sandbox.close());

function context(config: IntegrationConfig) {
  return createMockExecutionContext({
    instanceConfig: config,
  }) as IntegrationExecutionContext<IntegrationConfig>;
}

const circleci = (): IntegrationConfig => ({
  circleciApiKey: SANDBOX_CREDENTIALS.circleciApiKey,
  circleciBaseUrl: sandbox.circleciBaseUrl,
});
const bitbucket = (): IntegrationConfig => ({
  bitbucketOauthKey: SANDBOX_CREDENTIALS.bitbucketOauthKey,
  bitbucketOauthSecret: SANDBOX_CREDENTIALS.bitbucketOauthSecret,
  bitbucketWorkspace: 'acme-eng,acme-labs',
  bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
  bitbucketTokenUrl: sandbox.bitbucketTokenUrl,
});

/** What each vendor's validation requests: one check per vendor. */
const CIRCLECI_CHECKS = { 'circleci GET /me': 1 };
// One token per OAuth consumer (the sandbox credential names two) and one
// read per configured workspace.
const BITBUCKET_CHECKS = {
  'bitbucket POST /site/oauth2/access_token': 2,
  'bitbucket GET /workspaces/{workspace}': 2,
};

test('shape errors come first, before any request', async () => {
  sandbox.resetStats();
  await expect(validateInvocation(context({}))).rejects.toBeInstanceOf(
    IntegrationValidationError,
  );
  expect(sandbox.requestLog()).toEqual([]);
});

/** The endpoints one validation requested, with how often each. */
async function validationRequests(
  config: IntegrationConfig,
): Promise<Record<string, number>> {
  sandbox.resetStats();
  await expect(validateInvocation(context(config))).resolves.toBeUndefined();
  const counts: Record<string, number> = {};
  for (const { vendor, endpoint } of sandbox.requestLog()) {
    const name = `${vendor} ${endpoint}`;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

test('each vendor alone and both together pass with one check per vendor', async () => {
  const circleciChecks = await validationRequests(circleci());
  const bitbucketChecks = await validationRequests(bitbucket());
  expect(circleciChecks).toEqual(CIRCLECI_CHECKS);
  expect(bitbucketChecks).toEqual(BITBUCKET_CHECKS);
  // Both together: exactly the two vendors' checks, nothing repeated.
  expect(await validationRequests({ ...circleci(), ...bitbucket() })).toEqual({
    ...CIRCLECI_CHECKS,
    ...BITBUCKET_CHECKS,
  });
});

test('a rejected credential of one vendor fails validation naming that vendor, even when the other is fine', async () => {
  const badToken = 'not-the-sandbox-token';
  const error = await validateInvocation(
    context({ ...circleci(), circleciApiKey: badToken, ...bitbucket() }),
  ).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(IntegrationProviderAuthenticationError);
  expect((error as Error).message).toMatch(/CircleCI/);
  expect((error as Error).message).not.toContain(badToken);
});

test('both vendors misconfigured: one error listing each, naming vendor, field and env var', async () => {
  const badToken = 'not-the-sandbox-token';
  const noVersion = sandbox.bitbucketBaseUrl.replace(/\/2\.0$/, '');
  const error = await validateInvocation(
    context({
      ...circleci(),
      circleciApiKey: badToken,
      ...bitbucket(),
      bitbucketBaseUrl: noVersion,
    }),
  ).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(IntegrationValidationError);
  const lines = (error as Error).message.split('\n  - ');
  expect(lines[0]).toBe('2 configuration problems:');
  expect(lines[1]).toMatch(
    /^CircleCI: CircleCI rejected the API token circleciApiKey \(CIRCLECI_API_KEY\) with 401/,
  );
  expect(lines[2]).toBe(
    `Bitbucket: Bitbucket answered 404 Not Found for every configured workspace ('acme-eng', 'acme-labs'). bitbucketBaseUrl (BITBUCKET_BASE_URL) is "${noVersion}", which does not end in /2.0: use https://api.bitbucket.org/2.0 (or leave it empty for the default).`,
  );
  expect(lines).toHaveLength(3);
  expect((error as Error).message).not.toContain(badToken);
});

test('a shape problem of one vendor does not stop the check of the other', async () => {
  sandbox.resetStats();
  const error = await validateInvocation(
    context({
      ...circleci(),
      circleciConcurrency: '500',
      ...bitbucket(),
      bitbucketOauthSecret: 'wrong-secret,wrong-secret-2',
    }),
  ).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(IntegrationValidationError);
  const lines = (error as Error).message.split('\n  - ');
  expect(lines).toHaveLength(3);
  expect(lines[1]).toBe(
    'CircleCI: circleciConcurrency (CIRCLECI_CONCURRENCY) must be a whole number from 1 to 50; got "500". Fix the value or leave it empty for the default (10).',
  );
  expect(lines[2]).toMatch(
    /^Bitbucket: Bitbucket rejected OAuth consumer #1 \(40[01] .*bitbucketOauthKey \(BITBUCKET_OAUTH_KEY\)/,
  );
  // CircleCI was not called (its config is invalid); Bitbucket was.
  const endpoints = sandbox.requestLog().map((r) => r.endpoint);
  expect(endpoints).not.toContain('GET /me');
  expect(endpoints).toContain('POST /site/oauth2/access_token');
  expect((error as Error).message).not.toContain('wrong-secret');
});
