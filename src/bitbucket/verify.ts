import {
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationValidationError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { BitbucketConfig, fieldName } from '../config';
import {
  authenticationError,
  authorizationError,
  isHttpStatus,
  isNetworkFailure,
} from '../http';
import {
  ACCESS_TOKEN_SERVES,
  MAIN_CREDENTIAL_SERVES,
  RoutingAuthenticator,
} from './auth/accessTokens';
import { scopeMessage } from './auth/scopeCheck';
import {
  ADMIN_SCOPE,
  missingScopes,
  PROJECT_ADMIN_SCOPE,
  requiredScopes,
} from './auth/scopes';
import { createRunClient, rememberVerifiedClient } from './client/clientCache';
import { CreateClientOptions } from './client/createClient';
import { publishWarning } from '../steps';

function unreachable(err: IntegrationProviderAPIError, what: string) {
  return new IntegrationProviderAPIError({
    endpoint: err.endpoint,
    status: err.status,
    statusText: err.statusText,
    message: `Bitbucket was unreachable while ${what} (${err.status} ${
      err.statusText
    }); this is not a credential problem. Check ${fieldName(
      'bitbucketBaseUrl',
    )}, ${fieldName('bitbucketTokenUrl')} and network access, then retry.`,
  });
}

/**
 * 431 Request Header Fields Too Large: the only header that varies is the
 * credential, so it is malformed (a paste of more than the credential).
 */
function headerRefused(err: IntegrationProviderAPIError, label: string) {
  return authenticationError({
    endpoint: err.endpoint,
    status: err.status,
    statusText: 'Bitbucket refused the credential header',
    message: `Bitbucket refused the request headers (431) for ${label}: the credential (${fieldName(
      'bitbucketOauthKey',
    )} / ${fieldName('bitbucketOauthSecret')}, or ${fieldName(
      'bitbucketUsername',
    )} / ${fieldName(
      'bitbucketApiToken',
    )}) is malformed or far too long. Copy it again, without surrounding text.`,
  });
}

/**
 * A workspace read answering 404. When every configured workspace does, the
 * likelier cause is a base URL that is not the API's (most often one
 * without `/2.0`, which answers 404 for every path), so that is named first.
 */
export function workspacesNotFoundMessage(
  config: Pick<BitbucketConfig, 'baseUrl' | 'workspaces'>,
  notFound: string[],
): string {
  const list = notFound.map((slug) => `'${slug}'`).join(', ');
  if (notFound.length === config.workspaces.length) {
    const noVersion = !/\/2\.0$/.test(new URL(config.baseUrl).pathname);
    return `Bitbucket answered 404 Not Found for every configured workspace (${list}). ${
      noVersion
        ? `${fieldName('bitbucketBaseUrl')} is "${
            config.baseUrl
          }", which does not end in /2.0: use https://api.bitbucket.org/2.0 (or leave it empty for the default).`
        : `Check ${fieldName('bitbucketBaseUrl')} ("${
            config.baseUrl
          }"; the default is https://api.bitbucket.org/2.0), then ${fieldName(
            'bitbucketWorkspace',
          )} (the slug from https://bitbucket.org/<slug>/) and that the credential belongs to that workspace.`
    }`;
  }
  const noun = notFound.length === 1 ? 'workspace' : 'workspaces';
  return `Bitbucket ${noun} ${list} ${
    notFound.length === 1 ? 'was' : 'were'
  } not found (404), or the credential cannot see it; check ${fieldName(
    'bitbucketWorkspace',
  )} (the slug from https://bitbucket.org/<slug>/) and that the OAuth consumer or API token belongs to that workspace.`;
}

/**
 * Admin scopes a run works without, announced at validation (one warning
 * each, naming what will be missing). The webhook and pipeline scopes are
 * announced by the steps that need them.
 */
const OPTIONAL_SCOPES: Array<{ scope: string; what: string }> = [
  {
    scope: ADMIN_SCOPE,
    what: 'reading repository permissions, branch restrictions and deploy keys',
  },
  {
    scope: PROJECT_ADMIN_SCOPE,
    what: 'reading project permissions (access inherited through projects) and project deploy keys',
  },
];

/** 5xx and network failures: Bitbucket did not answer the question. */
function isOutage(err: unknown): err is IntegrationProviderAPIError {
  return (
    err instanceof IntegrationProviderAPIError &&
    (isNetworkFailure(err) || Number(err.status) >= 500)
  );
}

/**
 * Validation for Bitbucket: a token for every OAuth consumer (401/400 mean
 * a bad key or secret), the scopes each consumer was granted, and every
 * configured workspace. Errors name Bitbucket and the credential's position,
 * never the key, secret or token. The authenticated client is handed to the
 * steps so the run requests one token per consumer in total.
 */
export async function verifyBitbucketAccess(
  config: BitbucketConfig,
  logger: IntegrationLogger,
  options: Omit<CreateClientOptions, 'logger'> = {},
): Promise<void> {
  const run = createRunClient(config, logger, options);
  const { authenticator, client } = run;

  for (let index = 0; index < authenticator.count(); index += 1) {
    const label = authenticator.grantedScopes()[index].label;
    try {
      await authenticator.authenticate(index);
    } catch (err) {
      if (isOutage(err))
        throw unreachable(err, `requesting a token for ${label}`);
      if (isHttpStatus(err, 400, 401)) {
        throw authenticationError({
          endpoint: err.endpoint,
          status: err.status,
          statusText: err.statusText,
          message: `Bitbucket rejected ${label} (${err.status} ${
            err.statusText
          }): check ${fieldName('bitbucketOauthKey')} and ${fieldName(
            'bitbucketOauthSecret',
          )} (Workspace settings > OAuth consumers; the consumer must be private to use client credentials).`,
        });
      }
      if (isHttpStatus(err, 431)) throw headerRefused(err, label);
      if (isHttpStatus(err, 404, 405)) {
        throw new IntegrationValidationError(
          `Bitbucket's token endpoint answered ${err.status} ${
            err.statusText
          } while requesting a token for ${label}: ${fieldName(
            'bitbucketTokenUrl',
          )} is "${
            config.tokenUrl
          }", which is not an OAuth token endpoint. Use https://bitbucket.org/site/oauth2/access_token, or leave it empty for the default.`,
        );
      }
      throw err;
    }
  }

  const required = requiredScopes(config.ingestPullRequests);
  const lacking = new Map<string, string[]>(
    OPTIONAL_SCOPES.map(({ scope }) => [scope, []]),
  );
  for (const { label, scopes } of authenticator.grantedScopes()) {
    if (scopes === undefined) continue;
    const missing = missingScopes(scopes, required);
    if (missing.length > 0) {
      throw authorizationError({
        endpoint: `POST ${config.tokenUrl}`,
        status: 403,
        statusText: 'Missing scopes',
        message: `Bitbucket ${label} lacks the scopes ${missing.join(
          ', ',
        )}; add them to the OAuth consumer (Workspace settings > OAuth consumers > Edit > Permissions: account = Account: Read, project = Projects: Read, repository = Repositories: Read, pullrequest = Pull requests: Read)${
          config.ingestPullRequests && missing.includes('pullrequest')
            ? ', or set bitbucketIngestPullRequests to false'
            : ''
        }.`,
      });
    }
    for (const scope of missingScopes(
      scopes,
      OPTIONAL_SCOPES.map((optional) => optional.scope),
    )) {
      lacking.get(scope)?.push(label);
    }
  }
  for (const { scope, what } of OPTIONAL_SCOPES) {
    const labels = lacking.get(scope) ?? [];
    if (labels.length === 0) continue;
    publishWarning(
      logger,
      IntegrationWarnEventName.MissingPermission,
      scopeMessage(labels, scope, what),
    );
  }

  const notFound: string[] = [];
  for (const slug of config.workspaces) {
    try {
      await client.getWorkspace(slug);
    } catch (err) {
      if (isHttpStatus(err, 404)) {
        notFound.push(slug);
        continue;
      }
      if (isOutage(err)) throw unreachable(err, `reading workspace '${slug}'`);
      if (isHttpStatus(err, 431)) throw headerRefused(err, 'the credential');
      if (err instanceof IntegrationProviderAuthenticationError) {
        throw authenticationError({
          endpoint: err.endpoint,
          status: err.status,
          statusText: err.statusText,
          message: `Bitbucket rejected the credentials while reading workspace '${slug}' (${
            err.status
          } ${err.statusText}): check ${fieldName(
            'bitbucketUsername',
          )} (the Atlassian account email) and ${fieldName(
            'bitbucketApiToken',
          )}, or the OAuth consumer.`,
        });
      }
      if (isHttpStatus(err, 403)) {
        throw authorizationError({
          endpoint: err.endpoint,
          status: 403,
          statusText: 'Forbidden',
          message: `Bitbucket denied access to workspace '${slug}' (403): the credential is not a member of that workspace or lacks the account scope.`,
        });
      }
      throw err;
    }
  }
  if (notFound.length > 0) {
    throw new IntegrationValidationError(
      workspacesNotFoundMessage(config, notFound),
    );
  }
  await verifyAccessTokens(run, config);
  logger.info(
    { accessTokens: config.accessTokens.length },
    credentialRoutingMessage(run.router),
  );
  rememberVerifiedClient(run);
}

/** Which requests each configured credential serves (validation's log). */
export function credentialRoutingMessage(router: RoutingAuthenticator): string {
  const main = `${
    router.main.count() === 1
      ? router.main.currentLabel()
      : `${router.main.count()} OAuth consumers / API token`
  }`;
  const tokens = router.accessTokenCount();
  if (tokens === 0) {
    return `Bitbucket: ${main} serves every request (no bitbucketAccessToken: repository data shares its budget of 1,000 requests per hour per credential).`;
  }
  return `Bitbucket: ${tokens} access token(s) serve ${ACCESS_TOKEN_SERVES}; ${main} serves ${MAIN_CREDENTIAL_SERVES}.`;
}

/**
 * Each access token reads the first configured workspace's repository list
 * once (one request per token): 401 is a wrong or revoked token, 403 one
 * without repository read access. The token goes in its own header
 * (noAuth), so the request names the token it checks.
 */
async function verifyAccessTokens(
  run: ReturnType<typeof createRunClient>,
  config: BitbucketConfig,
): Promise<void> {
  const workspace = config.workspaces[0];
  for (const [index, token] of config.accessTokens.entries()) {
    const label = `access token #${index + 1} (${fieldName(
      'bitbucketAccessToken',
    )})`;
    try {
      await run.client.transport.requestJson({
        url: `${config.baseUrl}/repositories/${encodeURIComponent(
          workspace,
        )}?pagelen=10`,
        endpoint: 'GET /repositories/{workspace}',
        noAuth: true,
        headers: { Authorization: `Bearer ${token}` },
      });
    } catch (err) {
      if (isOutage(err)) throw unreachable(err, `checking ${label}`);
      if (err instanceof IntegrationProviderAuthenticationError) {
        throw authenticationError({
          endpoint: err.endpoint,
          status: err.status,
          statusText: err.statusText,
          message: `Bitbucket rejected ${label} (${err.status} ${err.statusText}): the token is wrong, expired or revoked. Create a workspace, project or repository access token with Repositories: Read (and Admin for branch restrictions), Pull requests: Read and Pipelines: Read, or remove it; without access tokens the OAuth consumer or API token serves every request.`,
        });
      }
      if (isHttpStatus(err, 403)) {
        throw authorizationError({
          endpoint: err.endpoint,
          status: 403,
          statusText: 'Forbidden',
          message: `Bitbucket denied ${label} the repositories of workspace '${workspace}' (403): it would serve ${ACCESS_TOKEN_SERVES}, and needs Repositories: Read for that. Give it that scope, or remove it.`,
        });
      }
      throw err;
    }
  }
}
