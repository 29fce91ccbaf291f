import {
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationValidationError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { BitbucketConfig } from '../config';
import {
  authenticationError,
  authorizationError,
  isHttpStatus,
  isNetworkFailure,
} from '../http';
import { ADMIN_SCOPE, missingScopes, requiredScopes } from './auth/scopes';
import { createRunClient, rememberVerifiedClient } from './client/clientCache';
import { CreateClientOptions } from './client/createClient';
import { workspaceNotFoundMessage } from './steps/workspaces';
import { adminScopeMessage } from './steps/adminScope';
import { publishWarning } from '../stepSupport';

function unreachable(err: IntegrationProviderAPIError, what: string) {
  return new IntegrationProviderAPIError({
    endpoint: err.endpoint,
    status: err.status,
    statusText: err.statusText,
    message: `Bitbucket was unreachable while ${what} (${err.status} ${err.statusText}); this is not a credential problem. Check bitbucketBaseUrl/bitbucketTokenUrl and network access, then retry.`,
  });
}

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
        const e = err as IntegrationProviderAPIError;
        throw authenticationError({
          endpoint: e.endpoint,
          status: e.status,
          statusText: e.statusText,
          message: `Bitbucket rejected ${label} (${e.status} ${e.statusText}): check bitbucketOauthKey and bitbucketOauthSecret (Workspace settings > OAuth consumers; the consumer must be private to use client credentials).`,
        });
      }
      throw err;
    }
  }

  const required = requiredScopes(config.ingestPullRequests);
  const lackingAdmin: string[] = [];
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
    if (missingScopes(scopes, [ADMIN_SCOPE]).length > 0)
      lackingAdmin.push(label);
  }
  if (lackingAdmin.length > 0) {
    publishWarning(
      logger,
      IntegrationWarnEventName.MissingPermission,
      adminScopeMessage(
        lackingAdmin,
        'reading repository permissions and branch restrictions',
      ),
    );
  }

  for (const slug of config.workspaces) {
    try {
      await client.getWorkspace(slug);
    } catch (err) {
      if (isHttpStatus(err, 404)) {
        throw new IntegrationValidationError(workspaceNotFoundMessage(slug));
      }
      if (isOutage(err)) throw unreachable(err, `reading workspace '${slug}'`);
      if (err instanceof IntegrationProviderAuthenticationError) {
        throw authenticationError({
          endpoint: err.endpoint,
          status: err.status,
          statusText: err.statusText,
          message: `Bitbucket rejected the credentials while reading workspace '${slug}' (${err.status} ${err.statusText}): check bitbucketUsername (the Atlassian account email) and bitbucketApiToken, or the OAuth consumer.`,
        });
      }
      if (isHttpStatus(err, 403)) {
        throw authorizationError({
          endpoint: (err as IntegrationProviderAPIError).endpoint,
          status: 403,
          statusText: 'Forbidden',
          message: `Bitbucket denied access to workspace '${slug}' (403): the credential is not a member of that workspace or lacks the account scope.`,
        });
      }
      throw err;
    }
  }
  rememberVerifiedClient(run);
}
