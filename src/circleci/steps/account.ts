import {
  createDirectRelationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { getStepClient } from '../client/cache';
import {
  createAccountEntity,
  createUserEntity,
  createUserPersonMappedRelationship,
} from '../converters/users';
import {
  CircleCIEntities,
  CircleCIMappedRelationships,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import { checkTokenOwner } from '../verify';
import { CircleCIStepContext, logRequestSummary } from './util';
import { addEntityOnce, addRelationshipOnce } from '../../stepSupport';

/**
 * The account and its user both come from `GET /me`: CircleCI has no
 * account object of its own, the personal API token is the account.
 */
export async function fetchAccount(context: CircleCIStepContext) {
  const { client, config } = getStepClient(context);
  const me = await client.getMe();
  checkTokenOwner(config, me);
  const account = createAccountEntity(me);
  const user = createUserEntity(me, { tokenOwner: true });
  await addEntityOnce(context.jobState, account);
  await addEntityOnce(context.jobState, user);
  await addRelationshipOnce(
    context.jobState,
    createDirectRelationship({
      _class: RelationshipClass.HAS,
      from: account,
      to: user,
    }),
  );
  const mapped = createUserPersonMappedRelationship(user);
  if (mapped) await addRelationshipOnce(context.jobState, mapped);
  logRequestSummary(context, client.transport);
}

export const accountSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...CircleCISteps.ACCOUNT,
    entities: [CircleCIEntities.ACCOUNT, CircleCIEntities.USER],
    relationships: [CircleCIRelationships.ACCOUNT_HAS_USER],
    mappedRelationships: [CircleCIMappedRelationships.USER_IS_PERSON],
    dependsOn: [],
    executionHandler: fetchAccount,
  },
];
