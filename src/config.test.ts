import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';
import {
  DEFAULT_BITBUCKET_BASE_URL,
  DEFAULT_BITBUCKET_TOKEN_URL,
  DEFAULT_CIRCLECI_BASE_URL,
  instanceConfigFields,
  IntegrationConfig,
  parseConfig,
  splitList,
} from './config';

const CIRCLECI_TOKEN = 'cci-secret-token-value';
const OAUTH_SECRET = 'oauth-secret-value';
const API_TOKEN = 'atlassian-api-token-value';

function expectInvalid(config: IntegrationConfig, message: string) {
  let thrown: unknown;
  try {
    parseConfig(config);
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
      }).circleci,
    ).toEqual({
      apiKey: CIRCLECI_TOKEN,
      login: 'octo',
      userId: 'a3b2',
      orgSlugs: ['gh/acme', 'bb/acme-eng'],
      pipelineLookbackDays: 7,
      baseUrl: 'http://127.0.0.1:4599/circleci/api/v2',
      concurrency: 4,
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
      },
    });
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

describe('parseConfig: bad input names the field and the fix', () => {
  test('no vendor at all', () => {
    expectInvalid(
      {},
      'No vendor is configured. Set circleciApiKey (CIRCLECI_API_KEY) for CircleCI, and/or bitbucketWorkspace with bitbucketOauthKey + bitbucketOauthSecret or bitbucketUsername + bitbucketApiToken for Bitbucket.',
    );
    expectInvalid(
      { circleciApiKey: '   ', bitbucketWorkspace: '' },
      'No vendor is configured. Set circleciApiKey (CIRCLECI_API_KEY) for CircleCI, and/or bitbucketWorkspace with bitbucketOauthKey + bitbucketOauthSecret or bitbucketUsername + bitbucketApiToken for Bitbucket.',
    );
  });

  test('CircleCI fields without the API key', () => {
    expectInvalid(
      { circleciOrgSlugs: 'gh/acme', circleciLogin: 'octo' },
      'Config field circleciApiKey (CIRCLECI_API_KEY) is required when circleciLogin, circleciOrgSlugs is set. Add a CircleCI personal API token (User Settings > Personal API Tokens) or remove the CircleCI fields.',
    );
  });

  test('an OAuth key without its secret, and a secret without its key', () => {
    expectInvalid(
      { bitbucketOauthKey: 'key-1', bitbucketWorkspace: 'acme-eng' },
      'Config field bitbucketOauthSecret (BITBUCKET_OAUTH_SECRET) is required with bitbucketOauthKey. Copy the secret shown next to the OAuth consumer key.',
    );
    expectInvalid(
      { bitbucketOauthSecret: OAUTH_SECRET, bitbucketWorkspace: 'acme-eng' },
      'Config field bitbucketOauthKey (BITBUCKET_OAUTH_KEY) is required with bitbucketOauthSecret. Copy the key of the OAuth consumer.',
    );
  });

  test('unequal key and secret list lengths', () => {
    expectInvalid(
      {
        bitbucketOauthKey: 'key-1,key-2',
        bitbucketOauthSecret: OAUTH_SECRET,
        bitbucketWorkspace: 'acme-eng',
      },
      'Config fields bitbucketOauthKey and bitbucketOauthSecret must list the same number of comma-separated items (one secret per consumer key); got 2 keys and 1 secrets.',
    );
  });

  test('an API token without its username, and a username without its token', () => {
    expectInvalid(
      { bitbucketApiToken: API_TOKEN, bitbucketWorkspace: 'acme-eng' },
      'Config field bitbucketUsername (BITBUCKET_USERNAME) is required with bitbucketApiToken. Use the Atlassian account email the token belongs to.',
    );
    expectInvalid(
      { bitbucketUsername: 'me@example.com', bitbucketWorkspace: 'acme-eng' },
      'Config field bitbucketApiToken (BITBUCKET_API_TOKEN) is required with bitbucketUsername. Create an Atlassian API token with Bitbucket scopes.',
    );
  });

  test('Bitbucket credentials without a workspace, and a workspace without credentials', () => {
    expectInvalid(
      { bitbucketOauthKey: 'key-1', bitbucketOauthSecret: OAUTH_SECRET },
      'Config field bitbucketWorkspace (BITBUCKET_WORKSPACE) is required for Bitbucket: give the workspace slug, or a comma-separated list of slugs.',
    );
    expectInvalid(
      { bitbucketWorkspace: 'acme-eng' },
      'Config field bitbucketWorkspace is set but no Bitbucket credential is: set bitbucketOauthKey and bitbucketOauthSecret (OAuth consumer), or bitbucketUsername and bitbucketApiToken (Atlassian API token).',
    );
  });

  test('a workspace that is not a slug', () => {
    expectInvalid(
      {
        bitbucketOauthKey: 'key-1',
        bitbucketOauthSecret: OAUTH_SECRET,
        bitbucketWorkspace: 'acme-eng, acme labs',
      },
      'Config field bitbucketWorkspace contains "acme labs", which is not a workspace slug (letters, digits, "-", "_" and "." only).',
    );
  });

  test.each([
    ['thirty', '"thirty"'],
    ['0', '"0"'],
    ['-5', '"-5"'],
    ['1.5', '"1.5"'],
    ['99999', '"99999"'],
  ])('a lookback of %s is not a whole number in range', (value, quoted) => {
    expectInvalid(
      { circleciApiKey: CIRCLECI_TOKEN, circleciPipelineLookbackDays: value },
      `Config field circleciPipelineLookbackDays must be a whole number from 1 to 3650; got ${quoted}. Fix the value or leave it empty for the default (30).`,
    );
    expectInvalid(
      {
        bitbucketOauthKey: 'k',
        bitbucketOauthSecret: OAUTH_SECRET,
        bitbucketWorkspace: 'w',
        bitbucketPullRequestLookbackDays: value,
      },
      `Config field bitbucketPullRequestLookbackDays must be a whole number from 1 to 3650; got ${quoted}. Fix the value or leave it empty for the default (90).`,
    );
  });

  test('a concurrency out of range', () => {
    expectInvalid(
      { circleciApiKey: CIRCLECI_TOKEN, circleciConcurrency: '500' },
      'Config field circleciConcurrency must be a whole number from 1 to 50; got "500". Fix the value or leave it empty for the default (10).',
    );
  });

  test('a boolean that is not true or false', () => {
    expectInvalid(
      {
        bitbucketOauthKey: 'k',
        bitbucketOauthSecret: OAUTH_SECRET,
        bitbucketWorkspace: 'w',
        bitbucketIngestPullRequests: 'yes',
      },
      'Config field bitbucketIngestPullRequests must be true or false; got "yes". Fix the value or leave it empty for the default (true).',
    );
  });

  test('URLs that are not http(s)', () => {
    expectInvalid(
      { circleciApiKey: CIRCLECI_TOKEN, circleciBaseUrl: 'ftp://example.com' },
      'Config field circleciBaseUrl must be an http(s) URL such as https://circleci.com/api/v2; the value given uses "ftp:".',
    );
    expectInvalid(
      { circleciApiKey: CIRCLECI_TOKEN, circleciBaseUrl: 'circleci.com/api' },
      'Config field circleciBaseUrl must be an http(s) URL such as https://circleci.com/api/v2; the value given is not a URL.',
    );
    expectInvalid(
      {
        bitbucketOauthKey: 'k',
        bitbucketOauthSecret: OAUTH_SECRET,
        bitbucketWorkspace: 'w',
        bitbucketTokenUrl: 'file:///etc/passwd',
      },
      'Config field bitbucketTokenUrl must be an http(s) URL such as https://bitbucket.org/site/oauth2/access_token; the value given uses "file:".',
    );
    expectInvalid(
      {
        bitbucketOauthKey: 'k',
        bitbucketOauthSecret: OAUTH_SECRET,
        bitbucketWorkspace: 'w',
        bitbucketBaseUrl: `https://user:${OAUTH_SECRET}@api.bitbucket.org/2.0`,
      },
      'Config field bitbucketBaseUrl must not contain credentials; put them in their own fields.',
    );
  });
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
