/**
 * Bitbucket's error responses. API 2.0 errors share the `error` schema of the
 * spec: `{"type": "error", "error": {"message", "detail"?, "data"?}}`.
 */
import { SandboxResponse } from '../types';

export function bitbucketError(
  status: number,
  message: string,
  extra: { detail?: string; data?: Record<string, unknown> } = {},
  headers?: Record<string, string>,
): SandboxResponse {
  return {
    status,
    headers,
    body: { type: 'error', error: { message, ...extra } },
  };
}

/** What api.bitbucket.org answers for a path no API is hosted at. */
export function unknownPath(): SandboxResponse {
  return bitbucketError(404, 'Resource not found', {
    detail:
      "There is no API hosted at this URL.\n\nFor information about our API's, please refer to the documentation at: https://developer.atlassian.com/bitbucket/api/2/reference/",
  });
}

export function repositoryNotFound(
  workspace: string,
  repoSlug: string,
): SandboxResponse {
  return bitbucketError(404, `Repository ${workspace}/${repoSlug} not found`);
}

export function workspaceNotFound(workspace: string): SandboxResponse {
  return bitbucketError(404, `No workspace with identifier '${workspace}'.`);
}

export function invalidPagelen(): SandboxResponse {
  // Observed vendor body (jenkinsci/bitbucket-branch-source-plugin#1182).
  return bitbucketError(400, 'Invalid pagelen');
}
