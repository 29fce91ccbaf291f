import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import {
  repoGroupPermissions,
  repoUserPermissions,
} from '../client/responses/access';
import { ADMIN_SCOPE } from '../auth/scopes';
import {
  createPermissionEntity,
  PolicyRepo,
  repoPermissionTarget,
} from '../converters/permission';
import { RepoRef } from '../converters/repo';
import { BitbucketSteps } from '../metadata';
import { StepContext, StepHandlers } from '../../steps';
import {
  addChildrenOf,
  adminReadFix,
  permissionsConfig,
  REPOSITORIES,
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

/** Explicit user and group permissions of every repository; repo ALLOWS each. */
export function fetchPermissions(context: StepContext): Promise<void> {
  return withRequestLog(context, BitbucketSteps.PERMISSIONS.id, (run) =>
    addChildrenOf(context, run, REPOSITORIES, {
      needs: { scope: ADMIN_SCOPE, for: 'reading repository permissions' },
      what: 'permissions',
      hint: adminReadFix('permissions'),
      list: (repo) =>
        permissionsConfig(
          run.client,
          REPOSITORIES.ids(repo),
          repoGroupPermissions,
          repoUserPermissions,
        ),
      convert: (repo, named) =>
        createPermissionEntity(repoPermissionTarget(policyRepo(repo)), named),
      relationshipClass: RelationshipClass.ALLOWS,
    }),
  );
}

export const permissionHandlers = {
  PERMISSIONS: fetchPermissions,
} satisfies StepHandlers<typeof BitbucketSteps>;
