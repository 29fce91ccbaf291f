import { IntegrationExecutionContext } from '@jupiterone/integration-sdk-core';
import { verifyBitbucketAccess } from './bitbucket';
import { verifyCircleCIAccess } from './circleci';
import { IntegrationConfig, parseConfig } from './config';

/**
 * Shape checks first (parseConfig throws IntegrationValidationError naming
 * the field), then one cheap authenticated check per configured vendor, run
 * in parallel so a slow vendor does not delay the other's verdict. Each
 * vendor check maps its own failures to the SDK's error classes (rejected
 * credential, missing scopes, unreachable API).
 */
export async function validateInvocation(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<void> {
  const { circleci, bitbucket } = parseConfig(context.instance.config);
  const checks: Promise<void>[] = [];
  if (circleci) checks.push(verifyCircleCIAccess(circleci, context.logger));
  if (bitbucket) checks.push(verifyBitbucketAccess(bitbucket, context.logger));
  const results = await Promise.allSettled(checks);
  const failure = results.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected',
  );
  if (failure) throw failure.reason;
}
