import {
  Entity,
  ExecutionHistory,
  IntegrationInstance,
  IntegrationInvocationConfig,
  Relationship,
  StepResultStatus,
} from '@jupiterone/integration-sdk-core';
import {
  createIntegrationLogger,
  executeIntegrationInstance,
  InMemoryGraphObjectStore,
} from '@jupiterone/integration-sdk-runtime';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { IntegrationConfig } from '../src/config';
import { invocationConfig } from '../src/index';
import { Sandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS } from './sandbox/types';

/**
 * The runtime flushes the store after each step; the in-memory store refuses
 * flush() because it would drop data. Here keeping everything is the point.
 */
class RetainingGraphObjectStore extends InMemoryGraphObjectStore {
  override async flush(): Promise<void> {
    return;
  }
}

export interface CollectedEvent {
  name: string;
  description: string;
  level?: string;
}

export interface CollectResult {
  entities: Entity[];
  relationships: Relationship[];
  stepResults: Array<{ id: string; status: StepResultStatus }>;
  warnEvents: CollectedEvent[];
  partialTypes: string[];
}

export interface CollectOptions {
  config: IntegrationConfig;
  /** Start of this run (executionHistory.current.startedOn); default now. */
  now?: number;
  /** Start of the last successful run, for incremental windows. */
  lastSuccessfulStartedOn?: number;
  /** Ingestion sources the user switched off (instance.disabledSources). */
  disabledSources?: string[];
  /** Run schema validation on every entity, as `j1-integration collect` does. */
  enableSchemaValidation?: boolean;
  invocation?: IntegrationInvocationConfig<IntegrationConfig>;
}

/**
 * Runs a whole collection in this process exactly as the SDK runtime does
 * for `j1-integration collect` (validateInvocation, getStepStartStates,
 * ingestion sources, every step in dependency order), keeping the graph in
 * memory. Used by full-run tests against the loopback sandbox and by the
 * benchmark. The runtime writes summary.json, so each call gets its own
 * temporary storage directory instead of the project's .j1-integration.
 */
export async function collectInProcess(
  options: CollectOptions,
): Promise<CollectResult> {
  const storage = mkdtempSync(join(tmpdir(), 'j1-collect-'));
  const previousStorage = process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
  process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = storage;
  const invocation = options.invocation ?? invocationConfig;
  const logger = createIntegrationLogger({
    name: 'collect-in-process',
    invocationConfig: invocation,
  });
  const warnEvents: CollectedEvent[] = [];
  logger.on('event', (event: CollectedEvent) => {
    if (event.level === 'warn') warnEvents.push(event);
  });

  const instance: IntegrationInstance<IntegrationConfig> = {
    id: 'in-process',
    accountId: 'in-process',
    name: 'in-process',
    integrationDefinitionId: 'graph-circleci-bitbucket',
    config: options.config,
    disabledSources: (options.disabledSources ?? []).map(
      (ingestionSourceId) => ({ ingestionSourceId }),
    ),
  } as IntegrationInstance<IntegrationConfig>;
  const now = options.now ?? Date.now();
  const executionHistory: ExecutionHistory = {
    current: { startedOn: now },
    ...(options.lastSuccessfulStartedOn !== undefined
      ? {
          lastSuccessful: {
            startedOn: options.lastSuccessfulStartedOn,
            endedOn: options.lastSuccessfulStartedOn + 60_000,
          },
        }
      : {}),
  };

  const graphObjectStore = new RetainingGraphObjectStore();
  try {
    const result = await executeIntegrationInstance(
      logger,
      instance,
      invocation,
      executionHistory,
      {
        enableSchemaValidation: options.enableSchemaValidation ?? true,
        graphObjectStore,
      },
    );
    const entities: Entity[] = [];
    const relationships: Relationship[] = [];
    // The store iterates per _type; every type a step wrote is in its
    // encounteredTypes, entity and relationship types alike.
    const types = new Set(
      result.integrationStepResults.flatMap(
        (step) => step.encounteredTypes ?? [],
      ),
    );
    for (const _type of types) {
      await graphObjectStore.iterateEntities({ _type }, (entity) => {
        entities.push(entity);
      });
      await graphObjectStore.iterateRelationships({ _type }, (relationship) => {
        relationships.push(relationship);
      });
    }
    return {
      entities,
      relationships,
      stepResults: result.integrationStepResults.map((step) => ({
        id: step.id,
        status: step.status,
      })),
      warnEvents,
      partialTypes: result.metadata.partialDatasets.types,
    };
  } finally {
    if (previousStorage === undefined) {
      delete process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
    } else {
      process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = previousStorage;
    }
    rmSync(storage, { recursive: true, force: true });
  }
}

/** Counts graph objects per _type, for exact-count assertions. */
export function countByType(
  objects: Array<{ _type: string }>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const object of objects) {
    counts[object._type] = (counts[object._type] ?? 0) + 1;
  }
  return Object.fromEntries(
    Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** Bitbucket-only config for every workspace of a running sandbox. */
export function bitbucketSandboxConfig(
  sandbox: Sandbox,
  extra: Partial<IntegrationConfig> = {},
): IntegrationConfig {
  return {
    bitbucketOauthKey: SANDBOX_CREDENTIALS.bitbucketOauthKey,
    bitbucketOauthSecret: SANDBOX_CREDENTIALS.bitbucketOauthSecret,
    bitbucketWorkspace: sandbox.dataset.bitbucket.workspaces
      .map((w) => w.slug)
      .join(','),
    bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
    bitbucketTokenUrl: sandbox.bitbucketTokenUrl,
    ...extra,
  };
}
