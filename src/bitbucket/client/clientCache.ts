import {
  IntegrationExecutionContext,
  IntegrationLogger,
} from '@jupiterone/integration-sdk-core';
import { BitbucketConfig, IntegrationConfig, parseConfig } from '../../config';
import {
  BitbucketClientBundle,
  createBitbucketClient,
  CreateClientOptions,
} from './createClient';

export interface BitbucketRunClient extends BitbucketClientBundle {
  config: BitbucketConfig;
}

/** One client per run: the runtime hands every step the same config object. */
const byInstanceConfig = new WeakMap<IntegrationConfig, BitbucketRunClient>();
/**
 * Clients created by verifyBitbucketAccess, handed over (once) to the first
 * step of the same run so its tokens are reused: one token per consumer per
 * run, validation included.
 */
const verified = new Map<string, BitbucketRunClient>();

function fingerprint(config: BitbucketConfig): string {
  return JSON.stringify(config);
}

export function rememberVerifiedClient(bundle: BitbucketRunClient): void {
  verified.set(fingerprint(bundle.config), bundle);
}

export function createRunClient(
  config: BitbucketConfig,
  logger: IntegrationLogger,
  options: Omit<CreateClientOptions, 'logger'> = {},
): BitbucketRunClient {
  return { ...createBitbucketClient(config, { ...options, logger }), config };
}

export function getBitbucketClient(
  context: IntegrationExecutionContext<IntegrationConfig>,
): BitbucketRunClient {
  const instanceConfig = context.instance.config;
  const cached = byInstanceConfig.get(instanceConfig);
  if (cached) return cached;
  const config = parseConfig(instanceConfig).bitbucket;
  if (!config) {
    throw new Error(
      'Bitbucket steps ran without Bitbucket configuration (getStepStartStates should have disabled them)',
    );
  }
  const key = fingerprint(config);
  const bundle = verified.get(key) ?? createRunClient(config, context.logger);
  verified.delete(key);
  byInstanceConfig.set(instanceConfig, bundle);
  return bundle;
}
