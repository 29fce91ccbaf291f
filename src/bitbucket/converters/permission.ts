import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import {
  BitbucketRepositoryGroupPermission,
  BitbucketRepositoryUserPermission,
} from '../client/types';
import { createGroupKey } from './group';

/** The repository a permission or branch restriction belongs to. */
export interface PolicyRepo {
  uuid: string;
  name: string;
  workspaceUuid: string;
  workspaceSlug: string;
}

/**
 * One entity per (repository, principal): the permission level is a
 * property, so raising a user from read to write keeps the key.
 */
export function createUserPermissionEntity(
  repo: PolicyRepo,
  permission: BitbucketRepositoryUserPermission & {
    user: { uuid: string };
  },
): Entity {
  const who = permission.user.display_name ?? permission.user.uuid;
  return createIntegrationEntity({
    entityData: {
      source: permission,
      assign: {
        _key: `bitbucket_permission:${repo.uuid}:user:${permission.user.uuid}`,
        _type: BitbucketEntities.PERMISSION._type,
        _class: BitbucketEntities.PERMISSION._class,
        name: permission.type ?? 'repository_user_permission',
        displayName: `${who} ${permission.permission} ${repo.name}`,
        permission: permission.permission,
        admin: permission.permission === 'admin',
        principalType: 'user',
        userId: permission.user.uuid,
        userNickname: permission.user.nickname,
        repoId: repo.uuid,
        ownerId: repo.workspaceUuid,
        workspace: repo.workspaceSlug,
      },
    },
  });
}

export function createGroupPermissionEntity(
  repo: PolicyRepo,
  permission: BitbucketRepositoryGroupPermission & {
    group: { slug: string };
  },
): Entity {
  const group = permission.group;
  const groupKey = createGroupKey(repo.workspaceUuid, group.slug);
  return createIntegrationEntity({
    entityData: {
      source: permission,
      assign: {
        _key: `bitbucket_permission:${repo.uuid}:group:${group.slug}`,
        _type: BitbucketEntities.PERMISSION._type,
        _class: BitbucketEntities.PERMISSION._class,
        name: permission.type ?? 'repository_group_permission',
        displayName: `${group.name ?? group.slug} ${permission.permission} ${
          repo.name
        }`,
        permission: permission.permission,
        admin: permission.permission === 'admin',
        principalType: 'group',
        groupKey,
        groupSlug: group.slug,
        groupName: group.name ?? group.slug,
        repoId: repo.uuid,
        ownerId: repo.workspaceUuid,
        workspace: repo.workspaceSlug,
      },
    },
  });
}
