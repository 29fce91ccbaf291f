import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import { getStepClient } from '../client/cache';
import { circleciKeys } from '../converters/keys';
import { createUserGroupEntity } from '../converters/userGroup';
import { CircleCIEntities as E, CircleCISteps } from '../metadata';
import { selectOrganizations } from '../verify';
import {
  addChildOnce,
  forEachLimited,
  relateOnce,
  StepContext,
  StepHandlers,
} from '../../steps';
import { logCircleCIRequests } from './common';
import {
  publishUnavailableControls,
  readOrganizationControls,
} from './controls';

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
    _type: E.ACCOUNT._type,
  };
  const user = {
    _key: circleciKeys.user(me.id),
    _type: E.USER._type,
  };
  const unavailable: string[] = [];
  await forEachLimited(
    organizations,
    Math.max(1, organizations.length),
    async (organization) => {
      // The control endpoints address an organization by id; a
      // collaboration without one (null in the spec) has none to read.
      const notes: string[] = [];
      const controls = organization.id
        ? await readOrganizationControls(client, organization.id, notes)
        : undefined;
      unavailable.push(...notes.map((n) => `${organization.slug} ${n}`));
      const group = createUserGroupEntity(organization, controls);
      await addChildOnce(context.jobState, account, group);
      await relateOnce(context.jobState, group, RelationshipClass.HAS, user);
    },
  );
  publishUnavailableControls(
    context,
    'organization',
    unavailable,
    'Those organizations are collected with the control marked not available (e.g. oidcClaimsAvailable: false), never as switched off.',
  );
  logCircleCIRequests(context, client);
}

export const userGroupHandlers = {
  USER_GROUPS: fetchUserGroups,
} satisfies StepHandlers<typeof CircleCISteps>;
