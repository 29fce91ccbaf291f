import { Entity } from '@jupiterone/integration-sdk-core';
import { CircleCIClient } from '../client/client';
import { getStepClient } from '../client/cache';
import {
  AccessGap,
  CollectedParents,
  describeGaps,
  FanOut,
  fanOutFor,
  forEachCollected,
  logStepRequests,
  StepContext,
} from '../../steps';

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
export function circleciGapsMessage(
  endpoint: string,
  noun: string,
  consequence: string,
): (gaps: AccessGap[]) => string {
  return (gaps) =>
    `CircleCI ${endpoint} could not be read for ${
      gaps.length
    } ${noun}(s): ${describeGaps(gaps)}. ${consequence}`;
}

/**
 * The shape of most CircleCI steps: one listing per collected parent
 * (forEachCollected: bounded fan-out, 403/404 parents skipped and named in
 * one warning built by circleciGapsMessage), then the request line.
 */
export async function forEachCircleCIParent<Ref>(
  context: StepContext,
  parents: CollectedParents<Ref>,
  options: {
    /** What is listed per parent ("pipelines"). */
    what: string;
    endpoint: string;
    /** What the warning says is not collected, and what to do. */
    consequence: string;
    visit: (parent: Entity, ref: Ref, client: CircleCIClient) => Promise<void>;
    /** Parents at a time (default: the steps' fan-out). */
    limit?: number;
    /** Where visits hand per-item work (see forEachCollected). */
    children?: FanOut;
  },
): Promise<void> {
  const { client, config } = getStepClient(context);
  await forEachCollected(context, parents, {
    what: options.what,
    limit: options.limit ?? fanOutFor(config.concurrency),
    visit: (parent, ref) => options.visit(parent, ref, client),
    describe: circleciGapsMessage(
      options.endpoint,
      parents.noun,
      options.consequence,
    ),
    children: options.children,
  });
  logCircleCIRequests(context, client);
}
