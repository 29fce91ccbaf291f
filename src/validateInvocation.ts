import {
  IntegrationExecutionContext,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import { verifyBitbucketAccess } from './bitbucket';
import { verifyCircleCIAccess } from './circleci';
import {
  ConfigProblem,
  describeProblems,
  IntegrationConfig,
  parseConfigByVendor,
  Vendor,
} from './config';

/**
 * Shape checks first (every field of both vendors, all problems collected),
 * then one cheap authenticated check per vendor whose fields are sound, run
 * in parallel so a slow vendor does not delay the other's verdict. Every
 * failure is reported in one error, each naming its vendor, so a user with
 * both vendors misconfigured fixes both in one go. A single failure keeps
 * its own SDK error class (rejected credential, missing scopes, unreachable
 * API); several become one IntegrationValidationError listing them all.
 */
export async function validateInvocation(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { circleci, bitbucket, problems } = parseConfigByVendor(
    context.instance.config,
  );
  const checks: Array<{ vendor: Vendor; check: Promise<void> }> = [];
  if (circleci) {
    checks.push({
      vendor: 'CircleCI',
      check: verifyCircleCIAccess(circleci, context.logger),
    });
  }
  if (bitbucket) {
    checks.push({
      vendor: 'Bitbucket',
      check: verifyBitbucketAccess(bitbucket, context.logger),
    });
  }
  const results = await Promise.allSettled(checks.map((c) => c.check));
  const failures: Array<{ vendor: Vendor; error: unknown }> = [];
  results.forEach((result, index) => {
    if (result.status === 'rejected') {
      failures.push({ vendor: checks[index].vendor, error: result.reason });
    }
  });

  if (problems.length === 0 && failures.length === 1) {
    throw failures[0].error;
  }
  const all: ConfigProblem[] = [
    ...problems,
    ...failures.map(({ vendor, error }) => ({
      vendor,
      message: error instanceof Error ? error.message : String(error),
    })),
  ];
  if (all.length > 0) {
    throw new IntegrationValidationError(describeProblems(all));
  }
}
