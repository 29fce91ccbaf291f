import { Sandbox, SandboxOptions, startSandbox } from './server';
import { SANDBOX_REFERENCE_TIME } from './types';

/**
 * One demo sandbox for the test file (or describe block) that calls it:
 * started before its tests on a free loopback port, closed after them, and
 * with faults and request statistics cleared before each test. Returns a
 * getter, since the sandbox exists only once beforeAll has run.
 */
export function useDemoSandbox(
  options: Partial<SandboxOptions> = {},
): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      dataset: 'demo',
      referenceTime: SANDBOX_REFERENCE_TIME,
      ...options,
    });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(() => {
    sandbox?.setFaults([]);
    sandbox?.resetStats();
  });
  return () => {
    if (!sandbox) throw new Error('the demo sandbox is not started yet');
    return sandbox;
  };
}
