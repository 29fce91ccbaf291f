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
/**
 * Pacing to Bitbucket's hourly budgets may stretch a large first run over
 * several hours; past this the run stops with a message saying what was left.
 */
export const DEFAULT_MAX_RUN_HOURS = 6;
const MAX_MAX_RUN_HOURS = 72;
const MAX_LOOKBACK_DAYS = 3650;

const TEXT_FIELD = { type: 'string', optional: true } as const;
/** Masked in the JupiterOne UI and never logged. */
const SECRET_FIELD = { type: 'string', mask: true, optional: true } as const;

/**
 * The fields as the managed runtime and `j1-integration collect` deliver them
 * (collect reads each from the upper snake-case env var, e.g.
 * circleciApiKey -> CIRCLECI_API_KEY). Every field is optional here because
 * either vendor may be configured alone; parseConfig enforces what each
 * configured vendor needs.
 */
export const instanceConfigFields = {
  circleciApiKey: SECRET_FIELD,
  circleciLogin: TEXT_FIELD,
  circleciUserId: TEXT_FIELD,
  circleciOrgSlugs: TEXT_FIELD,
  circleciPipelineLookbackDays: TEXT_FIELD,
  circleciBaseUrl: TEXT_FIELD,
  circleciConcurrency: TEXT_FIELD,
  circleciFullRun: TEXT_FIELD,
  bitbucketOauthKey: TEXT_FIELD,
  bitbucketOauthSecret: SECRET_FIELD,
  bitbucketUsername: TEXT_FIELD,
  bitbucketApiToken: SECRET_FIELD,
  bitbucketAccessToken: SECRET_FIELD,
  bitbucketWorkspace: TEXT_FIELD,
  // A string, parsed by the package: the SDK CLI accepts only true/false for
  // a boolean field and fails with its own error and a stack trace otherwise.
  // The managed runtime may still deliver a boolean; booleanField takes both.
  bitbucketIngestPullRequests: TEXT_FIELD,
  bitbucketPullRequestLookbackDays: TEXT_FIELD,
  bitbucketBaseUrl: TEXT_FIELD,
  bitbucketTokenUrl: TEXT_FIELD,
  bitbucketConcurrency: TEXT_FIELD,
  maxRunHours: TEXT_FIELD,
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
  circleciFullRun?: RawValue;
  bitbucketOauthKey?: string;
  bitbucketOauthSecret?: string;
  bitbucketUsername?: string;
  bitbucketApiToken?: string;
  bitbucketAccessToken?: string;
  bitbucketWorkspace?: string;
  bitbucketIngestPullRequests?: RawValue;
  bitbucketPullRequestLookbackDays?: RawValue;
  bitbucketBaseUrl?: string;
  bitbucketTokenUrl?: string;
  bitbucketConcurrency?: RawValue;
  maxRunHours?: RawValue;
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
  /**
   * Read the whole lookback window even when a previous run succeeded
   * (circleciFullRun); otherwise later runs read only new pipelines.
   */
  fullRun: boolean;
  maxRunHours: number;
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
  /**
   * Workspace, project or repository access tokens (Bearer): repository
   * data goes through them, with their own (scaled) rate limits.
   */
  accessTokens: string[];
  maxRunHours: number;
}

export interface ParsedConfig {
  circleci?: CircleCIConfig;
  bitbucket?: BitbucketConfig;
}

export type Vendor = 'CircleCI' | 'Bitbucket';

/** One thing wrong with the configuration, attributed to a vendor. */
export interface ConfigProblem {
  vendor: Vendor | 'Configuration';
  message: string;
}

/**
 * The environment variable `j1-integration collect` reads a field from
 * (the SDK applies lodash's snakeCase and upper-cases it; the field names
 * here have no digits, so splitting before each capital is the same).
 */
