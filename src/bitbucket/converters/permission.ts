import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import {
  BitbucketRepositoryGroupPermission,
  BitbucketRepositoryUserPermission,
} from '../client/types';
import { bitbucketKeys } from './keys';
import { stringProperty, stringsProperty } from '../../steps/entityProperties';

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
        _key: bitbucketKeys.userPermission(repo.uuid, permission.user.uuid),
        _type: BitbucketEntities.PERMISSION._type,
        _class: BitbucketEntities.PERMISSION._class,
        name: permission.type ?? 'repository_user_permission',
        displayName: `${who} ${permission.permission} ${repo.name}`,
        permission: permission.permission,
        admin: permission.permission === 'admin',
        scope: 'repository',
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
  const groupKey = bitbucketKeys.group(repo.workspaceUuid, group.slug);
  return createIntegrationEntity({
    entityData: {
      source: permission,
      assign: {
        _key: bitbucketKeys.groupPermission(repo.uuid, group.slug),
        _type: BitbucketEntities.PERMISSION._type,
        _class: BitbucketEntities.PERMISSION._class,
        name: permission.type ?? 'repository_group_permission',
        displayName: `${group.name ?? group.slug} ${permission.permission} ${
          repo.name
        }`,
        permission: permission.permission,
        admin: permission.permission === 'admin',
        scope: 'repository',
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

/** Properties of permissions and branch restrictions later steps read. */
export const PolicyProperties = {
  principalType: 'principalType',
  userId: 'userId',
  userIds: 'userIds',
  groupSlug: 'groupSlug',
  groupName: 'groupName',
  groupSlugs: 'groupSlugs',
  groupNames: 'groupNames',
  workspaceUuid: 'ownerId',
  workspaceSlug: 'workspace',
  scope: 'scope',
  repoId: 'repoId',
  projectId: 'projectId',
  permission: 'permission',
  repositoryPermission: 'repositoryPermission',
} as const;

export type AccessLevel = 'read' | 'write' | 'admin';

function accessLevel(value: string | undefined): AccessLevel | undefined {
  return value === 'read' || value === 'write' || value === 'admin'
    ? value
    : undefined;
}

/** The principals a permission or branch restriction names. */
export interface PolicyRef {
  key: string;
  type: string;
  userIds: string[];
  groups: Array<{ slug: string; name: string }>;
  workspace?: { uuid: string; slug: string };
  /** A project permission applies to every repository of the project. */
  scope: 'repository' | 'project';
  /** The repository's or project's uuid. */
  targetId?: string;
  /** The repository level a permission grants (none for restrictions). */
  level?: AccessLevel;
}

/**
 * A collected permission's or branch restriction's principals: a user
 * permission names one user, a group permission one group, a restriction
 * any number of each (group slugs and names paired).
 */
export function readPolicyRef(entity: Entity): PolicyRef {
  const P = PolicyProperties;
  const uuid = stringProperty(entity, P.workspaceUuid);
  const slug = stringProperty(entity, P.workspaceSlug);
  const isProject = entity[P.scope] === 'project';
  const ref = {
    key: entity._key,
    type: entity._type,
    workspace: uuid && slug ? { uuid, slug } : undefined,
    scope: isProject ? ('project' as const) : ('repository' as const),
    targetId: stringProperty(entity, isProject ? P.projectId : P.repoId),
  };
  if (entity._type === BitbucketEntities.PERMISSION._type) {
    const userId = stringProperty(entity, P.userId);
    const groupSlug = stringProperty(entity, P.groupSlug);
    const isUser = entity[P.principalType] === 'user';
    return {
      ...ref,
      level: accessLevel(
        stringProperty(
          entity,
          isProject ? P.repositoryPermission : P.permission,
        ),
      ),
      userIds: isUser && userId ? [userId] : [],
      groups:
        !isUser && groupSlug
          ? [
              {
                slug: groupSlug,
                name: stringProperty(entity, P.groupName) ?? groupSlug,
              },
            ]
          : [],
    };
  }
  const names = stringsProperty(entity, P.groupNames);
  return {
    ...ref,
    userIds: stringsProperty(entity, P.userIds),
    groups: stringsProperty(entity, P.groupSlugs).map((slug, index) => ({
      slug,
      name: names[index] ?? slug,
    })),
  };
}
