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
import {
  AccessGaps,
  addChildOnce,
  describeGaps,
  forEachLimited,
  StepContext,
  declareStep,
} from '../../steps';
import { requireScope } from './adminScope';
import {
  collectRepoRefs,
  forEachWorkspace,
  repoEnd,
  repoGapsMessage,
  repoName,
  withRequestLog,
} from './common';

/** Webhooks of every repository; repo HAS each. */
export function fetchRepoWebhooks(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.REPO_WEBHOOKS.id;
  return withRequestLog(context, stepId, async (run) => {
    if (
      !(await requireScope(
        context,
        run,
        WEBHOOK_SCOPE,
        // The workspace step warns once for both.
        undefined,
      ))
    ) {
      return;
    }
    const repos = await collectRepoRefs(context.jobState);
    const gaps = new AccessGaps(context, 'webhooks');
    await forEachLimited(repos, run.config.concurrency, (repo) =>
      gaps.attempt(repoName(repo), async () => {
        for await (const hook of run.client.listRepoWebhooks(
          repo.workspaceSlug,
          repo.uuid,
        )) {
          await addChildOnce(
            context.jobState,
            repoEnd(repo),
            createWebhookEntity(
              {
                kind: 'repository',
                uuid: repo.uuid,
                fullName: repo.fullName,
                workspaceSlug: repo.workspaceSlug,
              },
              hook,
            ),
          );
        }
      }),
    );
    gaps.publish((found) =>
      repoGapsMessage(
        'webhooks',
        found,
        `Reading webhooks needs repository admin rights on those repositories and the ${WEBHOOK_SCOPE} scope.`,
      ),
    );
  });
}

/** Webhooks of every workspace; workspace HAS each. */
export function fetchWorkspaceWebhooks(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.WORKSPACE_WEBHOOKS.id;
  return withRequestLog(context, stepId, async (run) => {
    if (
      !(await requireScope(
        context,
        run,
        WEBHOOK_SCOPE,
        'reading the webhooks of repositories and workspaces',
      ))
    ) {
      return;
    }
    const gaps = new AccessGaps(context, 'webhooks');
    await forEachWorkspace(context, 'webhooks', (workspace, entity) =>
      gaps.attempt(`Bitbucket workspace '${workspace.slug}'`, async () => {
        for await (const hook of run.client.listWorkspaceWebhooks(
          workspace.slug,
        )) {
          await addChildOnce(
            context.jobState,
            entity,
            createWebhookEntity(
              {
                kind: 'workspace',
                uuid: workspace.uuid,
                workspaceSlug: workspace.slug,
              },
              hook,
            ),
          );
        }
      }),
    );
    gaps.publish(
      (found) =>
        `The webhooks of ${
          found.length
        } Bitbucket workspace(s) could not be read: ${describeGaps(
          found,
        )}. Every other workspace is still collected. Workspace webhooks can be read by workspace owners only (and need the ${WEBHOOK_SCOPE} scope).`,
    );
  });
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
