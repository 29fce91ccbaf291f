import {
  Entity,
  ExecutionContext,
  IntegrationError,
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  IntegrationWarnEventName,
  JobState,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import { isResponseShapeError, ShapeLedger } from './responseShape';

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

/**
 * The value when it is an absolute http(s) URL, else undefined: `webLink`
 * must be a link a person can open. CircleCI sends scheme-less vcs_url
 * values such as `//circleci.com/<uuid>/<uuid>` for `circleci/<org-id>`
 * projects (docs/jupiterone.md).
 */
export function absoluteHttpLink(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/** A non-empty string property of an entity read back from the job state. */
export function stringProperty(
  entity: Entity,
  name: string,
): string | undefined {
  const value = entity[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * True for a failure that concerns one listing or one object only (a body
 * of the wrong shape, an unsafe id, a broken pagination envelope): the
 * caller skips that workspace / project / repository with a warning and
 * goes on with the others, as it does for a 403/404.
 */
export function isSkippableListingFailure(err: unknown): boolean {
  return (
    isResponseShapeError(err) ||
    (err instanceof IntegrationProviderAPIError &&
      err.status === 'PAGINATION_ERROR')
  );
}

/**
 * Publishes one warning for a listing that failed in a skippable way and
 * returns true; returns false (publishing nothing) for any other failure,
 * which the caller rethrows.
 */
export function skipFailedListing(
  context: ExecutionContext,
  what: string,
  err: unknown,
): boolean {
  if (!isSkippableListingFailure(err)) return false;
  publishWarning(
    context.logger,
    IntegrationWarnEventName.MissingEntity,
    `${what} was skipped: ${
      (err as Error).message
    }. Everything else is still collected.`,
  );
  return true;
}

/** The code of the step failure that replaces a mid-run 401. */
export const VENDOR_AUTHENTICATION_FAILED = 'VENDOR_AUTHENTICATION_FAILED';

/** Vendors whose credentials were rejected, per run (executionHistory). */
const rejectedVendors = new WeakMap<object, Map<string, string>>();

function runKey(context: IntegrationStepExecutionContext<object>): object {
  return context.executionHistory ?? context.instance;
}

/** Publishes what the ledger counted since the last step ended. */
export function reportSkippedItems(
  logger: IntegrationLogger,
  ledger: ShapeLedger | undefined,
): void {
  for (const { message, first } of ledger?.drain() ?? []) {
    if (first) {
      publishWarning(logger, IntegrationWarnEventName.MissingEntity, message);
    } else {
      logger.warn({ warning: IntegrationWarnEventName.MissingEntity }, message);
    }
  }
}

/**
 * The step boundary every step of a vendor runs through:
 *  - the SDK treats IntegrationProviderAuthenticationError as fatal for the
 *    whole run (its `fatal: true` stops the dependency graph), so a 401
 *    after validation would cost the other vendor's data too. It is
 *    rethrown as a non-fatal IntegrationError naming the vendor, and the
 *    vendor's later steps fail at once with the same message instead of
 *    repeating rejected requests; the other vendor's steps run on.
 *  - items the client skipped (see src/responseShape.ts) are announced,
 *    one warning per endpoint and reason.
 */
export function withVendorBoundary<C extends object>(
  vendor: string,
  steps: IntegrationStep<C>[],
  ledgerOf: (context: IntegrationStepExecutionContext<C>) => ShapeLedger,
): IntegrationStep<C>[] {
  return steps.map((step) => ({
    ...step,
    executionHandler: async (context: IntegrationStepExecutionContext<C>) => {
      const rejected = rejectedVendors.get(runKey(context));
      const earlier = rejected?.get(vendor);
      if (earlier !== undefined) {
        throw new IntegrationError({
          code: VENDOR_AUTHENTICATION_FAILED,
          message: `${vendor} step skipped: ${earlier}`,
          fatal: false,
        });
      }
      let ledger: ShapeLedger | undefined;
      try {
        ledger = ledgerOf(context);
      } catch {
        // No client (vendor not configured): the handler reports it.
      }
      try {
        await step.executionHandler(context);
      } catch (err) {
        if (!(err instanceof IntegrationProviderAuthenticationError)) throw err;
        const message = `${vendor} rejected its credentials during the run (${err.message}); ${vendor} data from this step on is not collected, the other vendor's steps still run. Check the ${vendor} credentials (they may have been revoked or expired) and run again.`;
        const map = rejected ?? new Map<string, string>();
        map.set(vendor, message);
        rejectedVendors.set(runKey(context), map);
        throw new IntegrationError({
          code: VENDOR_AUTHENTICATION_FAILED,
          message,
          cause: err,
          fatal: false,
        });
      } finally {
        reportSkippedItems(context.logger, ledger);
      }
    },
  }));
}
