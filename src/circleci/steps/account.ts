import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { getStepClient } from '../client/cache';
import {
  createAccountEntity,
  createUserEntity,
  createUserPersonMappedRelationship,
} from '../converters/user';
import {
  CircleCIEntities,
  CircleCIMappedRelationships,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import { checkTokenOwner } from '../verify';
import {
  addChildOnce,
  addEntityOnce,
  addRelationshipOnce,
  StepContext,
  declareStep,
} from '../../steps';
import { logCircleCIRequests } from './common';

/**
 * The account and its user both come from `GET /me`: CircleCI has no
 * account object of its own, the personal API token is the account.
 */
export async function fetchAccount(context: StepContext) {
  const { client, config } = getStepClient(context);
  const me = await client.getMe();
  checkTokenOwner(config, me);
  const account = createAccountEntity(me);
  const user = createUserEntity(me, { tokenOwner: true });
  await addEntityOnce(context.jobState, account);
  await addChildOnce(context.jobState, account, user);
  const mapped = createUserPersonMappedRelationship(user);
  if (mapped) await addRelationshipOnce(context.jobState, mapped);
  logCircleCIRequests(context, client);
}

export const accountSteps: IntegrationStep<IntegrationConfig>[] = [
  declareStep(CircleCISteps.ACCOUNT, fetchAccount, {
    writes: [
      CircleCIEntities.ACCOUNT,
      CircleCIEntities.USER,
      CircleCIRelationships.ACCOUNT_HAS_USER,
      CircleCIMappedRelationships.USER_IS_PERSON,
    ],
  }),
];
