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

test('shape errors come first, before any request', async () => {
  sandbox.resetStats();
  await expect(validateInvocation(context({}))).rejects.toBeInstanceOf(
    IntegrationValidationError,
  );
  expect(sandbox.requestLog()).toEqual([]);
});

test('each vendor alone and both together pass with one check per vendor', async () => {
  sandbox.resetStats();
  await expect(
    validateInvocation(context(circleci())),
  ).resolves.toBeUndefined();
  await expect(
    validateInvocation(context(bitbucket())),
  ).resolves.toBeUndefined();
  await expect(
    validateInvocation(context({ ...circleci(), ...bitbucket() })),
  ).resolves.toBeUndefined();
  const endpoints = new Set(sandbox.requestLog().map((r) => r.endpoint));
  expect(endpoints.has('GET /me')).toBe(true);
  expect(endpoints.has('GET /workspaces/{workspace}')).toBe(true);
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