export function envVarName(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** `circleciApiKey (CIRCLECI_API_KEY)`: how every message names a field. */
export function fieldName(field: string): string {
  return `${field} (${envVarName(field)})`;
}

/**
 * Opt-in for base and token URLs on link-local or cloud metadata addresses.
 * It is an environment variable of the process, not a config field, so only
 * whoever runs the integration can set it, not whoever edits an instance.
 */
export const ALLOW_LINK_LOCAL_ENV = 'ALLOW_LINK_LOCAL_URLS';

/** Collects problems instead of stopping at the first one. */
class Problems {
  readonly list: ConfigProblem[] = [];
  constructor(private readonly vendor: ConfigProblem['vendor']) {}
  add(message: string): void {
    this.list.push({ vendor: this.vendor, message });
  }
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
  problems: Problems,
  field: string,
  value: RawValue,
  fallback: number,
  max: number,
): number {
  const raw = text(value);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    problems.add(
      `${fieldName(
        field,
      )} must be a whole number from 1 to ${max}; got "${raw}". Fix the value or leave it empty for the default (${fallback}).`,
    );
    return fallback;
  }
  return Number(raw);
}

const TRUE_WORDS = ['true', 'yes', '1'];
const FALSE_WORDS = ['false', 'no', '0'];

function booleanField(
  problems: Problems,
  field: string,
  value: RawValue,
  fallback: boolean,
): boolean {
  if (typeof value === 'boolean') return value;
  const raw = text(value);
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  if (TRUE_WORDS.includes(lower)) return true;
  if (FALSE_WORDS.includes(lower)) return false;
  problems.add(
    `${fieldName(
      field,
    )} must be true or false (yes/no and 1/0 are accepted too, in any case); got "${raw}". Fix the value or leave it empty for the default (${fallback}).`,
  );
  return fallback;
}

/**
 * Link-local addresses (169.254.0.0/16, fe80::/10) and the cloud metadata
 * endpoints (AWS's 169.254.169.254 and fd00:ec2::254, GCP's
 * metadata.google.internal) answer with the host's own cloud credentials,
 * never with a vendor API. A base URL pointing there is a mistake or an
 * attempt to make the integration fetch those credentials.
 */
export function isLinkLocalOrMetadataHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'metadata.google.internal' || host === 'metadata') return true;
  // WHATWG URL parsing already normalised IPv4 spellings such as 0xa9fea9fe.
  if (/^169\.254\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (!host.startsWith('[')) return false;
  const v6 = host.slice(1, -1);
  if (v6 === 'fd00:ec2::254') return true;
  if (/^fe[89ab][0-9a-f]?:/.test(v6)) return true;
  // IPv4-mapped (::ffff:a9fe:xxxx is 169.254.x.x after URL normalisation).
  return /^::ffff:a9fe:[0-9a-f]{1,4}$/.test(v6);
}

function httpUrl(
  problems: Problems,
  field: string,
  value: RawValue,
  fallback: string,
  env: NodeJS.ProcessEnv,
): string {
  const raw = text(value) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.add(
      `${fieldName(
        field,
      )} must be an http(s) URL such as ${fallback}; the value given is not a URL.`,
    );
    return fallback;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.add(
      `${fieldName(
        field,
      )} must be an http(s) URL such as ${fallback}; the value given uses "${
        url.protocol
      }".`,
    );
    return fallback;
  }
  if (url.username || url.password) {
    problems.add(
      `${fieldName(
        field,
      )} must not contain credentials; put them in their own fields.`,
    );
    return fallback;
  }
  if (
    isLinkLocalOrMetadataHost(url.hostname) &&
    !/^(true|yes|1)$/i.test((env[ALLOW_LINK_LOCAL_ENV] ?? '').trim())
  ) {
    problems.add(
      `${fieldName(field)} points at ${
        url.hostname
      }, a link-local or cloud metadata address, which never serves a vendor API. Use the vendor's URL (such as ${fallback}); if a proxy really listens there, set the environment variable ${ALLOW_LINK_LOCAL_ENV}=true.`,
    );
    return fallback;
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * A credential goes into an HTTP header (CircleCI's Circle-Token, or a Basic
 * or Bearer Authorization). A line break, another control character or a
 * character outside Latin-1 cannot be sent there (Node refuses the request)
 * and is always a copy-and-paste error, so it is reported here as a
 * malformed value instead of later as an unreachable API. The value itself
 * is never echoed.
 */
function headerSafe(problems: Problems, field: string, value: string): void {
  let kind: string | undefined;
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 10 || code === 13) kind = 'a line break';
    else if (code < 32 || code === 127) kind ??= 'a control character';
    else if (code > 255) kind ??= 'a character outside Latin-1';
    if (kind === 'a line break') break;
  }
  if (kind !== undefined) {
    problems.add(
      `${fieldName(
        field,
      )} is malformed: it contains ${kind}, which cannot be sent in an HTTP header. Copy the credential again, without surrounding text or line breaks.`,
    );
  }
}

