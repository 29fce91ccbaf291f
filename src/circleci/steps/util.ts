import {
  Entity,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import {
  createDirectRelationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { HttpTransport, isHttpStatus } from '../../http';
import { addEntityOnce, addRelationshipOnce } from '../../stepSupport';

export type CircleCIStepContext =
  IntegrationStepExecutionContext<IntegrationConfig>;

/**
 * Requests in flight the steps aim for: twice the transport's bound keeps
 * its queue non-empty while each task also does non-HTTP work, and the
 * transport itself enforces the real limit.
 */
export function fanOut(concurrency: number): number {
  return concurrency * 2;
}

/**
 * Adds a child entity and its parent HAS child relationship, each once:
 * every list the steps walk (env vars, pipelines, workflows, jobs) hangs its
 * items off the resource it was listed from.
 */
export async function addChildOnce(
  context: CircleCIStepContext,
  parent: Entity,
  child: Entity,
): Promise<void> {
  await addEntityOnce(context.jobState, child);
  await addRelationshipOnce(
    context.jobState,
    createDirectRelationship({
      _class: RelationshipClass.HAS,
      from: parent,
      to: child,
    }),
  );
}

/** The status phrase of a 403/404 access gap, for warn events. */
export function accessGapStatus(err: unknown): string {
  return isHttpStatus(err, 403) ? '403 Forbidden' : '404 Not Found';
}

/** The step's last log line: the transport's request counters so far. */
export function logRequestSummary(
  context: CircleCIStepContext,
  transport: HttpTransport,
): void {
  context.logger.info(`CircleCI requests so far: ${transport.summary()}`);
}

/** "a, b, c and 4 more" for warn events naming many resources. */
export function listNames(names: string[], max = 10): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
