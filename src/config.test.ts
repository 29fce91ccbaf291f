import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';
import { loadConfigFromEnvironmentVariables } from '@jupiterone/integration-sdk-runtime';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import snakeCase from 'lodash/snakeCase';
import {
  DEFAULT_BITBUCKET_BASE_URL,
  DEFAULT_BITBUCKET_TOKEN_URL,
  DEFAULT_CIRCLECI_BASE_URL,
  envVarName,
  instanceConfigFields,
  IntegrationConfig,
  parseConfig,
  splitList,
} from './config';

const CIRCLECI_TOKEN = 'cci-secret-token-value';
const OAUTH_SECRET = 'oauth-secret-value';
const API_TOKEN = 'atlassian-api-token-value';
/** The smallest valid Bitbucket configuration, for tests of other fields. */
const BITBUCKET = {
  bitbucketOauthKey: 'k',
  bitbucketOauthSecret: OAUTH_SECRET,
  bitbucketWorkspace: 'w',
};

function expectInvalid(
  config: IntegrationConfig,
  message: string,
  env: NodeJS.ProcessEnv = {},
) {
  let thrown: unknown;
  try {
    parseConfig(config, env);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(IntegrationValidationError);
  const text = (thrown as Error).message;
  expect(text).toBe(message);
  // A validation message never echoes a secret back.
  for (const secret of [CIRCLECI_TOKEN, OAUTH_SECRET, API_TOKEN]) {
    expect(text).not.toContain(secret);
  }
}

describe('parseConfig: good configurations', () => {
  test('CircleCI alone, with defaults', () => {
    expect(parseConfig({ circleciApiKey: ` ${CIRCLECI_TOKEN} ` })).toEqual({
      circleci: {
        apiKey: CIRCLECI_TOKEN,
        login: undefined,
        userId: undefined,
        orgSlugs: [],
        pipelineLookbackDays: 30,
        baseUrl: DEFAULT_CIRCLECI_BASE_URL,
        concurrency: 10,
        fullRun: false,
        maxRunHours: 6,
      },
      bitbucket: undefined,
    });
  });

  test('CircleCI alone, every field set and normalised', () => {
    expect(
      parseConfig({
        circleciApiKey: CIRCLECI_TOKEN,
        circleciLogin: ' octo ',
        circleciUserId: 'a3b2',
        circleciOrgSlugs: 'gh/acme, bb/acme-eng,, ',
        circleciPipelineLookbackDays: ' 7 ',
        circleciBaseUrl: 'http://127.0.0.1:4599/circleci/api/v2/',
        circleciConcurrency: '4',
        circleciFullRun: 'yes',
        maxRunHours: '2.5',
      }).circleci,
    ).toEqual({
      apiKey: CIRCLECI_TOKEN,
      login: 'octo',
      userId: 'a3b2',
      orgSlugs: ['gh/acme', 'bb/acme-eng'],
      pipelineLookbackDays: 7,
      baseUrl: 'http://127.0.0.1:4599/circleci/api/v2',
      concurrency: 4,
      fullRun: true,
      maxRunHours: 2.5,
    });
  });

  test('Bitbucket alone with two OAuth consumers', () => {
    expect(
      parseConfig({
        bitbucketOauthKey: 'key-1, key-2',
        bitbucketOauthSecret: `${OAUTH_SECRET}-1,${OAUTH_SECRET}-2`,
        bitbucketWorkspace: 'acme-eng, acme-labs, acme-eng',
      }),
    ).toEqual({
      circleci: undefined,
      bitbucket: {
        credentials: [
          { kind: 'oauth', key: 'key-1', secret: `${OAUTH_SECRET}-1` },
          { kind: 'oauth', key: 'key-2', secret: `${OAUTH_SECRET}-2` },
        ],
        workspaces: ['acme-eng', 'acme-labs'],
        ingestPullRequests: true,
        pullRequestLookbackDays: 90,
        baseUrl: DEFAULT_BITBUCKET_BASE_URL,
        tokenUrl: DEFAULT_BITBUCKET_TOKEN_URL,
        concurrency: 6,
        accessTokens: [],
        maxRunHours: 6,
      },
    });
  });

  test('Bitbucket access tokens (comma list) alongside an OAuth consumer', () => {
    const parsed = parseConfig({
      bitbucketOauthKey: 'key-1',
      bitbucketOauthSecret: OAUTH_SECRET,
      bitbucketAccessToken: ' at-workspace-token , at-project-token,',
      bitbucketWorkspace: 'acme-eng',
      maxRunHours: '12',
    }).bitbucket;
    expect(parsed?.accessTokens).toEqual([
      'at-workspace-token',
      'at-project-token',
    ]);
    expect(parsed?.maxRunHours).toBe(12);
  });

  test('Bitbucket alone with an Atlassian API token, PRs off (string or boolean)', () => {
    for (const ingest of ['false', ' FALSE ', false] as const) {
      expect(
        parseConfig({
          bitbucketUsername: 'me@example.com',
          bitbucketApiToken: API_TOKEN,
          bitbucketWorkspace: 'acme-eng',
          bitbucketIngestPullRequests: ingest,
          bitbucketPullRequestLookbackDays: '14',
        }).bitbucket,
      ).toMatchObject({
        credentials: [
          { kind: 'apiToken', username: 'me@example.com', token: API_TOKEN },
        ],
        ingestPullRequests: false,
        pullRequestLookbackDays: 14,
      });
    }
  });

  test('both vendors together', () => {
    const parsed = parseConfig({
      circleciApiKey: CIRCLECI_TOKEN,
      bitbucketOauthKey: 'key-1',
      bitbucketOauthSecret: OAUTH_SECRET,
      bitbucketWorkspace: 'acme-eng',
    });
    expect(parsed.circleci?.apiKey).toBe(CIRCLECI_TOKEN);
    expect(parsed.bitbucket?.workspaces).toEqual(['acme-eng']);
  });
});

/** The lookback fields of both vendors refuse the same values. */
const badLookbacks = ['thirty', '0', '-5', '1.5', '99999'].flatMap(
  (value): Array<[string, IntegrationConfig, string]> => [
    [
      `a CircleCI lookback of ${value}`,
      { circleciApiKey: CIRCLECI_TOKEN, circleciPipelineLookbackDays: value },
      `CircleCI: circleciPipelineLookbackDays (CIRCLECI_PIPELINE_LOOKBACK_DAYS) must be a whole number from 1 to 3650; got "${value}". Fix the value or leave it empty for the default (30).`,
    ],
    [
      `a Bitbucket lookback of ${value}`,
      { ...BITBUCKET, bitbucketPullRequestLookbackDays: value },
      `Bitbucket: bitbucketPullRequestLookbackDays (BITBUCKET_PULL_REQUEST_LOOKBACK_DAYS) must be a whole number from 1 to 3650; got "${value}". Fix the value or leave it empty for the default (90).`,
    ],
  ],
);

const badMaxRunHours = ['0', '-1', 'six', '100'].map(
  (value): [string, IntegrationConfig, string] => [
    `maxRunHours ${value}`,
    { circleciApiKey: CIRCLECI_TOKEN, maxRunHours: value },
    `Configuration: maxRunHours (MAX_RUN_HOURS) must be a number of hours above 0 and at most 72 (decimals allowed); got "${value}". Fix the value or leave it empty for the default (6).`,
  ],
);

const NO_VENDOR =
  'Configuration: No vendor is configured. Set circleciApiKey (CIRCLECI_API_KEY) for CircleCI, and/or bitbucketWorkspace (BITBUCKET_WORKSPACE) with bitbucketOauthKey + bitbucketOauthSecret (BITBUCKET_OAUTH_KEY, BITBUCKET_OAUTH_SECRET) or bitbucketUsername + bitbucketApiToken (BITBUCKET_USERNAME, BITBUCKET_API_TOKEN) for Bitbucket.';

describe('parseConfig: bad input names the field and the fix', () => {
  test.each<[string, IntegrationConfig, string]>([
    ['no vendor at all', {}, NO_VENDOR],
    [
      'only blank vendor fields',
      { circleciApiKey: '   ', bitbucketWorkspace: '' },
      NO_VENDOR,
    ],
    [
      'CircleCI fields without the API key',
      { circleciOrgSlugs: 'gh/acme', circleciLogin: 'octo' },
      'CircleCI: circleciApiKey (CIRCLECI_API_KEY) is required when circleciLogin (CIRCLECI_LOGIN), circleciOrgSlugs (CIRCLECI_ORG_SLUGS) is set. Add a CircleCI personal API token (User Settings > Personal API Tokens) or remove the CircleCI fields.',
    ],
    [
      'an OAuth key without its secret',
      { bitbucketOauthKey: 'key-1', bitbucketWorkspace: 'acme-eng' },
      'Bitbucket: bitbucketOauthSecret (BITBUCKET_OAUTH_SECRET) is required with bitbucketOauthKey. Copy the secret shown next to the OAuth consumer key.',
    ],
    [
      'a secret without its OAuth key',
      { bitbucketOauthSecret: OAUTH_SECRET, bitbucketWorkspace: 'acme-eng' },
      'Bitbucket: bitbucketOauthKey (BITBUCKET_OAUTH_KEY) is required with bitbucketOauthSecret. Copy the key of the OAuth consumer.',
    ],
    [
      'an access token alone (it cannot read permissions)',
      { bitbucketAccessToken: 'at-1', bitbucketWorkspace: 'acme-eng' },
      'Bitbucket: bitbucketAccessToken (BITBUCKET_ACCESS_TOKEN) is set without an OAuth consumer or API token: access tokens read repository data (pull requests, activity, commits, branch restrictions, pipelines) but Bitbucket refuses them the workspace members, projects, groups and permissions endpoints. Add bitbucketOauthKey and bitbucketOauthSecret (BITBUCKET_OAUTH_KEY, BITBUCKET_OAUTH_SECRET) or bitbucketUsername and bitbucketApiToken (BITBUCKET_USERNAME, BITBUCKET_API_TOKEN) as well.',
    ],
    ...badMaxRunHours,
    [
      'unequal key and secret list lengths',
      { ...BITBUCKET, bitbucketOauthKey: 'key-1,key-2' },
      'Bitbucket: bitbucketOauthKey (BITBUCKET_OAUTH_KEY) and bitbucketOauthSecret (BITBUCKET_OAUTH_SECRET) must list the same number of comma-separated items (one secret per consumer key); got 2 keys and 1 secrets.',
    ],
    [
      'an API token without its username',
      { bitbucketApiToken: API_TOKEN, bitbucketWorkspace: 'acme-eng' },
      'Bitbucket: bitbucketUsername (BITBUCKET_USERNAME) is required with bitbucketApiToken. Use the Atlassian account email the token belongs to.',
    ],
    [
      'a username without its API token',
      { bitbucketUsername: 'me@example.com', bitbucketWorkspace: 'acme-eng' },
      'Bitbucket: bitbucketApiToken (BITBUCKET_API_TOKEN) is required with bitbucketUsername. Create an Atlassian API token with Bitbucket scopes.',
    ],
    [
      'Bitbucket credentials without a workspace',
      { bitbucketOauthKey: 'key-1', bitbucketOauthSecret: OAUTH_SECRET },
      'Bitbucket: bitbucketWorkspace (BITBUCKET_WORKSPACE) is required for Bitbucket: give the workspace slug, or a comma-separated list of slugs.',
    ],
    [
      'a workspace without credentials',
      { bitbucketWorkspace: 'acme-eng' },
      'Bitbucket: bitbucketWorkspace (BITBUCKET_WORKSPACE) is set but no Bitbucket credential is: set bitbucketOauthKey and bitbucketOauthSecret (BITBUCKET_OAUTH_KEY, BITBUCKET_OAUTH_SECRET: an OAuth consumer), or bitbucketUsername and bitbucketApiToken (BITBUCKET_USERNAME, BITBUCKET_API_TOKEN: an Atlassian API token).',
    ],
    [
      'a workspace that is not a slug',
      { ...BITBUCKET, bitbucketWorkspace: 'acme-eng, acme labs' },
      'Bitbucket: bitbucketWorkspace (BITBUCKET_WORKSPACE) contains "acme labs", which is not a workspace slug (letters, digits, "-", "_" and "." only).',
    ],
    ...badLookbacks,
    [
      'a concurrency out of range',
      { circleciApiKey: CIRCLECI_TOKEN, circleciConcurrency: '500' },
      'CircleCI: circleciConcurrency (CIRCLECI_CONCURRENCY) must be a whole number from 1 to 50; got "500". Fix the value or leave it empty for the default (10).',
    ],
    [
      'a boolean that is not one of true/false/yes/no/1/0',
      { ...BITBUCKET, bitbucketIngestPullRequests: 'maybe' },
      'Bitbucket: bitbucketIngestPullRequests (BITBUCKET_INGEST_PULL_REQUESTS) must be true or false (yes/no and 1/0 are accepted too, in any case); got "maybe". Fix the value or leave it empty for the default (true).',
    ],
    [
      'a base URL that is not http(s)',
      { circleciApiKey: CIRCLECI_TOKEN, circleciBaseUrl: 'ftp://example.com' },
      'CircleCI: circleciBaseUrl (CIRCLECI_BASE_URL) must be an http(s) URL such as https://circleci.com/api/v2; the value given uses "ftp:".',
    ],
    [
      'a base URL that is not a URL',
      { circleciApiKey: CIRCLECI_TOKEN, circleciBaseUrl: 'circleci.com/api' },
      'CircleCI: circleciBaseUrl (CIRCLECI_BASE_URL) must be an http(s) URL such as https://circleci.com/api/v2; the value given is not a URL.',
    ],
    [
      'a token URL that is not http(s)',
      { ...BITBUCKET, bitbucketTokenUrl: 'file:///etc/passwd' },
      'Bitbucket: bitbucketTokenUrl (BITBUCKET_TOKEN_URL) must be an http(s) URL such as https://bitbucket.org/site/oauth2/access_token; the value given uses "file:".',
    ],
    [
      'a base URL with credentials in it',
      {
        ...BITBUCKET,
        bitbucketBaseUrl: `https://user:${OAUTH_SECRET}@api.bitbucket.org/2.0`,
      },
      'Bitbucket: bitbucketBaseUrl (BITBUCKET_BASE_URL) must not contain credentials; put them in their own fields.',
    ],
    [
      'a credential with a line break',
      { circleciApiKey: `${CIRCLECI_TOKEN}\nsecond-line` },
      'CircleCI: circleciApiKey (CIRCLECI_API_KEY) is malformed: it contains a line break, which cannot be sent in an HTTP header. Copy the credential again, without surrounding text or line breaks.',
    ],
    [
      'a credential with a character outside Latin-1',
      {
        bitbucketUsername: 'me@example.com',
        bitbucketApiToken: `${API_TOKEN}\u2026`,
        bitbucketWorkspace: 'w',
      },
      'Bitbucket: bitbucketApiToken (BITBUCKET_API_TOKEN) is malformed: it contains a character outside Latin-1, which cannot be sent in an HTTP header. Copy the credential again, without surrounding text or line breaks.',
    ],
    [
      'a credential with a control character',
      { ...BITBUCKET, bitbucketOauthSecret: `${OAUTH_SECRET}\u0007` },
      'Bitbucket: bitbucketOauthSecret (BITBUCKET_OAUTH_SECRET) is malformed: it contains a control character, which cannot be sent in an HTTP header. Copy the credential again, without surrounding text or line breaks.',
    ],
  ])('%s', (_case, config, message) => expectInvalid(config, message));
});

describe('instanceConfigFields', () => {
  test('every secret field is masked and every field is optional (either vendor may be alone)', () => {
    const masked = Object.entries(instanceConfigFields)
      .filter(([, field]) => 'mask' in field && field.mask)
      .map(([name]) => name);
    expect(masked).toEqual([
      'circleciApiKey',
      'bitbucketOauthSecret',
      'bitbucketApiToken',
      'bitbucketAccessToken',
    ]);
    for (const field of Object.values(instanceConfigFields)) {
      expect(field.optional).toBe(true);
    }
  });
});

test('splitList trims, splits and drops empty items', () => {
  expect(splitList(' a, b ,,c ,')).toEqual(['a', 'b', 'c']);
  expect(splitList(undefined)).toEqual([]);
  expect(splitList('  ')).toEqual([]);
});

describe('booleans are parsed by the package', () => {
  const bitbucket = {
    ...BITBUCKET,
  };
  test.each([
    ['true', true],
    ['TRUE', true],
    ['Yes', true],
    ['1', true],
    ['false', false],
    ['No', false],
    ['NO', false],
    ['0', false],
    [true, true],
    [false, false],
  ] as const)('%s means %s', (value, expected) => {
    expect(
      parseConfig({ ...bitbucket, bitbucketIngestPullRequests: value }, {})
        .bitbucket?.ingestPullRequests,
    ).toBe(expected);
  });

  test('the SDK loader hands BITBUCKET_INGEST_PULL_REQUESTS=no to the package as a string (no SDK type-mismatch error)', () => {
    // The loader also reads .env from the working directory: run it from an
    // empty folder so this test never reads the project's .env.
    const empty = mkdtempSync(join(tmpdir(), 'config-env-'));
    const cwd = process.cwd();
    const saved = process.env.BITBUCKET_INGEST_PULL_REQUESTS;
    process.chdir(empty);
    process.env.BITBUCKET_INGEST_PULL_REQUESTS = 'no';
    try {
      const loaded = loadConfigFromEnvironmentVariables(
        instanceConfigFields,
      ) as IntegrationConfig;
      expect(loaded.bitbucketIngestPullRequests).toBe('no');
      expect(
        parseConfig({ ...bitbucket, ...loaded }, {}).bitbucket
          ?.ingestPullRequests,
      ).toBe(false);
    } finally {
      process.chdir(cwd);
      if (saved === undefined)
        delete process.env.BITBUCKET_INGEST_PULL_REQUESTS;
      else process.env.BITBUCKET_INGEST_PULL_REQUESTS = saved;
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('every problem of both vendors in one error', () => {
  test('each problem names its vendor, field and env var', () => {
    expectInvalid(
      {
        circleciApiKey: CIRCLECI_TOKEN,
        circleciPipelineLookbackDays: 'thirty',
        circleciBaseUrl: 'ftp://example.com',
        bitbucketOauthKey: 'k',
        bitbucketOauthSecret: OAUTH_SECRET,
        bitbucketIngestPullRequests: 'maybe',
      },
      [
        '4 configuration problems:',
        'CircleCI: circleciPipelineLookbackDays (CIRCLECI_PIPELINE_LOOKBACK_DAYS) must be a whole number from 1 to 3650; got "thirty". Fix the value or leave it empty for the default (30).',
        'CircleCI: circleciBaseUrl (CIRCLECI_BASE_URL) must be an http(s) URL such as https://circleci.com/api/v2; the value given uses "ftp:".',
        'Bitbucket: bitbucketWorkspace (BITBUCKET_WORKSPACE) is required for Bitbucket: give the workspace slug, or a comma-separated list of slugs.',
        'Bitbucket: bitbucketIngestPullRequests (BITBUCKET_INGEST_PULL_REQUESTS) must be true or false (yes/no and 1/0 are accepted too, in any case); got "maybe". Fix the value or leave it empty for the default (true).',
      ].join('\n  - '),
    );
  });
});

describe('link-local and cloud metadata addresses are refused unless opted in', () => {
  test.each([
    ['http://169.254.169.254/latest', '169.254.169.254'],
    ['http://0xa9fea9fe/', '169.254.169.254'],
    ['http://169.254.1.2:8080/api/v2', '169.254.1.2'],
    ['http://[fd00:ec2::254]/', '[fd00:ec2::254]'],
    ['http://[fe80::1]/', '[fe80::1]'],
    ['http://[::ffff:169.254.169.254]/', '[::ffff:a9fe:a9fe]'],
    [
      'http://metadata.google.internal/computeMetadata/v1',
      'metadata.google.internal',
    ],
    ['http://METADATA.google.internal./', 'metadata.google.internal.'],
  ])('%s', (url, host) => {
    expectInvalid(
      { circleciApiKey: CIRCLECI_TOKEN, circleciBaseUrl: url },
      `CircleCI: circleciBaseUrl (CIRCLECI_BASE_URL) points at ${host}, a link-local or cloud metadata address, which never serves a vendor API. Use the vendor's URL (such as https://circleci.com/api/v2); if a proxy really listens there, set the environment variable ALLOW_LINK_LOCAL_URLS=true.`,
    );
  });

  test('the token URL too, and the opt-in allows them', () => {
    const config = {
      ...BITBUCKET,
      bitbucketTokenUrl: 'http://169.254.169.254/token',
    };
    expectInvalid(
      config,
      "Bitbucket: bitbucketTokenUrl (BITBUCKET_TOKEN_URL) points at 169.254.169.254, a link-local or cloud metadata address, which never serves a vendor API. Use the vendor's URL (such as https://bitbucket.org/site/oauth2/access_token); if a proxy really listens there, set the environment variable ALLOW_LINK_LOCAL_URLS=true.",
    );
    expect(
      parseConfig(config, { ALLOW_LINK_LOCAL_URLS: 'true' }).bitbucket
        ?.tokenUrl,
    ).toBe('http://169.254.169.254/token');
    // Neighbouring addresses are not link-local.
    expect(
      parseConfig(
        {
          circleciApiKey: CIRCLECI_TOKEN,
          circleciBaseUrl: 'http://169.255.0.1/',
        },
        {},
      ).circleci?.baseUrl,
    ).toBe('http://169.255.0.1');
  });
});

test('envVarName is the variable the SDK CLI reads for every field', () => {
  for (const field of Object.keys(instanceConfigFields)) {
    expect(envVarName(field)).toBe(snakeCase(field).toUpperCase());
  }
});

test('a CircleCI-only instance with the managed runtime storing bitbucketIngestPullRequests as a boolean is fine', () => {
  for (const stored of [true, false]) {
    expect(
      parseConfig(
        { circleciApiKey: CIRCLECI_TOKEN, bitbucketIngestPullRequests: stored },
        {},
      ).bitbucket,
    ).toBeUndefined();
  }
});
