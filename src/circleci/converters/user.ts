import { Entity, MappedRelationship } from '@jupiterone/integration-sdk-core';
import { CircleCIUser } from '../client/responses/accounts';
import {
  CircleCIEntities,
  CircleCIMappedRelationships,
  PERSON_LOGIN_PROPERTY,
} from '../metadata';
import { circleciEntity } from './entity';
import { circleciKeys } from './keys';
import { stringProperty } from '../../steps/entityProperties';
import { mappedIsRelationship } from '../../steps/mappedRelationships';

/** `circleci_account` from `GET /me`: the token owner's CircleCI account. */
export function createAccountEntity(me: CircleCIUser): Entity {
  return circleciEntity(CircleCIEntities.ACCOUNT, me, {
    _key: circleciKeys.account(me.id),
    id: me.id,
    userId: me.id,
    // The older integration named the account by the login; kept.
    name: me.login,
    displayName: me.login,
    login: me.login,
    vendor: 'CircleCI',
  });
}

/** `circleci_user` from `GET /me` or `GET /user/{id}`. */
export function createUserEntity(
  user: CircleCIUser,
  options: { tokenOwner: boolean },
): Entity {
  return circleciEntity(CircleCIEntities.USER, user, {
    _key: circleciKeys.user(user.id),
    id: user.id,
    // The API's real name when it has one (the older integration used
    // the login here and dropped the name).
    name: user.name || user.login,
    displayName: user.name || user.login,
    username: user.login,
    login: user.login,
    // CircleCI does not report deactivation; a user the API still
    // returns is treated as active, as the older integration did.
    active: true,
    tokenOwner: options.tokenOwner,
  });
}

/**
 * `circleci_user IS Person`, matched on Person.circleciLogin = username.
 * Never creates a placeholder Person (skipTargetCreation).
 */
export function createUserPersonMappedRelationship(
  user: Entity,
): MappedRelationship | undefined {
  const login = user.username;
  if (typeof login !== 'string' || login === '') return undefined;
  return mappedIsRelationship(
    user,
    CircleCIMappedRelationships.USER_IS_PERSON._type,
    { _class: 'Person', property: PERSON_LOGIN_PROPERTY, value: login },
  );
}

/** Properties of `circleci_user` that later steps read back. */
export const UserProperties = { username: 'username' } as const;

/** A collected user's login (the VCS login); undefined when absent. */
export function readUserLogin(entity: Entity): string | undefined {
  return stringProperty(entity, UserProperties.username);
}
