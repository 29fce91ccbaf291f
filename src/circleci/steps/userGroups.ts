import {
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { getStepClient } from '../client/cache';
import { circleciKeys } from '../converters/keys';
import { createUserGroupEntity } from '../converters/userGroup';
import {
  CircleCIEntities,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import { selectOrganizations } from '../verify';
import {
  addChildOnce,
  relateOnce,
  StepContext,
  declareStep,
} from '../../steps';
import { logCircleCIRequests } from './common';

/**
 * Every organization of `/me/collaborations` (or those of circleciOrgSlugs)
 * becomes a group of the account. The token owner is a member of each: that
 * is what a collaboration is. (The older integration attached only the org
 * named like the login to the account, docs/prior-art.md §1.5.)
 */
export async function fetchUserGroups(context: StepContext) {
  const { client, config } = getStepClient(context);
  const me = await client.getMe();
  const organizations = selectOrganizations(
    config,
    await client.listCollaborations(),
  );
  const account = {
    _key: circleciKeys.account(me.id),
    _type: CircleCIEntities.ACCOUNT._type,
  };
  const user = {
    _key: circleciKeys.user(me.id),
    _type: CircleCIEntities.USER._type,
  };
  for (const organization of organizations) {
    const group = createUserGroupEntity(organization);
    await addChildOnce(context.jobState, account, group);
    await relateOnce(context.jobState, group, RelationshipClass.HAS, user);
  }
  logCircleCIRequests(context, client);
}

export const userGroupSteps: IntegrationStep<IntegrationConfig>[] = [
  declareStep(CircleCISteps.USER_GROUPS, fetchUserGroups, {
    writes: [
      CircleCIEntities.USER_GROUP,
      CircleCIRelationships.ACCOUNT_HAS_USER_GROUP,
      CircleCIRelationships.USER_GROUP_HAS_USER,
    ],
    after: [CircleCISteps.ACCOUNT],
  }),
];
