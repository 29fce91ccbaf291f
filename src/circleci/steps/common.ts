import { Entity, JobState } from '@jupiterone/integration-sdk-core';
import { CircleCIClient } from '../client/client';
import { getStepClient } from '../client/cache';
import { CircleCIUser } from '../client/responses/accounts';
import {
  createUserEntity,
  createUserPersonMappedRelationship,
} from '../converters/user';
import {
  AccessGap,
  addChildOnce,
  addRelationshipOnce,
  describeGaps,
  FanOut,
  fanOutFor,
  forEachCollected,
  logStepRequests,
  RelationshipEnd,
  StepContext,
} from '../../steps';
import { Listing } from './listings';

/**
 * A CircleCI step's last log line: the run's request counters so far (the
 * CircleCI client's transport is shared by the run's steps, so there are no
 * per-step counts).
 */
export function logCircleCIRequests(
  context: StepContext,
  client: CircleCIClient,
): void {
  logStepRequests(context.logger, {
    vendor: 'CircleCI',
    transport: client.transport,
  });
}

/**
 * The one warning of a step whose listing answered 403/404 for some
 * parents: "CircleCI <endpoint> could not be read for N <noun>(s): <names
 * and statuses>. <consequence>".
 */
export function circleciGapsMessage<Ref>(
  listing: Listing<Ref>,
): (gaps: AccessGap[]) => string {
  return (gaps) =>
    `CircleCI ${listing.endpoint} could not be read for ${gaps.length} ${
      listing.parents.noun
    }(s): ${describeGaps(gaps)}. ${listing.consequence}`;
}

/**
 * The shape of most CircleCI steps: one listing per collected parent
 * (forEachCollected: bounded fan-out, 403/404 parents skipped and named in
 * the listing's one warning), then the request line. `children` is a pool
 * the visits hand per-item work to (see forEachCollected).
 */
export async function forEachCircleCIParent<Ref>(
  context: StepContext,
  listing: Listing<Ref>,
  visit: (parent: Entity, ref: Ref, client: CircleCIClient) => Promise<void>,
  children?: FanOut,
): Promise<void> {
  const { client, config } = getStepClient(context);
  await forEachCollected(context, listing.parents, {
    what: listing.what,
    limit: fanOutFor(config.concurrency),
    visit: (parent, ref) => visit(parent, ref, client),
    describe: circleciGapsMessage(listing),
    children,
  });
  logCircleCIRequests(context, client);
}

/**
 * A user of the account (account HAS user) with its mapping to a Person,
 * each written once; true when the user was new. The account, schedule and
 * users steps all add users this way.
 */
export async function addAccountUser(
  jobState: JobState,
  account: RelationshipEnd,
  raw: CircleCIUser,
  tokenOwner: boolean,
): Promise<boolean> {
  const user = createUserEntity(raw, { tokenOwner });
  const added = await addChildOnce(jobState, account, user);
  const mapped = createUserPersonMappedRelationship(user);
  if (mapped) await addRelationshipOnce(jobState, mapped);
  return added;
}
