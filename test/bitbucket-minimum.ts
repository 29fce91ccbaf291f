import { bitbucketShape } from '../scripts/bench/dataset-shape';
import {
  DEFAULT_PAGE_LIMITS,
  MinimumRequests,
  minimumRequests,
} from '../scripts/bench/minimum-requests';
import { SandboxDataset } from './sandbox/datasets';

/**
 * The request-cost model's Bitbucket part for a sandbox dataset: what a
 * complete run of it sends, endpoint by endpoint (test/bitbucket-budget.test.ts
 * checks the two are equal). Tests that need "every request of a demo run"
 * take it from here instead of pinning a total each new endpoint would shift;
 * the demo's own numbers are pinned in test/bitbucket-demo.test.ts.
 */
export function bitbucketRunRequests(
  dataset: SandboxDataset,
  run: { now: number; consumers: number; lookbackDays?: number },
): MinimumRequests {
  return minimumRequests(
    {
      bitbucket: bitbucketShape(dataset, {
        now: run.now,
        // The integration's default window.
        bitbucketPullRequestLookbackDays: run.lookbackDays ?? 90,
        bitbucketOauthConsumers: run.consumers,
        // CircleCI is not collected here.
        circleciPipelineLookbackDays: 0,
        pipelineOrgProjectLimit: 0,
      }),
    },
    DEFAULT_PAGE_LIMITS,
  );
}
