import {
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import {
  createGroupPermissionEntity,
  createUserPermissionEntity,
  PolicyRepo,
} from '../converters/permission';
import { RepoRef } from '../converters/repo';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import {
  AccessGaps,
  addChildOnce,
  forEachLimited,
  publishMissingPermission,
  StepContext,
  declareStep,
} from '../../steps';
import { BitbucketRunClient } from '../client/clientCache';
import { adminScopeMessage, checkAdminScope } from './adminScope';
import {
  collectRepoRefs,
  repoEnd,
  repoGapsMessage,
  repoName,
  withRequestLog,
} from './common';

export function policyRepo(repo: RepoRef): PolicyRepo {
  return {
    uuid: repo.uuid,
    name: repo.name,
    workspaceUuid: repo.workspaceUuid,
    workspaceSlug: repo.workspaceSlug,
  };
}

/** What a repository admin-scoped listing needs, for access-gap warnings. */
export function adminReadFix(what: string): string {
  return `Reading ${what} needs repository admin rights on those repositories (OAuth scope repository:admin).`;
}

/**
 * The repositories to read an admin-scoped listing of, or none when no
 * credential has repository:admin (one warning either way when some lack
 * it).
 */
export async function reposForAdminListing(
  context: StepContext,
  run: BitbucketRunClient,
  what: string,
): Promise<RepoRef[]> {
  const scope = await checkAdminScope(run);
  if (scope.lacking.length > 0) {
    publishMissingPermission(context, adminScopeMessage(scope.lacking, what));
    if (scope.noneCan) return [];
  }
  return collectRepoRefs(context.jobState);
}

async function ingestPermissions(
  context: StepContext,
  run: BitbucketRunClient,
  repo: RepoRef,
): Promise<void> {
  const target = policyRepo(repo);
  const add = (entity: Parameters<typeof addChildOnce>[2]) =>
    addChildOnce(
      context.jobState,
      repoEnd(repo),
      entity,
      RelationshipClass.ALLOWS,
    );
  for await (const permission of run.client.listGroupPermissions(
    repo.workspaceSlug,
    repo.uuid,
  )) {
    const group = permission.group;
    if (!group?.slug) continue;
    await add(createGroupPermissionEntity(target, { ...permission, group }));
  }
  for await (const permission of run.client.listUserPermissions(
    repo.workspaceSlug,
    repo.uuid,
  )) {
    const user = permission.user;
    if (!user?.uuid) continue;
    await add(
      createUserPermissionEntity(target, {
        ...permission,
        user: { ...user, uuid: user.uuid },
      }),
    );
  }
}

/** Explicit user and group permissions of every repository. */
export function fetchPermissions(context: StepContext): Promise<void> {
  return withRequestLog(context, BitbucketSteps.PERMISSIONS.id, async (run) => {
    const repos = await reposForAdminListing(
      context,
      run,
      'reading repository permissions',
    );
    const gaps = new AccessGaps(context, 'permissions');
    await forEachLimited(repos, run.config.concurrency, (repo) =>
      gaps.attempt(repoName(repo), () => ingestPermissions(context, run, repo)),
    );
    gaps.publish((found) =>
      repoGapsMessage('permissions', found, adminReadFix('permissions')),
    );
  });
}

export const permissionSteps: IntegrationStep<IntegrationConfig>[] = [
  declareStep(BitbucketSteps.PERMISSIONS, fetchPermissions, {
    writes: [
      BitbucketEntities.PERMISSION,
      BitbucketRelationships.REPO_ALLOWS_PERMISSION,
    ],
    after: [BitbucketSteps.REPOS],
    source: BitbucketIngestionSourceIds.REPOS,
  }),
];
