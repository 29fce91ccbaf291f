import {
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';
import { BitbucketConfig, IntegrationConfig, parseConfig } from '../src/config';
import { verifyBitbucketAccess } from '../src/bitbucket';
import { Sandbox, startSandbox } from './sandbox/server';
import { DEFAULT_SCOPES } from './sandbox/bitbucket/auth';
import { SANDBOX_CREDENTIALS } from './sandbox/types';

const FAST = { transport: { retry: { maxRetries: 1, baseDelayMs: 1 } } };

describe('verifyBitbucketAccess against the sandbox', () => {
  let sandbox: Sandbox;
  let logger: IntegrationLogger;
  let warnings: jest.SpyInstance;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      dataset: 'demo',
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    sandbox.resetStats();
    sandbox.setFaults([]);
    logger = createMockIntegrationLogger();
    warnings = jest.spyOn(logger, 'publishWarnEvent');
  });

  function config(overrides: IntegrationConfig = {}): BitbucketConfig {
    const parsed = parseConfig({
      bitbucketOauthKey: SANDBOX_CREDENTIALS.bitbucketOauthKey,
      bitbucketOauthSecret: SANDBOX_CREDENTIALS.bitbucketOauthSecret,
      bitbucketWorkspace: 'acme-eng,acme-labs',
      bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
      bitbucketTokenUrl: sandbox.bitbucketTokenUrl,
      ...overrides,
    }).bitbucket;
    if (!parsed) throw new Error('no Bitbucket config');
    return parsed;
  }

  async function failure(promise: Promise<void>): Promise<Error> {
    try {
      await promise;
    } catch (err) {
      return err as Error;
    }
    throw new Error('expected a failure');
  }

  test('valid consumers: one token each, every workspace read, no warning', async () => {
    await verifyBitbucketAccess(config(), logger);
    expect(sandbox.stats()).toEqual({
      'bitbucket POST /site/oauth2/access_token': 2,
      'bitbucket GET /workspaces/{workspace}': 2,
      total: 4,
    });
    expect(warnings).not.toHaveBeenCalled();
  });

  test('the API token (Basic) is verified through the workspace read', async () => {
    await verifyBitbucketAccess(
      config({
        bitbucketOauthKey: '',
        bitbucketOauthSecret: '',
        bitbucketUsername: SANDBOX_CREDENTIALS.bitbucketUsername,
        bitbucketApiToken: SANDBOX_CREDENTIALS.bitbucketApiToken,
      }),
      logger,
    );
    expect(sandbox.stats()).toEqual({
      'bitbucket GET /workspaces/{workspace}': 2,
      total: 2,
    });
  });

  test('an unknown workspace slug fails naming it', async () => {
    const err = await failure(
      verifyBitbucketAccess(
        config({ bitbucketWorkspace: 'acme-eng,acme-nope' }),
        logger,
      ),
    );
    expect(err).toBeInstanceOf(IntegrationValidationError);
    expect(err.message).toMatch(
      /^Bitbucket workspace 'acme-nope' was not found .*check bitbucketWorkspace/,
    );
  });

  test('a wrong secret is an authentication error naming the consumer, not the secret', async () => {
    const err = await failure(
      verifyBitbucketAccess(
        config({ bitbucketOauthSecret: 'sandbox-secret-1,wrong-secret' }),
        logger,
      ),
    );
    expect(err).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(err.message).toMatch(/^Bitbucket rejected OAuth consumer #2 \(400/);
    expect(err.message).not.toMatch(/wrong-secret|sandbox-key-2/);
  });

  test('a wrong API token is an authentication error', async () => {
    const err = await failure(
      verifyBitbucketAccess(
        config({
          bitbucketOauthKey: '',
          bitbucketOauthSecret: '',
          bitbucketUsername: SANDBOX_CREDENTIALS.bitbucketUsername,
          bitbucketApiToken: 'not-the-token',
        }),
        logger,
      ),
    );
    expect(err).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(err.message).toMatch(
      /^Bitbucket rejected the credentials while reading workspace 'acme-eng' \(401/,
    );
    expect(err.message).not.toContain('not-the-token');
  });

  describe('scopes', () => {
    let limited: Sandbox;
    beforeAll(async () => {
      // Consumer 1 may only read accounts and repositories; consumer 2
      // has everything but repository:admin.
      limited = await startSandbox({
        port: 0,
        dataset: 'demo',
        bitbucketScopesByKey: {
          'sandbox-key-1': ['account', 'repository'],
          'sandbox-key-2': ['account', 'project', 'pullrequest'],
        },
      });
    });
    afterAll(() => limited.close());

    function consumer(n: 1 | 2, overrides: IntegrationConfig = {}) {
      return config({
        bitbucketOauthKey: `sandbox-key-${n}`,
        bitbucketOauthSecret: `sandbox-secret-${n}`,
        bitbucketBaseUrl: limited.bitbucketBaseUrl,
        bitbucketTokenUrl: limited.bitbucketTokenUrl,
        ...overrides,
      });
    }

    test('missing scopes are listed with what to add', async () => {
      const err = await failure(verifyBitbucketAccess(consumer(1), logger));
      expect(err).toBeInstanceOf(IntegrationProviderAuthorizationError);
      expect(err.message).toMatch(
        /^Bitbucket OAuth consumer #1 lacks the scopes project, pullrequest; add them/,
      );
    });

    test('pullrequest is not required when PRs are off', async () => {
      const err = await failure(
        verifyBitbucketAccess(
          consumer(1, { bitbucketIngestPullRequests: false }),
          logger,
        ),
      );
      expect(err.message).toMatch(/lacks the scopes project; add them/);
    });

    test('missing repository:admin and project:admin: one warning per scope naming what is missing, not a failure', async () => {
      await verifyBitbucketAccess(consumer(2), logger);
      const lacks = (scope: string, label: string, what: string) =>
        `Bitbucket OAuth consumer #1 lacks the ${scope} scope (${label}), which ${what} needs. Add "${label}" to the OAuth consumer (Workspace settings > OAuth consumers > Edit) to collect it; everything else is still collected.`;
      expect(warnings.mock.calls.map((call) => call[0])).toEqual([
        {
          name: 'warn_missing_permission',
          description: lacks(
            'repository:admin',
            'Repositories: Admin',
            'reading repository permissions, branch restrictions and deploy keys',
          ),
        },
        {
          name: 'warn_missing_permission',
          description: lacks(
            'project:admin',
            'Projects: Admin',
            'reading project permissions (access inherited through projects) and project deploy keys',
          ),
        },
      ]);
    });

    test('project:admin alone missing: one warning naming it', async () => {
      const noProjectAdmin = await startSandbox({
        port: 0,
        dataset: 'demo',
        bitbucketScopesByKey: {
          'sandbox-key-1': DEFAULT_SCOPES.filter((s) => s !== 'project:admin'),
        },
      });
      try {
        await verifyBitbucketAccess(
          config({
            bitbucketOauthKey: 'sandbox-key-1',
            bitbucketOauthSecret: 'sandbox-secret-1',
            bitbucketBaseUrl: noProjectAdmin.bitbucketBaseUrl,
            bitbucketTokenUrl: noProjectAdmin.bitbucketTokenUrl,
          }),
          logger,
        );
      } finally {
        await noProjectAdmin.close();
      }
      expect(warnings).toHaveBeenCalledTimes(1);
      expect(warnings.mock.calls[0][0].description).toMatch(
        /^Bitbucket OAuth consumer #1 lacks the project:admin scope \(Projects: Admin\), which reading project permissions \(access inherited through projects\) and project deploy keys needs\./,
      );
    });
  });

  test('5xx from the token endpoint says Bitbucket was unreachable', async () => {
    sandbox.setFaults([
      {
        kind: 'status',
        status: 503,
        vendor: 'bitbucket',
        endpoint: 'POST /site/oauth2/access_token',
      },
    ]);
    const err = await failure(verifyBitbucketAccess(config(), logger, FAST));
    expect(err).toBeInstanceOf(IntegrationProviderAPIError);
    expect(err).not.toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(err.message).toMatch(
      /^Bitbucket was unreachable while requesting a token for OAuth consumer #1 \(503 .*this is not a credential problem/,
    );
  });

  test('a base URL without /2.0 (every workspace 404) names bitbucketBaseUrl and its env var', async () => {
    const base = sandbox.bitbucketBaseUrl.replace(/\/2\.0$/, '');
    const err = await failure(
      verifyBitbucketAccess(config({ bitbucketBaseUrl: base }), logger),
    );
    expect(err).toBeInstanceOf(IntegrationValidationError);
    expect(err.message).toBe(
      `Bitbucket answered 404 Not Found for every configured workspace ('acme-eng', 'acme-labs'). bitbucketBaseUrl (BITBUCKET_BASE_URL) is "${base}", which does not end in /2.0: use https://api.bitbucket.org/2.0 (or leave it empty for the default).`,
    );
  });

  test('a token URL that answers 404 names bitbucketTokenUrl and its env var', async () => {
    const tokenUrl = sandbox.bitbucketTokenUrl.replace(
      /access_token$/,
      'nothing-here',
    );
    const err = await failure(
      verifyBitbucketAccess(
        config({ bitbucketTokenUrl: tokenUrl }),
        logger,
        FAST,
      ),
    );
    expect(err).toBeInstanceOf(IntegrationValidationError);
    expect(err.message).toMatch(
      /^Bitbucket's token endpoint answered 404 .* while requesting a token for OAuth consumer #1: bitbucketTokenUrl \(BITBUCKET_TOKEN_URL\) is "/,
    );
  });

  test('a credential refused with 431 is a bad credential, not "unreachable"', async () => {
    sandbox.setFaults([
      {
        kind: 'status',
        status: 431,
        vendor: 'bitbucket',
        endpoint: 'GET /workspaces/{workspace}',
      },
    ]);
    const err = await failure(
      verifyBitbucketAccess(
        config({
          bitbucketOauthKey: '',
          bitbucketOauthSecret: '',
          bitbucketUsername: SANDBOX_CREDENTIALS.bitbucketUsername,
          bitbucketApiToken: SANDBOX_CREDENTIALS.bitbucketApiToken,
        }),
        logger,
        FAST,
      ),
    );
    expect(err).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect(err.message).toMatch(
      /^Bitbucket refused the request headers \(431\) for the credential: .*bitbucketApiToken \(BITBUCKET_API_TOKEN\)\) is malformed or far too long/,
    );
  });
});

