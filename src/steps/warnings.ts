import {
  ExecutionContext,
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { isResponseShapeError, ShapeLedger } from '../responseShape';

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

/** "a, b, c and 4 more" for warn events naming many resources. */
export function listNames(names: string[], max = 10): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
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