function parseCircleCI(
  config: IntegrationConfig,
  problems: Problems,
  env: NodeJS.ProcessEnv,
): CircleCIConfig | undefined {
  const apiKey = text(config.circleciApiKey);
  const dependent = (
    [
      'circleciLogin',
      'circleciUserId',
      'circleciOrgSlugs',
      'circleciPipelineLookbackDays',
      'circleciBaseUrl',
      'circleciConcurrency',
      'circleciFullRun',
    ] as const
  ).filter((field) => text(config[field]) !== undefined);
  if (!apiKey) {
    if (dependent.length === 0) return undefined;
    problems.add(
      `${fieldName('circleciApiKey')} is required when ${dependent
        .map(fieldName)
        .join(
          ', ',
        )} is set. Add a CircleCI personal API token (User Settings > Personal API Tokens) or remove the CircleCI fields.`,
    );
  } else {
    headerSafe(problems, 'circleciApiKey', apiKey);
  }
  return {
    apiKey: apiKey ?? '',
    login: text(config.circleciLogin),
    userId: text(config.circleciUserId),
    orgSlugs: splitList(config.circleciOrgSlugs),
    pipelineLookbackDays: positiveInteger(
      problems,
      'circleciPipelineLookbackDays',
      config.circleciPipelineLookbackDays,
      DEFAULT_CIRCLECI_PIPELINE_LOOKBACK_DAYS,
      MAX_LOOKBACK_DAYS,
    ),
    baseUrl: httpUrl(
      problems,
      'circleciBaseUrl',
      config.circleciBaseUrl,
      DEFAULT_CIRCLECI_BASE_URL,
      env,
    ),
    concurrency: positiveInteger(
      problems,
      'circleciConcurrency',
      config.circleciConcurrency,
      DEFAULT_CIRCLECI_CONCURRENCY,
      MAX_CONCURRENCY,
    ),
    fullRun: booleanField(
      problems,
      'circleciFullRun',
      config.circleciFullRun,
      false,
    ),
    maxRunHours: DEFAULT_MAX_RUN_HOURS,
  };
}

function parseBitbucketCredentials(
  config: IntegrationConfig,
  problems: Problems,
): BitbucketCredential[] {
  const keys = splitList(config.bitbucketOauthKey);
  const secrets = splitList(config.bitbucketOauthSecret);
  const username = text(config.bitbucketUsername);
  const token = text(config.bitbucketApiToken);

  if (keys.length > 0 && secrets.length === 0) {
    problems.add(
      `${fieldName(
        'bitbucketOauthSecret',
      )} is required with bitbucketOauthKey. Copy the secret shown next to the OAuth consumer key.`,
    );
  } else if (secrets.length > 0 && keys.length === 0) {
    problems.add(
      `${fieldName(
        'bitbucketOauthKey',
      )} is required with bitbucketOauthSecret. Copy the key of the OAuth consumer.`,
    );
  } else if (keys.length !== secrets.length) {
    problems.add(
      `${fieldName('bitbucketOauthKey')} and ${fieldName(
        'bitbucketOauthSecret',
      )} must list the same number of comma-separated items (one secret per consumer key); got ${
        keys.length
      } keys and ${secrets.length} secrets.`,
    );
  }
  if (username && !token) {
    problems.add(
      `${fieldName(
        'bitbucketApiToken',
      )} is required with bitbucketUsername. Create an Atlassian API token with Bitbucket scopes.`,
    );
  }
  if (token && !username) {
    problems.add(
      `${fieldName(
        'bitbucketUsername',
      )} is required with bitbucketApiToken. Use the Atlassian account email the token belongs to.`,
    );
  }
  keys.forEach((key) => headerSafe(problems, 'bitbucketOauthKey', key));
  secrets.forEach((secret) =>
    headerSafe(problems, 'bitbucketOauthSecret', secret),
  );
  if (username) headerSafe(problems, 'bitbucketUsername', username);
  if (token) headerSafe(problems, 'bitbucketApiToken', token);

  const credentials: BitbucketCredential[] =
    keys.length === secrets.length
      ? keys.map((key, index) => ({
          kind: 'oauth',
          key,
          secret: secrets[index],
        }))
      : [];
  if (username && token) {
    credentials.push({ kind: 'apiToken', username, token });
  }
  return credentials;
}

