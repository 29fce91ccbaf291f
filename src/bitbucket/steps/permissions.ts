import {
  Entity,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import {
  createGroupPermissionEntity,
  createUserPermissionEntity,
  PolicyRepo,
} from '../converters/permission';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { adminScopeMessage, checkAdminScope } from './adminScope';
import { collectRepoRefs, RepoRef } from './repos';
import {
  addRepoChildOnce,
  BitbucketStepContext,
  forEachLimited,
  withRequestLog,
} from './shared';
import { publishMissingPermission, skipFailedListing } from '../../stepSupport';

const E = BitbucketEntities;

export function policyRepo(repo: RepoRef): PolicyRepo {
  return {
    uuid: repo.uuid,
    name: repo.name,
    workspaceUuid: repo.workspaceUuid,
    workspaceSlug: repo.workspaceSlug,
  };
}

export function repoDeniedMessage(
  repo: RepoRef,
  what: string,
  err: unknown,
): string {
  const status = isHttpStatus(err, 404) ? '404 Not Found' : '403 Forbidden';
  return `Bitbucket answered ${status} for the ${what} of repository '${repo.fullName}' (${repo.uuid}); it was skipped and every other repository is still collected. Reading ${what} needs repository admin rights on that repository (OAuth scope repository:admin).`;
}

async function addPolicy(
  context: BitbucketStepContext,
  repo: RepoRef,
  entity: Entity,
): Promise<void> {
  await addRepoChildOnce(
    context.jobState,
    repo.uuid,
    entity,
    RelationshipClass.ALLOWS,
  );
}

export const permissionSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: BitbucketSteps.PERMISSIONS.id,
    name: BitbucketSteps.PERMISSIONS.name,
    entities: [E.PERMISSION],
    relationships: [BitbucketRelationships.REPO_ALLOWS_PERMISSION],
    dependsOn: [BitbucketSteps.REPOS.id],
    ingestionSourceId: BitbucketIngestionSourceIds.REPOS,
    executionHandler: withRequestLog(
      BitbucketSteps.PERMISSIONS.id,
      async (context, run) => {
        const scope = await checkAdminScope(run);
        if (scope.lacking.length > 0) {
          publishMissingPermission(
            context,
            adminScopeMessage(scope.lacking, 'reading repository permissions'),
          );
          if (scope.noneCan) return;
        }
        const repos = await collectRepoRefs(context.jobState);
        await forEachLimited(repos, run.config.concurrency, async (repo) => {
          const target = policyRepo(repo);
          try {
            for await (const permission of run.client.listGroupPermissions(
              repo.workspaceSlug,
              repo.uuid,
            )) {
              const group = permission.group;
              if (!group?.slug) continue;
              await addPolicy(
                context,
                repo,
                createGroupPermissionEntity(target, { ...permission, group }),
              );
            }
            for await (const permission of run.client.listUserPermissions(
              repo.workspaceSlug,
              repo.uuid,
            )) {
              const user = permission.user;
              if (!user?.uuid) continue;
              await addPolicy(
                context,
                repo,
                createUserPermissionEntity(target, {
                  ...permission,
                  user: { ...user, uuid: user.uuid },
                }),
              );
            }
          } catch (err) {
            if (
              skipFailedListing(
                context,
                `The permissions of Bitbucket repository '${repo.fullName}'`,
                err,
              )
            ) {
              return;
            }
            if (!isHttpStatus(err, 403, 404)) throw err;
            publishMissingPermission(
              context,
              repoDeniedMessage(repo, 'permissions', err),
            );
          }
        });
      },
    ),
  },
];
