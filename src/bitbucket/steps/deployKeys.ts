import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { ADMIN_SCOPE, PROJECT_ADMIN_SCOPE } from '../auth/scopes';
import { BitbucketRunClient } from '../client/clientCache';
import { createDeployKeyEntity } from '../converters/deployKey';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { StepContext, declareStep } from '../../steps';
import {
  addChildrenOf,
  adminReadFix,
  PROJECTS,
  REPOSITORIES,
  withRequestLog,
} from './common';

/**
 * uuids of a workspace's members, to tell whether a key's owner is still
 * one; undefined (unknown) when the members cannot be listed. The client
 * memoises the listing per workspace and the users step shares its own, so
 * asking for every key costs no request after the first.
 */
export async function memberUuidsOrUnknown(
  run: BitbucketRunClient,
  workspaceSlug: string,
): Promise<ReadonlySet<string> | undefined> {
  try {
    return await run.client.getMemberUuids(workspaceSlug);
  } catch {
    return undefined;
  }
}

/** Deploy keys of every repository; repo HAS each. */
export function fetchRepoDeployKeys(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.REPO_DEPLOY_KEYS.id;
  return withRequestLog(context, stepId, (run) =>
    addChildrenOf(context, run, REPOSITORIES, {
      needs: { scope: ADMIN_SCOPE, for: 'reading repository deploy keys' },
      what: 'deploy keys',
      hint: adminReadFix('deploy keys'),
      list: (repo) =>
        run.client.listRepoDeployKeys(repo.workspaceSlug, repo.uuid),
      convert: async (repo, key) =>
        createDeployKeyEntity(
          { kind: 'repository', ...repo },
          key,
          await memberUuidsOrUnknown(run, repo.workspaceSlug),
        ),
    }),
  );
}

/** Deploy keys of every project; project HAS each. */
export function fetchProjectDeployKeys(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.PROJECT_DEPLOY_KEYS.id;
  return withRequestLog(context, stepId, (run) =>
    addChildrenOf(context, run, PROJECTS, {
      needs: { scope: PROJECT_ADMIN_SCOPE, for: 'reading project deploy keys' },
      what: 'deploy keys',
      hint: `Reading project deploy keys needs project admin rights (OAuth scope ${PROJECT_ADMIN_SCOPE}).`,
      list: (project) =>
        run.client.listProjectDeployKeys(project.workspaceSlug, project.key),
      convert: async (project, key) =>
        createDeployKeyEntity(
          { kind: 'project', ...project },
          key,
          await memberUuidsOrUnknown(run, project.workspaceSlug),
        ),
    }),
  );
}

export const deployKeySteps: IntegrationStep<IntegrationConfig>[] = [
  declareStep(BitbucketSteps.REPO_DEPLOY_KEYS, fetchRepoDeployKeys, {
    writes: [
      BitbucketEntities.DEPLOY_KEY,
      BitbucketRelationships.REPO_HAS_DEPLOY_KEY,
    ],
    after: [BitbucketSteps.REPOS],
    source: BitbucketIngestionSourceIds.DEPLOY_KEYS,
  }),
  declareStep(BitbucketSteps.PROJECT_DEPLOY_KEYS, fetchProjectDeployKeys, {
    writes: [
      BitbucketEntities.DEPLOY_KEY,
      BitbucketRelationships.PROJECT_HAS_DEPLOY_KEY,
    ],
    after: [BitbucketSteps.PROJECTS],
    source: BitbucketIngestionSourceIds.DEPLOY_KEYS,
  }),
];
