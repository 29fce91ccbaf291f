import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { PROJECT_ADMIN_SCOPE } from '../auth/scopes';
import { BitbucketRunClient } from '../client/clientCache';
import {
  createDeployKeyEntity,
  DeployKeyParent,
} from '../converters/deployKey';
import { ProjectRef, readProjectRef } from '../converters/project';
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
  publishMissingPermission,
  StepContext,
  declareStep,
} from '../../steps';
import { checkScope, scopeMessage } from './adminScope';
import { repoEnd, repoGapsMessage, repoName, withRequestLog } from './common';
import { adminReadFix, reposForAdminListing } from './permissions';

/**
 * uuids of a workspace's members, to tell whether a key's owner is still
 * one; undefined (unknown) when the members cannot be listed. The users
 * step shares its listing, so this costs no request when it runs.
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
  return withRequestLog(context, stepId, async (run) => {
    const repos = await reposForAdminListing(
      context,
      run,
      'reading repository deploy keys',
    );
    const gaps = new AccessGaps(context, 'deploy keys');
    await forEachLimited(repos, run.config.concurrency, (repo) =>
      gaps.attempt(repoName(repo), async () => {
        const parent: DeployKeyParent = {
          kind: 'repository',
          uuid: repo.uuid,
          name: repo.name,
          fullName: repo.fullName,
          workspaceSlug: repo.workspaceSlug,
        };
        let members: ReadonlySet<string> | undefined;
        for await (const key of run.client.listRepoDeployKeys(
          repo.workspaceSlug,
          repo.uuid,
        )) {
          members ??= await memberUuidsOrUnknown(run, repo.workspaceSlug);
          await addChildOnce(
            context.jobState,
            repoEnd(repo),
            createDeployKeyEntity(parent, key, members),
          );
        }
      }),
    );
    gaps.publish((found) =>
      repoGapsMessage('deploy keys', found, adminReadFix('deploy keys')),
    );
  });
}

async function collectProjectRefs(context: StepContext): Promise<ProjectRef[]> {
  const refs: ProjectRef[] = [];
  await context.jobState.iterateEntities(
    { _type: BitbucketEntities.PROJECT._type },
    (entity) => {
      const ref = readProjectRef(entity);
      if (ref) refs.push(ref);
    },
  );
  return refs;
}

/** Deploy keys of every project; project HAS each. */
export function fetchProjectDeployKeys(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.PROJECT_DEPLOY_KEYS.id;
  return withRequestLog(context, stepId, async (run) => {
    const scope = await checkScope(run, PROJECT_ADMIN_SCOPE);
    if (scope.lacking.length > 0) {
      publishMissingPermission(
        context,
        scopeMessage(
          scope.lacking,
          PROJECT_ADMIN_SCOPE,
          'reading project deploy keys',
        ),
      );
      if (scope.noneCan) return;
    }
    const projects = await collectProjectRefs(context);
    const gaps = new AccessGaps(context, 'deploy keys');
    await forEachLimited(projects, run.config.concurrency, (project) =>
      gaps.attempt(
        `Bitbucket project '${project.workspaceSlug}/${project.key}'`,
        async () => {
          const parent: DeployKeyParent = { kind: 'project', ...project };
          let members: ReadonlySet<string> | undefined;
          for await (const key of run.client.listProjectDeployKeys(
            project.workspaceSlug,
            project.key,
          )) {
            members ??= await memberUuidsOrUnknown(run, project.workspaceSlug);
            await addChildOnce(
              context.jobState,
              { _key: project.uuid, _type: BitbucketEntities.PROJECT._type },
              createDeployKeyEntity(parent, key, members),
            );
          }
        },
      ),
    );
    gaps.publish(
      (found) =>
        `The deploy keys of ${
          found.length
        } Bitbucket project(s) could not be read: ${describeGaps(
          found,
        )}. Those were skipped and every other project is still collected. Reading project deploy keys needs project admin rights (OAuth scope ${PROJECT_ADMIN_SCOPE}).`,
    );
  });
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
