import { Entity } from '@jupiterone/integration-sdk-core';
import { ADMIN_SCOPE, PROJECT_ADMIN_SCOPE } from '../auth/scopes';
import { BitbucketRunClient } from '../client/clientCache';
import { BitbucketDeployKey } from '../client/responses/repoSettings';
import {
  createDeployKeyEntity,
  DeployKeyParent,
} from '../converters/deployKey';
import { BitbucketSteps } from '../metadata';
import { StepContext, StepHandlers } from '../../steps';
import {
  addChildrenOf,
  adminReadFix,
  PROJECTS,
  REPOSITORIES,
  withRequestLog,
} from './common';

/**
 * A deploy key's entity, with whether the person who added it is still a
 * member of the workspace (unknown when the members cannot be listed). The
 * client memoises the member listing per workspace and the users step
 * shares its own, so asking for every key costs no request after the first.
 */
async function deployKeyEntity(
  run: BitbucketRunClient,
  parent: DeployKeyParent,
  key: BitbucketDeployKey,
): Promise<Entity> {
  let members: ReadonlySet<string> | undefined;
  try {
    members = await run.client.getMemberUuids(parent.workspaceSlug);
  } catch {
    members = undefined;
  }
  return createDeployKeyEntity(parent, key, members);
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
      convert: (repo, key) =>
        deployKeyEntity(run, { kind: 'repository', ...repo }, key),
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
      convert: (project, key) =>
        deployKeyEntity(run, { kind: 'project', ...project }, key),
    }),
  );
}

export const deployKeyHandlers = {
  REPO_DEPLOY_KEYS: fetchRepoDeployKeys,
  PROJECT_DEPLOY_KEYS: fetchProjectDeployKeys,
} satisfies StepHandlers<typeof BitbucketSteps>;
