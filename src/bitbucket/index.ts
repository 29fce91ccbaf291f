import {
  IntegrationIngestionConfigFieldMap,
  IntegrationLogger,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';
import { BitbucketConfig, IntegrationConfig } from '../config';

// Placeholder with the agreed exports; the Bitbucket ingestion replaces the bodies.

/** Every Bitbucket step, in any order (the SDK orders them by dependsOn). */
export const bitbucketSteps: IntegrationStep<IntegrationConfig>[] = [];

/** Ingestion sources of Bitbucket, keyed by ingestionSourceId. */
export const bitbucketIngestionSources: IntegrationIngestionConfigFieldMap = {};

/** One cheap authenticated call (or a few) proving the credentials work. */
export async function verifyBitbucketAccess(
  _config: BitbucketConfig,
  _logger: IntegrationLogger,
): Promise<void> {
  return;
}

/** Steps disabled when bitbucketIngestPullRequests is false. */
export const bitbucketPullRequestStepIds: string[] = [];
