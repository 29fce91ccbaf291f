import {
  IntegrationInstanceConfig,
  IntegrationInstanceConfigFieldMap,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';

export const DEFAULT_CIRCLECI_BASE_URL = 'https://circleci.com/api/v2';
export const DEFAULT_BITBUCKET_BASE_URL = 'https://api.bitbucket.org/2.0';
export const DEFAULT_BITBUCKET_TOKEN_URL =
  'https://bitbucket.org/site/oauth2/access_token';
export const DEFAULT_CIRCLECI_PIPELINE_LOOKBACK_DAYS = 30;
export const DEFAULT_BITBUCKET_PULL_REQUEST_LOOKBACK_DAYS = 90;
export const DEFAULT_CIRCLECI_CONCURRENCY = 10;
/**
 * Bitbucket counts every request against 1,000 per hour per consumer; a
 * smaller default keeps bursts short without slowing small workspaces.
 */
export const DEFAULT_BITBUCKET_CONCURRENCY = 6;
const MAX_CONCURRENCY = 50;
const MAX_LOOKBACK_DAYS = 3650;

/**
 * The fields as the managed runtime and `j1-integration collect` deliver them
 * (collect reads each from the upper snake-case env var, e.g.
 * circleciApiKey -> CIRCLECI_API_KEY). Every field is optional here because
 * either vendor may be configured alone; parseConfig enforces what each
 * configured vendor needs.
 */
export const instanceConfigFields = {
  circleciApiKey: { type: 'string', mask: true, optional: true },
  circleciLogin: { type: 'string', optional: true },
  circleciUserId: { type: 'string', optional: true },
  circleciOrgSlugs: { type: 'string', optional: true },
  circleciPipelineLookbackDays: { type: 'string', optional: true },
  circleciBaseUrl: { type: 'string', optional: true },
  circleciConcurrency: { type: 'string', optional: true },
  bitbucketOauthKey: { type: 'string', optional: true },
  bitbucketOauthSecret: { type: 'string', mask: true, optional: true },
  bitbucketUsername: { type: 'string', optional: true },
  bitbucketApiToken: { type: 'string', mask: true, optional: true },
  bitbucketWorkspace: { type: 'string', optional: true },
  bitbucketIngestPullRequests: { type: 'boolean', optional: true },
  bitbucketPullRequestLookbackDays: { type: 'string', optional: true },
  bitbucketBaseUrl: { type: 'string', optional: true },
  bitbucketTokenUrl: { type: 'string', optional: true },
  bitbucketConcurrency: { type: 'string', optional: true },
} satisfies IntegrationInstanceConfigFieldMap;

type RawValue = string | number | boolean | undefined | null;

/** The raw instance config; values may arrive as strings from .env. */
export interface IntegrationConfig extends IntegrationInstanceConfig {
  circleciApiKey?: string;
  circleciLogin?: string;
  circleciUserId?: string;
  circleciOrgSlugs?: string;
  circleciPipelineLookbackDays?: RawValue;
  circleciBaseUrl?: string;
  circleciConcurrency?: RawValue;
  bitbucketOauthKey?: string;
  bitbucketOauthSecret?: string;
  bitbucketUsername?: string;
  bitbucketApiToken?: string;
  bitbucketWorkspace?: string;
  bitbucketIngestPullRequests?: RawValue;
  bitbucketPullRequestLookbackDays?: RawValue;
  bitbucketBaseUrl?: string;
  bitbucketTokenUrl?: string;
  bitbucketConcurrency?: RawValue;
}

export interface CircleCIConfig {
  apiKey: string;
  /** Expected login; checked against GET /me when given. */
  login?: string;
  /** Expected user id; checked against GET /me when given. */
  userId?: string;
  /** Organization slugs to ingest; empty means every collaboration. */
  orgSlugs: string[];
  pipelineLookbackDays: number;
  /** Without a trailing slash, e.g. https://circleci.com/api/v2 */
  baseUrl: string;
  concurrency: number;
}

export type BitbucketCredential =
  | { kind: 'oauth'; key: string; secret: string }
  | { kind: 'apiToken'; username: string; token: string };

export interface BitbucketConfig {
  credentials: BitbucketCredential[];
  workspaces: string[];
  ingestPullRequests: boolean;
  pullRequestLookbackDays: number;
  /** Without a trailing slash, e.g. https://api.bitbucket.org/2.0 */
  baseUrl: string;
  tokenUrl: string;
  concurrency: number;
}

export interface ParsedConfig {
  circleci?: CircleCIConfig;
  bitbucket?: BitbucketConfig;
}

function fail(message: string): never {
  throw new IntegrationValidationError(message);
}

function text(value: RawValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Splits a comma list, trimming items and dropping empty ones. */
export function splitList(value: RawValue): string[] {
  const raw = text(value);
  if (!raw) return [];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function positiveInteger(
  field: string,
  value: RawValue,
  fallback: number,
  max: number,
): number {
  const raw = text(value);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    fail(
      `Config field ${field} must be a whole number from 1 to ${max}; got "${raw}". Fix the value or leave it empty for the default (${fallback}).`,
    );
  }
  return Number(raw);
}

function booleanField(field: string, value: RawValue, fallback: boolean) {
  if (typeof value === 'boolean') return value;
  const raw = text(value);
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  fail(
    `Config field ${field} must be true or false; got "${raw}". Fix the value or leave it empty for the default (${fallback}).`,
  );
}

function httpUrl(field: string, value: RawValue, fallback: string): string {
  const raw = text(value) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(
      `Config field ${field} must be an http(s) URL such as ${fallback}; the value given is not a URL.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(
      `Config field ${field} must be an http(s) URL such as ${fallback}; the value given uses "${url.protocol}".`,
    );
  }
  if (url.username || url.password) {
    fail(
      `Config field ${field} must not contain credentials; put them in their own fields.`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

function parseCircleCI(config: IntegrationConfig): CircleCIConfig | undefined {
  const apiKey = text(config.circleciApiKey);
  const dependent = (
    [
      'circleciLogin',
      'circleciUserId',
      'circleciOrgSlugs',
      'circleciPipelineLookbackDays',
      'circleciBaseUrl',
      'circleciConcurrency',
    ] as const
  ).filter((field) => text(config[field]) !== undefined);
  if (!apiKey) {
    if (dependent.length > 0) {
      fail(
        `Config field circleciApiKey (CIRCLECI_API_KEY) is required when ${dependent.join(
          ', ',
        )} is set. Add a CircleCI personal API token (User Settings > Personal API Tokens) or remove the CircleCI fields.`,
      );
    }
    return undefined;
  }
  return {
    apiKey,
    login: text(config.circleciLogin),
    userId: text(config.circleciUserId),
    orgSlugs: splitList(config.circleciOrgSlugs),
    pipelineLookbackDays: positiveInteger(
      'circleciPipelineLookbackDays',
      config.circleciPipelineLookbackDays,
      DEFAULT_CIRCLECI_PIPELINE_LOOKBACK_DAYS,
      MAX_LOOKBACK_DAYS,
    ),
    baseUrl: httpUrl(
      'circleciBaseUrl',
      config.circleciBaseUrl,
      DEFAULT_CIRCLECI_BASE_URL,
    ),
    concurrency: positiveInteger(
      'circleciConcurrency',
      config.circleciConcurrency,
      DEFAULT_CIRCLECI_CONCURRENCY,
      MAX_CONCURRENCY,
    ),
  };
}

function parseBitbucketCredentials(
  config: IntegrationConfig,
): BitbucketCredential[] {
  const keys = splitList(config.bitbucketOauthKey);
  const secrets = splitList(config.bitbucketOauthSecret);
  const username = text(config.bitbucketUsername);
  const token = text(config.bitbucketApiToken);

  if (keys.length > 0 && secrets.length === 0) {
    fail(
      'Config field bitbucketOauthSecret (BITBUCKET_OAUTH_SECRET) is required with bitbucketOauthKey. Copy the secret shown next to the OAuth consumer key.',
    );
  }
  if (secrets.length > 0 && keys.length === 0) {
    fail(
      'Config field bitbucketOauthKey (BITBUCKET_OAUTH_KEY) is required with bitbucketOauthSecret. Copy the key of the OAuth consumer.',
    );
  }
  if (keys.length !== secrets.length) {
    fail(
      `Config fields bitbucketOauthKey and bitbucketOauthSecret must list the same number of comma-separated items (one secret per consumer key); got ${keys.length} keys and ${secrets.length} secrets.`,
    );
  }
  if (username && !token) {
    fail(
      'Config field bitbucketApiToken (BITBUCKET_API_TOKEN) is required with bitbucketUsername. Create an Atlassian API token with Bitbucket scopes.',
    );
  }
  if (token && !username) {
    fail(
      'Config field bitbucketUsername (BITBUCKET_USERNAME) is required with bitbucketApiToken. Use the Atlassian account email the token belongs to.',
    );
  }
  const credentials: BitbucketCredential[] = keys.map((key, index) => ({
    kind: 'oauth',
    key,
    secret: secrets[index],
  }));
  if (username && token) {
    credentials.push({ kind: 'apiToken', username, token });
  }
  return credentials;
}

function parseBitbucket(
  config: IntegrationConfig,
): BitbucketConfig | undefined {
  const credentials = parseBitbucketCredentials(config);
  const workspaces = splitList(config.bitbucketWorkspace);
  if (credentials.length === 0) {
    if (workspaces.length > 0) {
      fail(
        'Config field bitbucketWorkspace is set but no Bitbucket credential is: set bitbucketOauthKey and bitbucketOauthSecret (OAuth consumer), or bitbucketUsername and bitbucketApiToken (Atlassian API token).',
      );
    }
    return undefined;
  }
  if (workspaces.length === 0) {
    fail(
      'Config field bitbucketWorkspace (BITBUCKET_WORKSPACE) is required for Bitbucket: give the workspace slug, or a comma-separated list of slugs.',
    );
  }
  const invalid = workspaces.find((slug) => !/^[A-Za-z0-9_.-]+$/.test(slug));
  if (invalid !== undefined) {
    fail(
      `Config field bitbucketWorkspace contains "${invalid}", which is not a workspace slug (letters, digits, "-", "_" and "." only).`,
    );
  }
  return {
    credentials,
    workspaces: [...new Set(workspaces)],
    ingestPullRequests: booleanField(
      'bitbucketIngestPullRequests',
      config.bitbucketIngestPullRequests,
      true,
    ),
    pullRequestLookbackDays: positiveInteger(
      'bitbucketPullRequestLookbackDays',
      config.bitbucketPullRequestLookbackDays,
      DEFAULT_BITBUCKET_PULL_REQUEST_LOOKBACK_DAYS,
      MAX_LOOKBACK_DAYS,
    ),
    baseUrl: httpUrl(
      'bitbucketBaseUrl',
      config.bitbucketBaseUrl,
      DEFAULT_BITBUCKET_BASE_URL,
    ),
    tokenUrl: httpUrl(
      'bitbucketTokenUrl',
      config.bitbucketTokenUrl,
      DEFAULT_BITBUCKET_TOKEN_URL,
    ),
    concurrency: positiveInteger(
      'bitbucketConcurrency',
      config.bitbucketConcurrency,
      DEFAULT_BITBUCKET_CONCURRENCY,
      MAX_CONCURRENCY,
    ),
  };
}

/**
 * Normalises and checks the raw config. Throws IntegrationValidationError
 * naming the field and the fix; never includes a secret value.
 */
export function parseConfig(config: IntegrationConfig): ParsedConfig {
  const parsed: ParsedConfig = {
    circleci: parseCircleCI(config),
    bitbucket: parseBitbucket(config),
  };
  if (!parsed.circleci && !parsed.bitbucket) {
    fail(
      'No vendor is configured. Set circleciApiKey (CIRCLECI_API_KEY) for CircleCI, and/or bitbucketWorkspace with bitbucketOauthKey + bitbucketOauthSecret or bitbucketUsername + bitbucketApiToken for Bitbucket.',
    );
  }
  return parsed;
}
