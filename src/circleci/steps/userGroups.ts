import {
  createDirectRelationship,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { getStepClient } from '../client/cache';
import { circleciKeys } from '../converters/keys';
import { createUserGroupEntity } from '../converters/userGroups';
import {
  CircleCIEntities,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import { selectOrganizations } from '../verify';
import { CircleCIStepContext, logRequestSummary } from './util';
import { addEntityOnce, addRelationshipOnce } from '../../stepSupport';

/**
 * Every organization of `/me/collaborations` (or those of circleciOrgSlugs)
 * becomes a group of the account. The token owner is a member of each: that
 * is what a collaboration is. (The older integration attached only the org
 * named like the login to the account, docs/prior-art.md §1.5.)
 */
export async function fetchUserGroups(context: CircleCIStepContext) {
  const { client, config } = getStepClient(context);
  const me = await client.getMe();
  const organizations = selectOrganizations(
    config,
    await client.listCollaborations(),
  );
  const accountKey = circleciKeys.account(me.id);
  const userKey = circleciKeys.user(me.id);
  for (const organization of organizations) {
    const group = createUserGroupEntity(organization);
    await addEntityOnce(context.jobState, group);
    await addRelationshipOnce(
      context.jobState,
      createDirectRelationship({
        _class: RelationshipClass.HAS,
        fromKey: accountKey,
        fromType: CircleCIEntities.ACCOUNT._type,
        toKey: group._key,
        toType: CircleCIEntities.USER_GROUP._type,
      }),
    );
    await addRelationshipOnce(
      context.jobState,
      createDirectRelationship({
        _class: RelationshipClass.HAS,
        fromKey: group._key,
        fromType: CircleCIEntities.USER_GROUP._type,
        toKey: userKey,
        toType: CircleCIEntities.USER._type,
      }),
    );
  }
  logRequestSummary(context, client.transport);
}

export const userGroupSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...CircleCISteps.USER_GROUPS,
    entities: [CircleCIEntities.USER_GROUP],
    relationships: [
      CircleCIRelationships.ACCOUNT_HAS_USER_GROUP,
      CircleCIRelationships.USER_GROUP_HAS_USER,
    ],
    dependsOn: [CircleCISteps.ACCOUNT.id],
    executionHandler: fetchUserGroups,
  },
];
