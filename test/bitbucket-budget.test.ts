/**
 * The docs' Bitbucket request budget is the request-cost model's Bitbucket
 * part (scripts/bench/minimum-requests.ts, the benchmark's minimum): a run
 * against the sandbox must send exactly what the model computes from the
 * sandbox's data, endpoint by endpoint.
 */
import { bitbucketShape } from '../scripts/bench/dataset-shape';
import {
  DEFAULT_PAGE_LIMITS,
  minimumRequests,
} from '../scripts/bench/minimum-requests';
import { bitbucketSandboxConfig, collectInProcess } from './collect';
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
    const model = minimumRequests(
      {
        bitbucket: bitbucketShape(sandbox.dataset, {
          now: NOW,
          bitbucketPullRequestLookbackDays: lookbackDays,
          bitbucketOauthConsumers:
            SANDBOX_CREDENTIALS.bitbucketOauthKey.split(',').length,
          // CircleCI is not collected here.
          circleciPipelineLookbackDays: 0,
          pipelineOrgProjectLimit: 0,
        }),
      },
      DEFAULT_PAGE_LIMITS,
    );
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
    const total = Object.values(measured).reduce((a, b) => a + b, 0);
    expect(total).toBe(155);
  });

  test('large dataset, 30-day window', async () => {
    const { measured, model } = await measure('large', 30);
    expect(measured).toEqual(model);
    expect(Object.values(measured).reduce((a, b) => a + b, 0)).toBeGreaterThan(
      200,
    );
  }, 120_000);
});
