import { getStepClient } from '../client/cache';
import { createAccountEntity } from '../converters/user';
import { CircleCIEntities as E, CircleCISteps } from '../metadata';
import { checkTokenOwner } from '../verify';
import { addEntityOnce, StepContext, declareStep } from '../../steps';
import {
  ACCOUNT_USER_WRITES,
  addAccountUser,
  logCircleCIRequests,
} from './common';

/**
 * The account and its user both come from `GET /me`: CircleCI has no
 * account object of its own, the personal API token is the account.
 */
export async function fetchAccount(context: StepContext) {
  const { client, config } = getStepClient(context);
  const me = await client.getMe();
  checkTokenOwner(config, me);
  const account = createAccountEntity(me);
  await addEntityOnce(context.jobState, account);
  await addAccountUser(context.jobState, account, me, true);
  logCircleCIRequests(context, client);
}

export const accountSteps = [
  declareStep(CircleCISteps.ACCOUNT, fetchAccount, {
    writes: [E.ACCOUNT, ...ACCOUNT_USER_WRITES],
  }),
];
