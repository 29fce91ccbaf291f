import { CircleCIClient } from '../client/client';
import { logStepRequests, StepContext } from '../../steps';

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
