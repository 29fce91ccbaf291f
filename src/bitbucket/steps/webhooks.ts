import { WEBHOOK_SCOPE } from '../auth/scopes';
import { createWebhookEntity } from '../converters/webhook';
import { BitbucketSteps } from '../metadata';
import { StepContext, StepHandlers } from '../../steps';
import {
  addChildrenOf,
  REPOSITORIES,
  withRequestLog,
  WORKSPACES,
} from './common';

/** Webhooks of every repository; repo HAS each. */
export function fetchRepoWebhooks(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.REPO_WEBHOOKS.id;
  return withRequestLog(context, stepId, (run) =>
    addChildrenOf(context, run, REPOSITORIES, {
      // The workspace step warns once for both.
      needs: { scope: WEBHOOK_SCOPE },
      what: 'webhooks',
      hint: `Reading webhooks needs repository admin rights on those repositories and the ${WEBHOOK_SCOPE} scope.`,
      list: (repo) =>
        run.client.listRepoWebhooks(repo.workspaceSlug, repo.uuid),
      convert: (repo, hook) =>
        createWebhookEntity({ kind: 'repository', ...repo }, hook),
    }),
  );
}

/** Webhooks of every workspace; workspace HAS each. */
export function fetchWorkspaceWebhooks(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.WORKSPACE_WEBHOOKS.id;
  return withRequestLog(context, stepId, (run) =>
    addChildrenOf(context, run, WORKSPACES, {
      needs: {
        scope: WEBHOOK_SCOPE,
        for: 'reading the webhooks of repositories and workspaces',
      },
      what: 'webhooks',
      hint: `Workspace webhooks can be read by workspace owners only (and need the ${WEBHOOK_SCOPE} scope).`,
      list: (workspace) => run.client.listWorkspaceWebhooks(workspace.slug),
      convert: (workspace, hook) =>
        createWebhookEntity(
          {
            kind: 'workspace',
            uuid: workspace.uuid,
            workspaceSlug: workspace.slug,
          },
          hook,
        ),
    }),
  );
}

export const webhookHandlers = {
  REPO_WEBHOOKS: fetchRepoWebhooks,
  WORKSPACE_WEBHOOKS: fetchWorkspaceWebhooks,
} satisfies StepHandlers<typeof BitbucketSteps>;
