import { getStepClient } from '../client/cache';
import { createAccountEntity } from '../converters/user';
import { CircleCISteps } from '../metadata';
import { checkTokenOwner } from '../verify';
import { addEntityOnce, StepContext, StepHandlers } from '../../steps';
import { addAccountUser, logCircleCIRequests } from './common';

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

export const accountHandlers = {
  ACCOUNT: fetchAccount,
} satisfies StepHandlers<typeof CircleCISteps>;
