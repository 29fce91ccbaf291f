import {
  IntegrationInvocationConfig,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';
import {
  executeStepWithDependencies,
  StepTestConfig,
} from '@jupiterone/integration-sdk-testing';
import { bitbucketSteps } from '../src/bitbucket';
import { circleciSteps } from '../src/circleci';
import { instanceConfigFields, IntegrationConfig } from '../src/config';
import {
  isRecording,
  Recording,
  RECORDING_SANDBOX_ORIGIN,
  RECORDING_SANDBOX_PORT,
  setupRecording,
} from './recording';
import { FaultRule } from './sandbox/faults';
import { Sandbox, SandboxOptions, startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * The step-test setup of both vendors. Polly replays recordings of the demo
 * sandbox offline; `RECORD=1 npx jest <file> --runInBand` re-records them
 * against the sandbox on the fixed recording port, with small pages so
 * every paginated endpoint of the demo data is read over several pages.
 */

/** The run's "now" in every step test: one hour after the dataset's reference time. */
export const STEP_TEST_NOW = SANDBOX_REFERENCE_TIME + 3600_000;

type Vendor = 'circleci' | 'bitbucket';

const vendors: Record<
  Vendor,
  {
    steps: IntegrationStep<IntegrationConfig>[];
    instanceConfig: IntegrationConfig;
    sandbox: Pick<SandboxOptions, 'circleciPageSize' | 'bitbucketPageSizeCap'>;
  }
> = {
  circleci: {
    steps: circleciSteps,
    instanceConfig: {
      circleciApiKey: SANDBOX_CREDENTIALS.circleciApiKey,
      circleciBaseUrl: `${RECORDING_SANDBOX_ORIGIN}/circleci/api/v2`,
    },
    sandbox: { circleciPageSize: 2 },
  },
  bitbucket: {
    steps: bitbucketSteps,
    instanceConfig: {
      bitbucketOauthKey: SANDBOX_CREDENTIALS.bitbucketOauthKey,
      bitbucketOauthSecret: SANDBOX_CREDENTIALS.bitbucketOauthSecret,
      bitbucketWorkspace: 'acme-eng,acme-labs',
      bitbucketBaseUrl: `${RECORDING_SANDBOX_ORIGIN}/bitbucket/2.0`,
      bitbucketTokenUrl: `${RECORDING_SANDBOX_ORIGIN}/bitbucket/site/oauth2/access_token`,
    },
    sandbox: { bitbucketPageSizeCap: 2 },
  },
};

/**
 * One vendor's steps alone, so these tests do not depend on the combined
 * invocation config (docs/development.md, Tests: the testing helpers take
 * the default config type, hence the cast).
 */
export function stepTestConfig(vendor: Vendor, stepId: string): StepTestConfig {
  return {
    stepId,
    invocationConfig: {
      instanceConfigFields,
      integrationSteps: vendors[vendor].steps as IntegrationStep[],
    } as unknown as IntegrationInvocationConfig,
    instanceConfig: { ...vendors[vendor].instanceConfig },
  };
}

/** The entities and relationships of one `_type` a step test collected. */
export function ofType<
  E extends { _type: string },
  R extends { _type: string },
>(
  result: { collectedEntities: E[]; collectedRelationships: R[] },
  type: string,
): Array<E | R> {
  return [...result.collectedEntities, ...result.collectedRelationships].filter(
    (o) => o._type === type,
  );
}

/**
 * Per-test recording and sandbox. `start(name)` opens the recording (with
 * `faults` for the sandbox while recording; replays hold their answers),
 * `execute(stepId)` runs the step with its dependencies, `run(stepId)` does
 * both under the step's name, `collect(stepId)` also checks what it wrote
 * against the step's metadata. `requested()` lists the request paths (with
 * query) Polly saw, in record and replay alike; `requestsTo(pattern)` those
 * whose path (query left out) matches.
 */
export function useStepRecording(directory: string, vendor: Vendor) {
  let recording: Recording | undefined;
  let sandbox: Sandbox | undefined;
  let requested: string[] = [];

  beforeEach(async () => {
    // The mock context's executionHistory.current.startedOn is Date.now().
    jest.spyOn(Date, 'now').mockReturnValue(STEP_TEST_NOW);
    requested = [];
    if (isRecording) {
      sandbox = await startSandbox({
        port: RECORDING_SANDBOX_PORT,
        dataset: 'demo',
        referenceTime: SANDBOX_REFERENCE_TIME,
        ...vendors[vendor].sandbox,
      });
    }
  });

  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
    await sandbox?.close();
    sandbox = undefined;
    jest.restoreAllMocks();
  });

  const helpers = {
    config: (stepId: string) => stepTestConfig(vendor, stepId),
    start(name: string, faults: FaultRule[] = []) {
      sandbox?.setFaults(faults);
      recording = setupRecording({ directory, name });
      recording.server.any().on('request', (req) => {
        const url = new URL(req.url);
        requested.push(decodeURIComponent(`${url.pathname}${url.search}`));
      });
    },
    execute(stepId: string) {
      return executeStepWithDependencies(stepTestConfig(vendor, stepId));
    },
    run(stepId: string) {
      helpers.start(stepId);
      return helpers.execute(stepId);
    },
    /**
     * `run`, then checks that the step wrote only what its metadata
     * declares (every entity and relationship against its schema).
     */
    async collect(stepId: string) {
      const result = await helpers.run(stepId);
      expect(result).toMatchStepMetadata(stepTestConfig(vendor, stepId));
      return result;
    },
    requested: () => requested,
    requestsTo: (pattern: RegExp) =>
      requested.filter((path) => pattern.test(path.split('?')[0])),
  };
  return helpers;
}

/** How many graph objects of each `_type`. */
export function countTypes(
  objects: Array<{ _type: string }>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of objects) counts[o._type] = (counts[o._type] ?? 0) + 1;
  return counts;
}