function parseBitbucket(
  config: IntegrationConfig,
  problems: Problems,
  env: NodeJS.ProcessEnv,
): BitbucketConfig | undefined {
  const before = problems.list.length;
  const credentials = parseBitbucketCredentials(config, problems);
  const accessTokens = splitList(config.bitbucketAccessToken);
  accessTokens.forEach((token) =>
    headerSafe(problems, 'bitbucketAccessToken', token),
  );
  if (accessTokens.length > 0 && credentials.length === 0) {
    problems.add(
      `${fieldName(
        'bitbucketAccessToken',
      )} is set without an OAuth consumer or API token: access tokens read repository data (pull requests, activity, commits, branch restrictions, pipelines) but Bitbucket refuses them the workspace members, projects, groups and permissions endpoints. Add bitbucketOauthKey and bitbucketOauthSecret (BITBUCKET_OAUTH_KEY, BITBUCKET_OAUTH_SECRET) or bitbucketUsername and bitbucketApiToken (BITBUCKET_USERNAME, BITBUCKET_API_TOKEN) as well.`,
    );
  }
  const workspaces = splitList(config.bitbucketWorkspace);
  if (credentials.length === 0 && problems.list.length === before) {
    const others = (
      [
        'bitbucketAccessToken',
        'bitbucketWorkspace',
        'bitbucketPullRequestLookbackDays',
        'bitbucketBaseUrl',
        'bitbucketTokenUrl',
        'bitbucketConcurrency',
      ] as const
    ).filter((field) => text(config[field]) !== undefined);
    if (others.length === 0) {
      // A switch with a default (the managed runtime may store it for a
      // CircleCI-only instance): not a sign of Bitbucket, but still checked.
      booleanField(
        problems,
        'bitbucketIngestPullRequests',
        config.bitbucketIngestPullRequests,
        true,
      );
      return undefined;
    }
    problems.add(
      `${others
        .map(fieldName)
        .join(
          ', ',
        )} is set but no Bitbucket credential is: set bitbucketOauthKey and bitbucketOauthSecret (BITBUCKET_OAUTH_KEY, BITBUCKET_OAUTH_SECRET: an OAuth consumer), or bitbucketUsername and bitbucketApiToken (BITBUCKET_USERNAME, BITBUCKET_API_TOKEN: an Atlassian API token).`,
    );
  } else if (workspaces.length === 0) {
    problems.add(
      `${fieldName(
        'bitbucketWorkspace',
      )} is required for Bitbucket: give the workspace slug, or a comma-separated list of slugs.`,
    );
  }
  const invalid = workspaces.find((slug) => !/^[A-Za-z0-9_.-]+$/.test(slug));
  if (invalid !== undefined) {
    problems.add(
      `${fieldName(
        'bitbucketWorkspace',
      )} contains "${invalid}", which is not a workspace slug (letters, digits, "-", "_" and "." only).`,
    );
  }
  return {
    credentials,
    workspaces: [...new Set(workspaces)],
    ingestPullRequests: booleanField(
      problems,
      'bitbucketIngestPullRequests',
      config.bitbucketIngestPullRequests,
      true,
    ),
    pullRequestLookbackDays: positiveInteger(
      problems,
      'bitbucketPullRequestLookbackDays',
      config.bitbucketPullRequestLookbackDays,
      DEFAULT_BITBUCKET_PULL_REQUEST_LOOKBACK_DAYS,
      MAX_LOOKBACK_DAYS,
    ),
    baseUrl: httpUrl(
      problems,
      'bitbucketBaseUrl',
      config.bitbucketBaseUrl,
      DEFAULT_BITBUCKET_BASE_URL,
      env,
    ),
    tokenUrl: httpUrl(
      problems,
      'bitbucketTokenUrl',
      config.bitbucketTokenUrl,
      DEFAULT_BITBUCKET_TOKEN_URL,
      env,
    ),
    concurrency: positiveInteger(
      problems,
      'bitbucketConcurrency',
      config.bitbucketConcurrency,
      DEFAULT_BITBUCKET_CONCURRENCY,
      MAX_CONCURRENCY,
    ),
    accessTokens,
    maxRunHours: DEFAULT_MAX_RUN_HOURS,
  };
}

