import {
  Entity,
  ExecutionContext,
  IntegrationLogger,
  IntegrationWarnEventName,
  JobState,
  Relationship,
} from '@jupiterone/integration-sdk-core';

/**
 * Helpers every vendor's steps share. Graph writes go through the *Once
 * functions: the APIs can return the same item twice (an item changing while
 * a list is paged, a user in two workspaces), and a duplicate key fails a
 * step.
 */

/** The run's "now": tests pin it, and lookback windows are computed from it. */
export function runStartedOn(context: ExecutionContext): number {
  return context.executionHistory?.current?.startedOn ?? Date.now();
}

/**
 * Every warning goes through here: a warn event for the JupiterOne platform
 * and a WARN log line for a person running `j1-integration collect` locally,
 * which prints log lines but not events.
 */
export function publishWarning(
  logger: IntegrationLogger,
  name: IntegrationWarnEventName,
  description: string,
): void {
  logger.warn({ warning: name }, description);
  logger.publishWarnEvent({ name, description });
}

/** One warning for a resource the credentials may not read. */
export function publishMissingPermission(
  context: ExecutionContext,
  description: string,
): void {
  publishWarning(
    context.logger,
    IntegrationWarnEventName.MissingPermission,
    description,
  );
}

/** Adds an entity unless one with its key exists; true when it was added. */
export async function addEntityOnce(
  jobState: JobState,
  entity: Entity,
): Promise<boolean> {
  if (await jobState.hasKey(entity._key)) return false;
  await jobState.addEntity(entity);
  return true;
}

/** Adds a relationship unless one with its key exists; true when added. */
export async function addRelationshipOnce(
  jobState: JobState,
  relationship: Relationship,
): Promise<boolean> {
  if (await jobState.hasKey(relationship._key)) return false;
  await jobState.addRelationship(relationship);
  return true;
}

/** A non-empty string property of an entity read back from the job state. */
export function stringProperty(
  entity: Entity,
  name: string,
): string | undefined {
  const value = entity[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
