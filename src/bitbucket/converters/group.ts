import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import {
  BitbucketGroup,
  BitbucketV1Group,
} from '../client/responses/workspaces';
import { bitbucketKeys } from './keys';

export interface GroupWorkspace {
  uuid: string;
  slug: string;
}

/** A group from API 1.0 `GET /1.0/groups/{workspace}` (members excluded). */
export function createGroupEntity(
  workspace: GroupWorkspace,
  group: BitbucketV1Group,
): Entity {
  // Members become relationships; listing them in rawData would bloat it.
  const source: BitbucketV1Group = { ...group, members: undefined };
  return createIntegrationEntity({
    entityData: {
      source,
      assign: {
        _key: bitbucketKeys.group(workspace.uuid, group.slug),
        _type: BitbucketEntities.GROUP._type,
        _class: BitbucketEntities.GROUP._class,
        name: group.name,
        displayName: group.name,
        slug: group.slug,
        fullSlug: `${workspace.slug}:${group.slug}`,
        permission: group.permission ?? undefined,
        autoAdd: group.auto_add,
        workspace: workspace.slug,
        workspaceId: workspace.uuid,
        ownerId: group.owner?.uuid,
        membersKnown: true,
      },
    },
  });
}

/**
 * A group seen only inside a permission or branch restriction (when API 1.0
 * is gone): no members, no owner.
 */
export function createDerivedGroupEntity(
  workspace: GroupWorkspace,
  group: Pick<BitbucketGroup, 'slug' | 'name'>,
): Entity {
  const name = group.name || group.slug;
  return createIntegrationEntity({
    entityData: {
      source: { ...group, derived: true },
      assign: {
        _key: bitbucketKeys.group(workspace.uuid, group.slug),
        _type: BitbucketEntities.GROUP._type,
        _class: BitbucketEntities.GROUP._class,
        name,
        displayName: name,
        slug: group.slug,
        fullSlug: `${workspace.slug}:${group.slug}`,
        workspace: workspace.slug,
        workspaceId: workspace.uuid,
        membersKnown: false,
      },
    },
  });
}
