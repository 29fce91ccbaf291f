import {
  IntegrationError,
  IntegrationProviderAuthenticationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';
import { ShapeLedger } from '../responseShape';
import { reportSkippedItems } from './warnings';

/** The code of the step failure that replaces a mid-run 401. */
export const VENDOR_AUTHENTICATION_FAILED = 'VENDOR_AUTHENTICATION_FAILED';

/** Vendors whose credentials were rejected, per run (executionHistory). */
const rejectedVendors = new WeakMap<object, Map<string, string>>();

function runKey(context: IntegrationStepExecutionContext<object>): object {
  return context.executionHistory ?? context.instance;
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
