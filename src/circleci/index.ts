import {
  IntegrationIngestionConfigFieldMap,
  IntegrationLogger,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';
import { CircleCIConfig, IntegrationConfig } from '../config';

// Placeholder with the agreed exports; the CircleCI ingestion replaces the bodies.

/** Every CircleCI step, in any order (the SDK orders them by dependsOn). */
export const circleciSteps: IntegrationStep<IntegrationConfig>[] = [];

/** Ingestion sources of CircleCI, keyed by ingestionSourceId. */
export const circleciIngestionSources: IntegrationIngestionConfigFieldMap = {};

/** One cheap authenticated call (or a few) proving the credentials work. */
export async function verifyCircleCIAccess(
  _config: CircleCIConfig,
  _logger: IntegrationLogger,
): Promise<void> {
  return;
}
