import { getStepClient } from '../client/cache';
import {
  createAccountEntity,
  createUserEntity,
  createUserPersonMappedRelationship,
} from '../converters/user';
import {
  CircleCIEntities as E,
  CircleCIMappedRelationships as M,
  CircleCIRelationships as R,
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

export const accountSteps = [
  declareStep(CircleCISteps.ACCOUNT, fetchAccount, {
    writes: [E.ACCOUNT, E.USER, R.ACCOUNT_HAS_USER, M.USER_IS_PERSON],
  }),
];
