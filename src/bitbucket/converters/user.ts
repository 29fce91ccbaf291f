import {
  createDirectRelationship,
  createIntegrationEntity,
  Entity,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities, BitbucketMappedRelationships } from '../metadata';
import { BitbucketAccount } from '../client/responses/accounts';
import { htmlLink, time } from './common';
import { bitbucketKeys } from './keys';
import { stringProperty } from '../../steps/entityProperties';
import { mappedIsRelationship } from '../../steps/mappedRelationships';

/** A workspace member as a bitbucket_user; the key is the account uuid. */
export function createUserEntity(user: BitbucketAccount & { uuid: string }) {
  const name = user.display_name ?? user.nickname ?? user.uuid;
  const entity: Entity = createIntegrationEntity({
    entityData: {
      source: user,
      assign: {
        _key: bitbucketKeys.user(user.uuid),
        _type: BitbucketEntities.USER._type,
        _class: BitbucketEntities.USER._class,
        id: user.uuid,
        name,
        displayName: name,
        nickname: user.nickname,
        // The older integration put the display name here; the nickname is
        // the login-like handle and the Person mapping key.
        username: user.nickname,
        accountId: user.account_id,
        accountStatus: user.account_status,
        // Bitbucket lists only current members; `account_status` (when
        // present) tells a closed Atlassian account apart.
        active: user.account_status ? user.account_status === 'active' : true,
        webLink: htmlLink(user.links),
        createdOn: time(user.created_on),
      },
    },
  });
  return entity;
}

/**
 * Workspace HAS user, carrying the member's role in that workspace when
 * GET /workspaces/{workspace}/permissions gave it. The role sits on the
 * relationship, not the user: one user entity serves every workspace the
 * account belongs to, with a different role in each.
 */
export function createWorkspaceHasUserRelationship(
  workspaceKey: string,
  userUuid: string,
  permission: string | undefined,
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.HAS,
    fromKey: workspaceKey,
    fromType: BitbucketEntities.WORKSPACE._type,
    toKey: userUuid,
    toType: BitbucketEntities.USER._type,
    properties: permission
      ? { permission, admin: permission === 'owner' }
      : undefined,
  });
}

/**
 * `bitbucket_user IS Person`, matched on Person.bitbucketNickname; never
 * creates a placeholder Person (skipTargetCreation).
 */
export function createUserPersonMappedRelationship(
  user: Entity,
  nickname: string,
) {
  return mappedIsRelationship(
    user,
    BitbucketMappedRelationships.USER_IS_PERSON._type,
    { _class: 'Person', property: 'bitbucketNickname', value: nickname },
  );
}

/** Properties of `bitbucket_user` that later steps read back. */
export const UserProperties = { nickname: 'nickname' } as const;

/** A collected user's nickname; undefined when absent. */
export function readUserNickname(entity: Entity): string | undefined {
  return stringProperty(entity, UserProperties.nickname);
}
