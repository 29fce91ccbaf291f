import {
  ExecutionHistory,
  IntegrationInstance,
} from '@jupiterone/integration-sdk-core';
import {
  createIntegrationLogger,
  executeIntegrationInstance,
} from '@jupiterone/integration-sdk-runtime';
import { IntegrationConfig } from '../src/config';
import { invocationConfig } from '../src/index';
import { startSandbox } from './sandbox/server';
import { SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * Collects the sandbox's demo dataset into `storageDir` with the SDK
 * runtime's own file-system store, so the folder has exactly the layout
 * `j1-integration collect` writes (graph/<step>/entities|relationships/*.json,
 * summary.json). Tests pass a temporary folder, never the project's
 * .j1-integration. Returns the ids of steps that did not succeed.
 */
export async function collectDemoInto(storageDir: string): Promise<string[]> {
  const sandbox = await startSandbox({
    port: 0,
    dataset: 'demo',
    referenceTime: SANDBOX_REFERENCE_TIME,
  });
  const previousStorage = process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
  process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = storageDir;
  try {
    const env = sandbox.env('both');
    const config: IntegrationConfig = {
      circleciApiKey: env.CIRCLECI_API_KEY,
      circleciBaseUrl: env.CIRCLECI_BASE_URL,
      bitbucketOauthKey: env.BITBUCKET_OAUTH_KEY,
      bitbucketOauthSecret: env.BITBUCKET_OAUTH_SECRET,
      bitbucketWorkspace: env.BITBUCKET_WORKSPACE,
      bitbucketBaseUrl: env.BITBUCKET_BASE_URL,
      bitbucketTokenUrl: env.BITBUCKET_TOKEN_URL,
    };
    const instance = {
      id: 'demo-collection',
      accountId: 'demo-collection',
      name: 'demo-collection',
      integrationDefinitionId: 'graph-circleci-bitbucket',
      config,
    } as IntegrationInstance<IntegrationConfig>;
    const executionHistory: ExecutionHistory = {
      current: { startedOn: SANDBOX_REFERENCE_TIME + 3600_000 },
    };
    const logger = createIntegrationLogger({
      name: 'demo-collection',
      invocationConfig,
    });
    const result = await executeIntegrationInstance(
      logger,
      instance,
      invocationConfig,
      executionHistory,
      { enableSchemaValidation: true },
    );
    return result.integrationStepResults
      .filter((s) => s.status !== 'success' && s.status !== 'disabled')
      .map((s) => s.id);
  } finally {
    if (previousStorage === undefined) {
      delete process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
    } else {
      process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = previousStorage;
    }
    await sandbox.close();
  }
}
