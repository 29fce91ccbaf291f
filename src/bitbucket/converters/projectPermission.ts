import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import {
  BitbucketProjectGroupPermission,
  BitbucketProjectPermissionLevel,
  BitbucketProjectUserPermission,
} from '../client/types';
import { bitbucketKeys } from './keys';

/** The project a permission belongs to. */
export interface PolicyProject {
  uuid: string;
  key: string;
  name: string;
  workspaceUuid: string;
  workspaceSlug: string;
}

/**
 * The level a project permission grants on every repository of the
 * project: `create-repo` is write plus creating repositories; `none`
 * grants nothing.
 */
export function repositoryLevelOf(
  permission: BitbucketProjectPermissionLevel | undefined,
): 'read' | 'write' | 'admin' | undefined {
  switch (permission) {
    case 'read':
    case 'write':
    case 'admin':
      return permission;
    case 'create-repo':
      return 'write';
    default:
      return undefined;
  }
}

function projectPermissionProperties(
  project: PolicyProject,
  permission: BitbucketProjectPermissionLevel,
) {
  const repositoryPermission = repositoryLevelOf(permission);
  return {
    _type: BitbucketEntities.PERMISSION._type,
    _class: BitbucketEntities.PERMISSION._class,
    permission,
    // What it grants on each repository of the project.
    repositoryPermission,
    admin: permission === 'admin',
    scope: 'project',
    projectId: project.uuid,
    projectKey: project.key,
    ownerId: project.workspaceUuid,
    workspace: project.workspaceSlug,
  };
}

/**
 * A project's explicit user permission, inherited by every repository of
 * the project (one entity per project and principal, like the repository
 * permissions; the project ALLOWS it).
 */
export function createProjectUserPermissionEntity(
  project: PolicyProject,
  permission: BitbucketProjectUserPermission & { user: { uuid: string } },
): Entity {
  const who = permission.user.display_name ?? permission.user.uuid;
  return createIntegrationEntity({
    entityData: {
      source: permission,
      assign: {
        ...projectPermissionProperties(project, permission.permission),
        _key: bitbucketKeys.projectUserPermission(
          project.uuid,
          permission.user.uuid,
        ),
        name: permission.type ?? 'project_user_permission',
        displayName: `${who} ${permission.permission} project ${project.name}`,
        principalType: 'user',
        userId: permission.user.uuid,
        userNickname: permission.user.nickname,
      },
    },
  });
}

export function createProjectGroupPermissionEntity(
  project: PolicyProject,
  permission: BitbucketProjectGroupPermission & { group: { slug: string } },
): Entity {
  const group = permission.group;
  return createIntegrationEntity({
    entityData: {
      source: permission,
      assign: {
        ...projectPermissionProperties(project, permission.permission),
        _key: bitbucketKeys.projectGroupPermission(project.uuid, group.slug),
        name: permission.type ?? 'project_group_permission',
        displayName: `${group.name ?? group.slug} ${
          permission.permission
        } project ${project.name}`,
        principalType: 'group',
        groupKey: bitbucketKeys.group(project.workspaceUuid, group.slug),
        groupSlug: group.slug,
        groupName: group.name ?? group.slug,
      },
    },
  });
}
