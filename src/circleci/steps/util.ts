import {
  Entity,
  IntegrationStepExecutionContext,
  IntegrationWarnEventName,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import {
  createDirectRelationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { HttpTransport, isHttpStatus } from '../../http';

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

/** The run's "now": tests pin it, and lookback windows are computed from it. */
export function runStartedOn(context: CircleCIStepContext): number {
  return context.executionHistory?.current?.startedOn ?? Date.now();
}

/** Adds an entity unless one with its key exists (the API may repeat items). */
export async function addEntityOnce(
  context: CircleCIStepContext,
  entity: Entity,
): Promise<boolean> {
  if (await context.jobState.hasKey(entity._key)) return false;
  await context.jobState.addEntity(entity);
  return true;
}

export async function addRelationshipOnce(
  context: CircleCIStepContext,
  relationship: Relationship,
): Promise<boolean> {
  if (await context.jobState.hasKey(relationship._key)) return false;
  await context.jobState.addRelationship(relationship);
  return true;
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
  await addEntityOnce(context, child);
  await addRelationshipOnce(
    context,
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

export function publishMissingPermission(
  context: CircleCIStepContext,
  description: string,
): void {
  context.logger.publishWarnEvent({
    name: IntegrationWarnEventName.MissingPermission,
    description,
  });
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

export function stringProperty(
  entity: Entity,
  name: string,
): string | undefined {
  const value = entity[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
