import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';
import { isHttpStatus } from '../../http';
import { createWorkspaceEntity } from '../converters/workspace';
import { BitbucketSteps } from '../metadata';
import { addEntityOnce, StepContext, StepHandlers } from '../../steps';
import { withRequestLog } from './common';

export function workspaceNotFoundMessage(slug: string): string {
  return `Bitbucket workspace '${slug}' was not found (404), or the credential cannot see it; check bitbucketWorkspace (the slug from https://bitbucket.org/<slug>/) and that the OAuth consumer or API token belongs to that workspace.`;
}

/** The configured workspaces. */
export function fetchWorkspaces(context: StepContext): Promise<void> {
  return withRequestLog(context, BitbucketSteps.WORKSPACES.id, async (run) => {
    for (const slug of run.config.workspaces) {
      let workspace;
      try {
        workspace = await run.client.getWorkspace(slug);
      } catch (err) {
        if (isHttpStatus(err, 404)) {
          throw new IntegrationValidationError(workspaceNotFoundMessage(slug));
        }
        throw err;
      }
      await addEntityOnce(context.jobState, createWorkspaceEntity(workspace));
    }
  });
}

export const workspaceHandlers = {
  WORKSPACES: fetchWorkspaces,
} satisfies StepHandlers<typeof BitbucketSteps>;