/** maxRunHours: hours, decimals allowed, shared by both vendors. */
function parseMaxRunHours(problems: Problems, value: RawValue): number {
  const raw = text(value);
  if (raw === undefined) return DEFAULT_MAX_RUN_HOURS;
  const hours = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(hours > 0) || hours > MAX_MAX_RUN_HOURS) {
    problems.add(
      `${fieldName(
        'maxRunHours',
      )} must be a number of hours above 0 and at most ${MAX_MAX_RUN_HOURS} (decimals allowed); got "${raw}". Fix the value or leave it empty for the default (${DEFAULT_MAX_RUN_HOURS}).`,
    );
    return DEFAULT_MAX_RUN_HOURS;
  }
  return hours;
}

export interface VendorParse {
  /** Set only when that vendor is configured and has no problem. */
  circleci?: CircleCIConfig;
  bitbucket?: BitbucketConfig;
  problems: ConfigProblem[];
}

/**
 * Checks every field of both vendors and returns every problem found (a
 * user fixing a .env should see them all at once), with the config of each
 * vendor that has none. Never includes a secret value.
 */
export function parseConfigByVendor(
  config: IntegrationConfig,
  env: NodeJS.ProcessEnv = process.env,
): VendorParse {
  const circleciProblems = new Problems('CircleCI');
  const bitbucketProblems = new Problems('Bitbucket');
  const circleci = parseCircleCI(config, circleciProblems, env);
  const bitbucket = parseBitbucket(config, bitbucketProblems, env);
  const sharedProblems = new Problems('Configuration');
  const maxRunHours = parseMaxRunHours(sharedProblems, config.maxRunHours);
  if (circleci) circleci.maxRunHours = maxRunHours;
  if (bitbucket) bitbucket.maxRunHours = maxRunHours;
  const problems = [
    ...circleciProblems.list,
    ...bitbucketProblems.list,
    ...sharedProblems.list,
  ];
  if (!circleci && !bitbucket && problems.length === 0) {
    problems.push({
      vendor: 'Configuration',
      message:
        'No vendor is configured. Set circleciApiKey (CIRCLECI_API_KEY) for CircleCI, and/or bitbucketWorkspace (BITBUCKET_WORKSPACE) with bitbucketOauthKey + bitbucketOauthSecret (BITBUCKET_OAUTH_KEY, BITBUCKET_OAUTH_SECRET) or bitbucketUsername + bitbucketApiToken (BITBUCKET_USERNAME, BITBUCKET_API_TOKEN) for Bitbucket.',
    });
  }
  return {
    circleci: circleciProblems.list.length === 0 ? circleci : undefined,
    bitbucket: bitbucketProblems.list.length === 0 ? bitbucket : undefined,
    problems,
  };
}

/** `CircleCI: <message>`, or one line per problem when there are several. */
export function describeProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => `${p.vendor}: ${p.message}`);
  if (lines.length === 1) return lines[0];
  return [`${lines.length} configuration problems:`, ...lines].join('\n  - ');
}

/**
 * Normalises and checks the raw config. Throws one IntegrationValidationError
 * listing every problem, each naming its vendor, field, env var and fix.
 */
export function parseConfig(
  config: IntegrationConfig,
  env: NodeJS.ProcessEnv = process.env,
): ParsedConfig {
  const { circleci, bitbucket, problems } = parseConfigByVendor(config, env);
  if (problems.length > 0) {
    throw new IntegrationValidationError(describeProblems(problems));
  }
  return { circleci, bitbucket };
}
