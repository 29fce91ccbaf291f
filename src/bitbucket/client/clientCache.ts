import {
  IntegrationExecutionContext,
  IntegrationLogger,
} from '@jupiterone/integration-sdk-core';
import { BitbucketConfig, IntegrationConfig, parseConfig } from '../../config';
import { RunClientCache } from '../../steps/runClients';
import {
  BitbucketClientBundle,
  createBitbucketClient,
  CreateClientOptions,
} from './createClient';

export interface BitbucketRunClient extends BitbucketClientBundle {
  config: BitbucketConfig;
}

export function createRunClient(
  config: BitbucketConfig,
  logger: IntegrationLogger,
  options: Omit<CreateClientOptions, 'logger'> = {},
): BitbucketRunClient {
  return { ...createBitbucketClient(config, { ...options, logger }), config };
}

/**
 * The run's Bitbucket client (src/steps/runClients.ts), so the run requests
 * one token per consumer in total, validation included. The execution is
 * the instance's config object, which the runtime hands to every step of a
 * run (the step tests' harness gives the step under test a new
 * executionHistory but the same config, and its recordings hold one token
 * request per consumer).
 */
const clients = new RunClientCache<BitbucketConfig, BitbucketRunClient>({
  create: (config, logger) => createRunClient(config, logger),
  executionOf: (context) => context.instance.config,
});

/** Keeps the client validation authenticated for the steps of the run. */
export function rememberVerifiedClient(bundle: BitbucketRunClient): void {
  clients.handOver(bundle.config, bundle);
}

export function getBitbucketClient(
  context: IntegrationExecutionContext<IntegrationConfig>,
): BitbucketRunClient {
  const config = parseConfig(context.instance.config).bitbucket;
  if (!config) {
    throw new Error(
      'Bitbucket steps ran without Bitbucket configuration (getStepStartStates should have disabled them)',
    );
  }
  return clients.get(context, config);
}
