/**
 * The approval analysis reads the same activity whichever source gives it:
 * one collection with every repository's activity per PR, one with the
 * repositories' whole activity streams, on the same sandbox data, must give
 * the same graph key for key and the same warnings.
 */
import { compareGraphs, GraphSnapshot } from '../scripts/compare-graphs';
import {
  ActivitySource,
  forceActivitySource,
} from '../src/bitbucket/steps/activitySource';
import {
  bitbucketSandboxConfig,
  collectInProcess,
  CollectResult,
} from './collect';
import { DatasetKind } from './sandbox/datasets';
import { Sandbox, startSandbox } from './sandbox/server';
import { SANDBOX_REFERENCE_TIME } from './sandbox/types';

const NOW = SANDBOX_REFERENCE_TIME + 3600_000;
const PER_PR =
  'bitbucket GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/activity';
const STREAM =
  'bitbucket GET /repositories/{workspace}/{repo_slug}/pullrequests/activity';

function snapshot(result: CollectResult): GraphSnapshot {
  return {
    entities: new Map(result.entities.map((e) => [e._key, e])),
    relationships: new Map(result.relationships.map((r) => [r._key, r])),
  };
}

async function collect(
  sandbox: Sandbox,
  source: ActivitySource | 'auto',
): Promise<{ result: CollectResult; stats: Record<string, number> }> {
  const undo =
    source === 'auto' ? () => undefined : forceActivitySource(source);
  sandbox.resetStats();
  try {
    const result = await collectInProcess({
      config: bitbucketSandboxConfig(sandbox),
      now: NOW,
    });
    return { result, stats: sandbox.stats() };
  } finally {
    undo();
  }
}

describe.each<[DatasetKind]>([['demo'], ['large']])(
  '%s dataset: per-PR activity and the repository stream',
  (dataset) => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({
        port: 0,
        dataset,
        referenceTime: SANDBOX_REFERENCE_TIME,
        largeParams: { reposPerWorkspace: 12, pullRequestsPerRepo: 15 },
      });
    });
    afterAll(() => sandbox.close());

    test('give the same graph and warnings; the rule picks the cheaper', async () => {
      const perPr = await collect(sandbox, 'per-pull-request');
      const stream = await collect(sandbox, 'repository');
      const prs = perPr.result.entities.filter(
        (e) => e._type === 'bitbucket_pull_request',
      );
      expect(prs.length).toBeGreaterThan(10);
      // Some PRs are analysed (approved or not), so the comparison covers
      // the analysis and not only "unknown".
      expect(
        prs.filter((e) => e.approvalStatus === 'approved').length,
      ).toBeGreaterThan(0);
      expect(
        compareGraphs(snapshot(perPr.result), snapshot(stream.result)),
      ).toEqual([]);
      expect(stream.result.warnEvents).toEqual(perPr.result.warnEvents);
      // Each run used only its own source.
      expect(perPr.stats[STREAM]).toBeUndefined();
      expect(stream.stats[PER_PR]).toBeUndefined();
      expect(stream.stats[STREAM]).toBeLessThan(perPr.stats[PER_PR]);
      // The rule's choice per repository costs no more than either
      // source for every repository.
      const auto = await collect(sandbox, 'auto');
      const activity = (stats: Record<string, number>) =>
        (stats[PER_PR] ?? 0) + (stats[STREAM] ?? 0);
      expect(activity(auto.stats)).toBeLessThanOrEqual(
        Math.min(activity(perPr.stats), activity(stream.stats)),
      );
    }, 120_000);
  },
);
