/**
 * Loopback HTTP helpers for the sandbox's own tests: authenticated CircleCI
 * calls and a Bitbucket OAuth client-credentials token.
 */
import fetch, { RequestInit, Response } from 'node-fetch';
import { SANDBOX_CREDENTIALS } from '../types';
import { Sandbox } from '../server';

export const BITBUCKET_KEYS = SANDBOX_CREDENTIALS.bitbucketOauthKey.split(',');
export const BITBUCKET_SECRETS =
  SANDBOX_CREDENTIALS.bitbucketOauthSecret.split(',');

/** GET `<circleciBaseUrl><path>` with the sandbox's personal API token. */
export function circleci(
  sandbox: Sandbox,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${sandbox.circleciBaseUrl}${path}`, {
    ...init,
    headers: {
      'Circle-Token': SANDBOX_CREDENTIALS.circleciApiKey,
      ...(init.headers as Record<string, string> | undefined),
    },
  });
}

/** A client-credentials access token for consumer `index` (0 or 1). */
export async function bitbucketToken(
  sandbox: Sandbox,
  index = 0,
): Promise<string> {
  const basic = Buffer.from(
    `${BITBUCKET_KEYS[index]}:${BITBUCKET_SECRETS[index]}`,
  ).toString('base64');
  const response = await fetch(sandbox.bitbucketTokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { access_token?: string };
  if (response.status !== 200 || !body.access_token) {
    throw new Error(`token request failed with ${response.status}`);
  }
  return body.access_token;
}

/** GET `<bitbucketBaseUrl><path>` with a bearer token. */
export function bitbucket(
  sandbox: Sandbox,
  path: string,
  token: string,
): Promise<Response> {
  return fetch(`${sandbox.bitbucketBaseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
}
