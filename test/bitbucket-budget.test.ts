import { bitbucketShape } from '../scripts/bench/dataset-shape';
import {
  bitbucketMinimum,
  BitbucketShape,
  DEFAULT_PAGE_LIMITS,
} from '../scripts/bench/minimum-requests';
import { IntegrationConfig } from '../src/config';
import { collectInProcess } from './collect';
import { DatasetKind } from './sandbox/datasets';
import { startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * The request budget of docs/jupiterone.md (Bitbucket, Request budget) is
 * the Bitbucket part of the one request-cost model
 * (scripts/bench/minimum-requests.ts, which the benchmark uses too): here it
 * must equal the requests a whole run really sends to the sandbox.
 */
const NOW = SANDBOX_REFERENCE_TIME + 3600_000;

const sum = (counts: Record<string, number>) =>
  Object.values(counts).reduce((a, b) => a + b, 0);

async function measure(
  dataset: DatasetKind,
  lookbackDays: number,
  options: { ingestPullRequests?: boolean } = {},
) {
  const sandbox = await startSandbox({
    port: 0,
    dataset,
    referenceTime: SANDBOX_REFERENCE_TIME,
  });
  try {
    const config: IntegrationConfig = {
      bitbucketOauthKey: SANDBOX_CREDENTIALS.bitbucketOauthKey,
      bitbucketOauthSecret: SANDBOX_CREDENTIALS.bitbucketOauthSecret,
      bitbucketWorkspace: sandbox.dataset.bitbucket.workspaces
        .map((w) => w.slug)
        .join(','),
      bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
      bitbucketTokenUrl: sandbox.bitbucketTokenUrl,
      bitbucketPullRequestLookbackDays: String(lookbackDays),
      ...(options.ingestPullRequests === false
        ? { bitbucketIngestPullRequests: false }
        : {}),
    };
    const result = await collectInProcess({ config, now: NOW });
    const failed = result.stepResults.filter(
      (s) =>
        s.id.startsWith('bitbucket-') &&
        s.status !== 'success' &&
        s.status !== 'disabled',
    );
    expect(failed).toEqual([]);
    expect(result.stepResults.some((s) => s.status === 'success')).toBe(true);
    const shape: BitbucketShape = {
      ...bitbucketShape(sandbox.dataset, {
        now: NOW,
        circleciPipelineLookbackDays: 0,
        bitbucketPullRequestLookbackDays: lookbackDays,
        pipelineOrgProjectLimit: 0,
        bitbucketOauthConsumers: 2,
      }),
      ...options,
    };
    return {
      measured: sandbox.stats().total,
      estimated: sum(bitbucketMinimum(shape, DEFAULT_PAGE_LIMITS)),
    };
  } finally {
    await sandbox.close();
  }
}

describe('the request budget formula matches what a run really sends', () => {
  test('demo dataset, 90-day window', async () => {
    expect(await measure('demo', 90)).toEqual({
      measured: 112,
      estimated: 112,
    });
  });

  test('demo dataset without pull requests', async () => {
    const { measured, estimated } = await measure('demo', 90, {
      ingestPullRequests: false,
    });
    expect(measured).toBe(estimated);
    expect(measured).toBeLessThan(112);
  });

  test('large dataset, 30-day window', async () => {
    const { measured, estimated } = await measure('large', 30);
    expect(measured).toBe(estimated);
    expect(measured).toBeGreaterThan(200);
  }, 120_000);
});
