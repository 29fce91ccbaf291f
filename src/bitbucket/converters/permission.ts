import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketAccount } from '../client/responses/accounts';
import { BitbucketGroup } from '../client/responses/workspaces';
import { bitbucketKeys } from './keys';
import { stringProperty, stringsProperty } from '../../steps/entityProperties';

/** The repository a permission or branch restriction belongs to. */
export interface PolicyRepo {
  uuid: string;
  name: string;
  workspaceUuid: string;
  workspaceSlug: string;
}

/** A permission with the principal it names, as permissions-config lists it. */
export type NamedPermission<L extends string = string> =
  | {
      group: { type?: string; permission: L; group: BitbucketGroup };
    }
  | {
      user: {
        type?: string;
        permission: L;
        user: BitbucketAccount & { uuid: string };
      };
    };

/** The repository or project a permission applies to. */
export interface PermissionTarget {
  scope: 'repository' | 'project';
  uuid: string;
  /** The target in displayName: the repository's name, "project <name>". */
  label: string;
  workspaceUuid: string;
  workspaceSlug: string;
  /** The properties naming the target, for a permission of `level`. */
  properties: (level: string) => Record<string, string | undefined>;
}

export function repoPermissionTarget(repo: PolicyRepo): PermissionTarget {
  return {
    scope: 'repository',
    uuid: repo.uuid,
    label: repo.name,
    workspaceUuid: repo.workspaceUuid,
    workspaceSlug: repo.workspaceSlug,
    properties: () => ({ repoId: repo.uuid }),
  };
}

/** The principal's key part, name in displayName and properties. */
function principalOf(named: NamedPermission, workspaceUuid: string) {
  if ('user' in named) {
    const { user } = named.user;
    return {
      kind: 'user',
      id: user.uuid,
      who: user.display_name ?? user.uuid,
      properties: { userId: user.uuid, userNickname: user.nickname },
    };
  }
  const { group } = named.group;
  return {
    kind: 'group',
    id: group.slug,
    who: group.name ?? group.slug,
    properties: {
      groupKey: bitbucketKeys.group(workspaceUuid, group.slug),
      groupSlug: group.slug,
      groupName: group.name ?? group.slug,
    },
  };
}

/**
 * One entity per (repository or project, principal): the permission level
 * is a property, so raising a user from read to write keeps the key. A
 * project's permissions are inherited by every repository of the project
 * (the project ALLOWS them).
 */
export function createPermissionEntity(
  target: PermissionTarget,
  named: NamedPermission,
): Entity {
  const permission = 'user' in named ? named.user : named.group;
  const principal = principalOf(named, target.workspaceUuid);
  return createIntegrationEntity({
    entityData: {
      source: permission,
      assign: {
        _key: bitbucketKeys.permission(target, principal.kind, principal.id),
        _type: BitbucketEntities.PERMISSION._type,
        _class: BitbucketEntities.PERMISSION._class,
        name: permission.type ?? `${target.scope}_${principal.kind}_permission`,
        displayName: `${principal.who} ${permission.permission} ${target.label}`,
        permission: permission.permission,
        admin: permission.permission === 'admin',
        scope: target.scope,
        principalType: principal.kind,
        ...principal.properties,
        ...target.properties(permission.permission),
        ownerId: target.workspaceUuid,
        workspace: target.workspaceSlug,
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
