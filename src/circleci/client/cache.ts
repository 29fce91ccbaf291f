import { createHash } from 'crypto';
import {
  IntegrationLogger,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';
import { CircleCIConfig, IntegrationConfig, parseConfig } from '../../config';
import { CircleCIClient, createCircleCIClient } from './client';

/**
 * One client per run, so one transport's counters and concurrency bound
 * cover the whole run and `/me` + `/me/collaborations` are requested once.
 *
 * Steps share the client through the run's `executionHistory` object (the
 * runtime hands the same one to every step of a run, and a new one to the
 * next run, even when the config object is reused). The validation (which receives only the parsed config) hands its client over
 * through `pending`, keyed by a hash of the parsed config (never the raw
 * token): the first step of the same run adopts it, so the requests made
 * during validation are not repeated.
 */
const byRun = new WeakMap<object, CircleCIClient>();
const pending = new Map<string, CircleCIClient>();

function fingerprint(config: CircleCIConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

/** The client validation uses; kept for the steps of the same run. */
export function getValidationClient(
  config: CircleCIConfig,
  logger: IntegrationLogger,
): CircleCIClient {
  const client = createCircleCIClient(config, logger);
  pending.set(fingerprint(config), client);
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
  const run = context.executionHistory;
  let client = byRun.get(run);
  if (!client) {
    const key = fingerprint(config);
    client = pending.get(key) ?? createCircleCIClient(config, context.logger);
    pending.delete(key);
    byRun.set(run, client);
  }
  return { client, config };
}
