import {
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import { CircleCIConfig, fieldName } from '../config';
import { authenticationError, isHttpStatus } from '../http';
import { getValidationClient } from './client/cache';
import { CircleCIClient } from './client/client';
import {
  CircleCICollaboration,
  CircleCIUser,
} from './client/responses/accounts';

/**
 * circleciLogin / circleciUserId are optional expectations: when given they
 * must name the token owner, so a token pasted from the wrong account is
 * caught before anything is ingested under the wrong account key.
 */
export function checkTokenOwner(config: CircleCIConfig, me: CircleCIUser) {
  if (config.userId !== undefined && config.userId !== me.id) {
    throw new IntegrationValidationError(
      `${fieldName('circleciUserId')} is "${
        config.userId
      }" but the CircleCI API token belongs to user id "${me.id}" (login "${
        me.login
      }"). Set circleciUserId to "${
        me.id
      }", leave it empty, or use a token of the intended user.`,
    );
  }
  if (
    config.login !== undefined &&
    config.login.toLowerCase() !== me.login.toLowerCase()
  ) {
    throw new IntegrationValidationError(
      `${fieldName('circleciLogin')} is "${
        config.login
      }" but the CircleCI API token belongs to login "${
        me.login
      }". Set circleciLogin to "${
        me.login
      }", leave it empty, or use a token of the intended user.`,
    );
  }
}

/**
 * The organizations to ingest: all collaborations, or those named in
 * circleciOrgSlugs (compared case-insensitively, as CircleCI slugs are).
 * A configured slug the token cannot see is a configuration error.
 */
export function selectOrganizations(
  config: CircleCIConfig,
  collaborations: CircleCICollaboration[],
): CircleCICollaboration[] {
  if (config.orgSlugs.length === 0) return collaborations;
  const wanted = new Set(config.orgSlugs.map((slug) => slug.toLowerCase()));
  const missing = config.orgSlugs.filter(
    (slug) =>
      !collaborations.some((c) => c.slug.toLowerCase() === slug.toLowerCase()),
  );
  if (missing.length > 0) {
    const visible = collaborations.map((c) => c.slug).join(', ') || 'none';
    throw new IntegrationValidationError(
      `${fieldName('circleciOrgSlugs')} names ${missing
        .map((slug) => `"${slug}"`)
        .join(
          ', ',
        )}, which the CircleCI API token's user is not a member of (GET /me/collaborations lists: ${visible}). Fix the slug (e.g. gh/my-org or circleci/<org-id>), remove it, or use a token of a member.`,
    );
  }
  return collaborations.filter((c) => wanted.has(c.slug.toLowerCase()));
}

function unreachable(err: unknown): IntegrationProviderAPIError {
  const detail = err instanceof Error ? err.message : String(err);
  const original = err instanceof IntegrationProviderAPIError ? err : undefined;
  return new IntegrationProviderAPIError({
    endpoint: original?.endpoint ?? 'GET /me',
    status: original?.status ?? 'UNREACHABLE',
    statusText: original?.statusText ?? 'CircleCI API unreachable',
    message: `The CircleCI API was unreachable or failing, so the API token could not be checked (this is not a rejected credential; check ${fieldName(
      'circleciBaseUrl',
    )} and CircleCI's status, then retry): ${detail}`,
  });
}

async function checked<T>(
  config: CircleCIConfig,
  request: () => Promise<T>,
): Promise<T> {
  try {
    return await request();
  } catch (err) {
    if (isHttpStatus(err, 401, 403)) {
      throw authenticationError({
        endpoint: err.endpoint,
        status: err.status,
        statusText: 'CircleCI rejected the API token',
        message: `CircleCI rejected the API token ${fieldName(
          'circleciApiKey',
        )} with ${
          err.status
        }: create a new personal API token in CircleCI (User Settings > Personal API Tokens); project tokens do not work with API v2.`,
      });
    }
    if (isHttpStatus(err, 431)) {
      // Request Header Fields Too Large: the only header that varies is the
      // token, so the token is malformed (a paste of more than the token).
      throw authenticationError({
        endpoint: err.endpoint,
        status: err.status,
        statusText: 'CircleCI refused the API token header',
        message: `CircleCI refused the request headers (431): the API token ${fieldName(
          'circleciApiKey',
        )} is malformed or far too long. Copy the personal API token again, without surrounding text.`,
      });
    }
    if (isHttpStatus(err, 404)) {
      // GET /me exists on every CircleCI API v2; a 404 means the base URL
      // does not point at one.
      throw new IntegrationValidationError(
        `CircleCI answered 404 Not Found for ${err.endpoint}: ${fieldName(
          'circleciBaseUrl',
        )} is "${
          config.baseUrl
        }", which is not a CircleCI API v2 base URL. Use https://circleci.com/api/v2 (or your server's .../api/v2), or leave it empty for the default.`,
      );
    }
    if (err instanceof IntegrationValidationError) throw err;
    throw unreachable(err);
  }
}

/**
 * validateInvocation's CircleCI check: `GET /me` (and `/me/collaborations`
 * when circleciOrgSlugs is set). The client is kept for the steps of the
 * same run, so these requests are not repeated.
 */
export async function verifyCircleCIAccess(
  config: CircleCIConfig,
  logger: IntegrationLogger,
): Promise<void> {
  await verifyWithClient(config, getValidationClient(config, logger));
}

/** The checks of verifyCircleCIAccess with a given client (tests). */
export async function verifyWithClient(
  config: CircleCIConfig,
  client: CircleCIClient,
): Promise<void> {
  const me = await checked(config, () => client.getMe());
  checkTokenOwner(config, me);
  if (config.orgSlugs.length > 0) {
    const collaborations = await checked(config, () =>
      client.listCollaborations(),
    );
    selectOrganizations(config, collaborations);
  }
}
