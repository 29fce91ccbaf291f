/**
 * The docs' Bitbucket request budget is the request-cost model's Bitbucket
 * part (scripts/bench/minimum-requests.ts, the benchmark's minimum): a run
 * against the sandbox must send exactly what the model computes from the
 * sandbox's data, endpoint by endpoint.
 */
import { bitbucketRunRequests } from './bitbucket-minimum';
import { bitbucketSandboxConfig, collectInProcess } from './collect';
import { endpointOf } from './sandbox/bitbucket/listings/listing';
import { CHILD_LISTINGS } from './sandbox/bitbucket/listings/registry';
import { DatasetKind } from './sandbox/datasets';
import { startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

const NOW = SANDBOX_REFERENCE_TIME + 3600_000;

async function measure(dataset: DatasetKind, lookbackDays: number) {
  const sandbox = await startSandbox({
    port: 0,
    dataset,
    referenceTime: SANDBOX_REFERENCE_TIME,
  });
  try {
    const config = bitbucketSandboxConfig(sandbox, {
      bitbucketPullRequestLookbackDays: String(lookbackDays),
    });
    const result = await collectInProcess({ config, now: NOW });
    const failed = result.stepResults.filter(
      (s) => s.id.startsWith('bitbucket-') && s.status !== 'success',
    );
    expect(failed).toEqual([]);
    const model = bitbucketRunRequests(sandbox.dataset, {
      now: NOW,
      lookbackDays,
      consumers: SANDBOX_CREDENTIALS.bitbucketOauthKey.split(',').length,
    });
    const measured = Object.fromEntries(
      Object.entries(sandbox.stats()).filter(([key]) =>
        key.startsWith('bitbucket '),
      ),
    );
    return { measured, model: model.byEndpoint };
  } finally {
    await sandbox.close();
  }
}

describe('the request budget (the cost model) matches what a run really sends', () => {
  test('demo dataset, 90-day window', async () => {
    const { measured, model } = await measure('demo', 90);
    expect(measured).toEqual(model);
    // Every child listing of the sandbox is priced and read (the demo has
    // owners of every kind); the demo's per-endpoint figures are pinned in
    // bitbucket-demo.test.ts, so no total is pinned here.
    for (const route of CHILD_LISTINGS.flatMap((l) => l.routes)) {
      expect([endpointOf(route), model[endpointOf(route)]]).toEqual([
        endpointOf(route),
        expect.any(Number),
      ]);
    }
  });

  test('large dataset, 30-day window', async () => {
    const { measured, model } = await measure('large', 30);
    expect(measured).toEqual(model);
    expect(Object.values(measured).reduce((a, b) => a + b, 0)).toBeGreaterThan(
      200,
    );
  }, 120_000);
});
