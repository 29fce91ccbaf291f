import {
  IntegrationLogger,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';
import { CircleCIConfig, IntegrationConfig, parseConfig } from '../../config';
import { RunClientCache } from '../../steps/runClients';
import { CircleCIClient, createCircleCIClient } from './client';

/**
 * The run's CircleCI client (src/steps/runClients.ts). The execution is the
 * run's `executionHistory` object: the runtime hands the same one to every
 * step of a run and a new one to the next run, even when the config object
 * is reused.
 */
const clients = new RunClientCache<CircleCIConfig, CircleCIClient>({
  create: createCircleCIClient,
  executionOf: (context) => context.executionHistory,
});

/** The client validation uses; kept for the steps of the same run. */
export function getValidationClient(
  config: CircleCIConfig,
  logger: IntegrationLogger,
): CircleCIClient {
  const client = createCircleCIClient(config, logger);
  clients.handOver(config, client);
  return client;
}

export function getStepClient(
  context: IntegrationStepExecutionContext<IntegrationConfig>,
): { client: CircleCIClient; config: CircleCIConfig } {
  const config = parseConfig(context.instance.config).circleci;
  if (!config) {
    // getStepStartStates disables every CircleCI step in this case.
    throw new Error('CircleCI is not configured (circleciApiKey is empty)');
  }
  return { client: clients.get(context, config), config };
}
