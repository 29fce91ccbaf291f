import {
  IntegrationInvocationConfig,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';
import {
  executeStepWithDependencies,
  StepTestConfig,
} from '@jupiterone/integration-sdk-testing';
import { instanceConfigFields, IntegrationConfig } from '../../config';
import {
  isRecording,
  Recording,
  RECORDING_SANDBOX_ORIGIN,
  RECORDING_SANDBOX_PORT,
  setupRecording,
} from '../../../test/recording';
import { FaultRule } from '../../../test/sandbox/faults';
import { Sandbox, startSandbox } from '../../../test/sandbox/server';
import {
  SANDBOX_CREDENTIALS,
  SANDBOX_REFERENCE_TIME,
} from '../../../test/sandbox/types';
import { circleciSteps } from '../index';

/** The run's "now" in every step test: one hour after the dataset's reference time. */
export const STEP_TEST_NOW = SANDBOX_REFERENCE_TIME + 3600_000;

export const stepTestInstanceConfig: IntegrationConfig = {
  circleciApiKey: SANDBOX_CREDENTIALS.circleciApiKey,
  circleciBaseUrl: `${RECORDING_SANDBOX_ORIGIN}/circleci/api/v2`,
};

/**
 * The CircleCI steps alone, so these tests do not depend on the combined
 * invocation config (docs/development.md, Tests: the testing helpers take the default
 * config type, hence the cast).
 */
export const stepTestInvocationConfig = {
  instanceConfigFields,
  integrationSteps: circleciSteps as IntegrationStep[],
} as unknown as IntegrationInvocationConfig;

export function stepTestConfig(stepId: string): StepTestConfig {
  return {
    stepId,
    invocationConfig: stepTestInvocationConfig,
    instanceConfig: stepTestInstanceConfig,
  };
}

/**
 * Per-test recording: replays offline by default; with RECORD=1 starts the
 * demo sandbox on the fixed recording port with two items per page, so
 * every paginated endpoint of the demo data has a second page.
 */
export function useStepRecording(directory: string) {
  let recording: Recording | undefined;
  let sandbox: Sandbox | undefined;

  beforeEach(async () => {
    jest.spyOn(Date, 'now').mockReturnValue(STEP_TEST_NOW);
    if (isRecording) {
      sandbox = await startSandbox({
        port: RECORDING_SANDBOX_PORT,
        dataset: 'demo',
        referenceTime: SANDBOX_REFERENCE_TIME,
        circleciPageSize: 2,
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

  return {
    /** `faults` apply to the sandbox while recording (replays hold their answers). */
    start(name: string, faults: FaultRule[] = []) {
      sandbox?.setFaults(faults);
      recording = setupRecording({ directory, name });
    },
    execute(stepId: string) {
      return executeStepWithDependencies(stepTestConfig(stepId));
    },
  };
}
