import {
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';
import { CircleCIConfig } from '../config';
import { createTransport } from '../http';
import { useDemoSandbox } from '../../test/sandbox/lifecycle';
import { SANDBOX_CREDENTIALS } from '../../test/sandbox/types';
import { CircleCIClient } from './client/client';
import { verifyCircleCIAccess, verifyWithClient } from './verify';

const sandbox = useDemoSandbox();

function config(extra: Partial<CircleCIConfig> = {}): CircleCIConfig {
  return {
    apiKey: SANDBOX_CREDENTIALS.circleciApiKey,
    orgSlugs: [],
    pipelineLookbackDays: 30,
    baseUrl: sandbox().circleciBaseUrl,
    concurrency: 4,
    fullRun: false,
    maxRunHours: 6,
    ...extra,
  };
}

const logger = () => createMockExecutionContext().logger;

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

test('a working token: GET /me only (no org slugs configured)', async () => {
  await expect(verifyCircleCIAccess(config(), logger())).resolves.toBe(
    undefined,
  );
  expect(sandbox().stats()).toEqual({ 'circleci GET /me': 1, total: 1 });
});

test('matching circleciLogin, circleciUserId and org slugs pass', async () => {
  const me = sandbox().dataset.circleci.me;
  const slug = sandbox().dataset.circleci.collaborations[0].slug;
  await expect(
    verifyCircleCIAccess(
      config({
        login: me.login.toUpperCase(),
        userId: me.id,
        orgSlugs: [slug],
      }),
      logger(),
    ),
  ).resolves.toBe(undefined);
  expect(sandbox().stats()).toEqual({
    'circleci GET /me': 1,
    'circleci GET /me/collaborations': 1,
    total: 2,
  });
});

test('a rejected token: IntegrationProviderAuthenticationError naming CircleCI, no secret', async () => {
  const err = await failure(
    verifyCircleCIAccess(config({ apiKey: 'wrong-token-123' }), logger()),
  );
  expect(err).toBeInstanceOf(IntegrationProviderAuthenticationError);
  expect(err.message).toMatch(
    /^CircleCI rejected the API token circleciApiKey \(CIRCLECI_API_KEY\) with 401: create a new personal API token/,
  );
  expect(err.message).not.toContain('wrong-token-123');
});

test('circleciLogin of another user: IntegrationValidationError naming the field and the fix', async () => {
  const me = sandbox().dataset.circleci.me;
  const err = await failure(
    verifyCircleCIAccess(config({ login: 'someone-else' }), logger()),
  );
  expect(err).toBeInstanceOf(IntegrationValidationError);
  expect(err.message).toBe(
    `circleciLogin (CIRCLECI_LOGIN) is "someone-else" but the CircleCI API token belongs to login "${me.login}". Set circleciLogin to "${me.login}", leave it empty, or use a token of the intended user.`,
  );
});

test('circleciUserId of another user: IntegrationValidationError naming the field', async () => {
  const err = await failure(
    verifyCircleCIAccess(config({ userId: 'not-my-id' }), logger()),
  );
  expect(err).toBeInstanceOf(IntegrationValidationError);
  expect(err.message).toMatch(
    /^circleciUserId \(CIRCLECI_USER_ID\) is "not-my-id" but the CircleCI API token belongs to user id "/,
  );
});

test('an org slug the user is not a member of: IntegrationValidationError naming it', async () => {
  const err = await failure(
    verifyCircleCIAccess(config({ orgSlugs: ['gh/not-mine'] }), logger()),
  );
  expect(err).toBeInstanceOf(IntegrationValidationError);
  expect(err.message).toContain(
    'circleciOrgSlugs (CIRCLECI_ORG_SLUGS) names "gh/not-mine", which the CircleCI API token\'s user is not a member of',
  );
});

test('a 5xx from CircleCI: "unreachable", not a bad credential', async () => {
  sandbox().setFaults([
    { kind: 'status', status: 503, vendor: 'circleci', endpoint: 'GET /me' },
  ]);
  const c = config();
  const client = new CircleCIClient(
    createTransport({
      vendor: 'CircleCI',
      baseUrl: c.baseUrl,
      retry: { maxRetries: 1, baseDelayMs: 1 },
      auth: {
        headers: async () => ({ 'Circle-Token': c.apiKey }),
        secrets: () => [c.apiKey],
      },
    }),
  );
  const err = await failure(verifyWithClient(c, client));
  expect(err).toBeInstanceOf(IntegrationProviderAPIError);
  expect(err).not.toBeInstanceOf(IntegrationProviderAuthenticationError);
  expect(err.message).toMatch(
    /^The CircleCI API was unreachable or failing, so the API token could not be checked \(this is not a rejected credential/,
  );
});

test('an unreachable base URL: "unreachable", not a bad credential', async () => {
  const c = config({ baseUrl: 'http://127.0.0.1:9/circleci/api/v2' });
  const client = new CircleCIClient(
    createTransport({
      vendor: 'CircleCI',
      baseUrl: c.baseUrl,
      retry: { maxRetries: 0 },
    }),
  );
  const err = await failure(verifyWithClient(c, client));
  expect(err).toBeInstanceOf(IntegrationProviderAPIError);
  expect(err).not.toBeInstanceOf(IntegrationProviderAuthenticationError);
  expect(err.message).toContain('The CircleCI API was unreachable');
});

test('a base URL that answers 404 for GET /me names circleciBaseUrl and its env var', async () => {
  const base = sandbox().circleciBaseUrl.replace(/\/api\/v2$/, '');
  const err = await failure(
    verifyCircleCIAccess(config({ baseUrl: base }), logger()),
  );
  expect(err).toBeInstanceOf(IntegrationValidationError);
  expect(err.message).toBe(
    `CircleCI answered 404 Not Found for GET ${base}/me: circleciBaseUrl (CIRCLECI_BASE_URL) is "${base}", which is not a CircleCI API v2 base URL. Use https://circleci.com/api/v2 (or your server's .../api/v2), or leave it empty for the default.`,
  );
});

test('a token refused with 431 is a bad credential, not "unreachable"', async () => {
  sandbox().setFaults([
    { kind: 'status', status: 431, vendor: 'circleci', endpoint: 'GET /me' },
  ]);
  const err = await failure(verifyCircleCIAccess(config(), logger()));
  expect(err).toBeInstanceOf(IntegrationProviderAuthenticationError);
  expect(err.message).toBe(
    'CircleCI refused the request headers (431): the API token circleciApiKey (CIRCLECI_API_KEY) is malformed or far too long. Copy the personal API token again, without surrounding text.',
  );
});