describe('access-token validation', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, dataset: 'demo' });
  });
  afterAll(() => sandbox.close());

  function config(accessTokens: string): BitbucketConfig {
    const parsed = parseConfig({
      bitbucketOauthKey: 'sandbox-key-1',
      bitbucketOauthSecret: 'sandbox-secret-1',
      bitbucketAccessToken: accessTokens,
      bitbucketWorkspace: 'acme-eng',
      bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
      bitbucketTokenUrl: sandbox.bitbucketTokenUrl,
    }).bitbucket;
    if (!parsed) throw new Error('no Bitbucket config');
    return parsed;
  }

  test('each access token is checked once and the log says which requests each credential serves', async () => {
    sandbox.resetStats();
    const logger = createMockIntegrationLogger();
    const info = jest.spyOn(logger, 'info');
    await verifyBitbucketAccess(
      config(SANDBOX_CREDENTIALS.bitbucketAccessToken),
      logger,
    );
    const byCredential = sandbox
      .requestLog()
      .filter((e) => e.endpoint === 'GET /repositories/{workspace}')
      .map((e) => e.credential);
    expect(byCredential).toEqual(['access-token-1', 'access-token-2']);
    expect(info).toHaveBeenCalledWith(
      { accessTokens: 2 },
      'Bitbucket: 2 access token(s) serve pull requests, their activity and commits, branch restrictions, pipelines, deployments and environments; OAuth consumer #1 serves the workspace, its members and permissions, groups, projects, the repository listing and repository permissions.',
    );
  });

  test('a wrong access token is refused by name, never echoed', async () => {
    const logger = createMockIntegrationLogger();
    const err = await verifyBitbucketAccess(
      config('sandbox-access-token-1,not-a-real-token'),
      logger,
    ).catch((e: Error) => e);
    expect(err).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect((err as Error).message).toMatch(
      /^Bitbucket rejected access token #2 \(bitbucketAccessToken \(BITBUCKET_ACCESS_TOKEN\)\) \(401 Unauthorized\): the token is wrong, expired or revoked\./,
    );
    expect((err as Error).message).not.toContain('not-a-real-token');
  });
});
