import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { WEBHOOK_SCOPE } from '../auth/scopes';
import { createWebhookEntity } from '../converters/webhook';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { StepContext, declareStep } from '../../steps';
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

export const webhookSteps: IntegrationStep<IntegrationConfig>[] = [
  declareStep(BitbucketSteps.REPO_WEBHOOKS, fetchRepoWebhooks, {
    writes: [
      BitbucketEntities.WEBHOOK,
      BitbucketRelationships.REPO_HAS_WEBHOOK,
    ],
    after: [BitbucketSteps.REPOS],
    source: BitbucketIngestionSourceIds.WEBHOOKS,
  }),
  declareStep(BitbucketSteps.WORKSPACE_WEBHOOKS, fetchWorkspaceWebhooks, {
    writes: [
      BitbucketEntities.WEBHOOK,
      BitbucketRelationships.WORKSPACE_HAS_WEBHOOK,
    ],
    after: [BitbucketSteps.WORKSPACES],
    source: BitbucketIngestionSourceIds.WEBHOOKS,
  }),
];
