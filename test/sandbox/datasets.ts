/**
 * Both vendors' datasets from one seed. Bitbucket is generated first; the
 * CircleCI account is then built on its refs so projects build real sandbox
 * repositories, pipelines build real pull-request commits and CircleCI logins
 * equal Bitbucket nicknames.
 */
import {
  BitbucketData,
  generateBitbucketDataset,
  summarizeBitbucketDataset,
} from './bitbucket/dataset';
import {
  generateCircleCIDataset,
  summarizeCircleCIDataset,
} from './circleci/dataset';
import { CircleCIData } from './circleci/types';
import { BitbucketDatasetRefs, LargeDatasetParams } from './types';

export type DatasetKind = 'demo' | 'large';

/** The fixed default seed: the same data on every run unless asked otherwise. */
export const DEFAULT_SANDBOX_SEED = 20261101;

/**
 * Defaults of the `large` dataset, sized for the benchmark: roughly a
 * thousand CircleCI requests plus the Bitbucket side, which at 20 ms latency
 * and ~10 concurrent requests per vendor finishes in well under two minutes
 * on two cores. `scale` multiplies Bitbucket repos and users per workspace
 * and CircleCI projects per org (so pipelines, workflows and jobs grow with
 * it linearly); the other knobs are per parent object.
 */
export const DEFAULT_LARGE_PARAMS: LargeDatasetParams = {
  workspaces: 2,
  reposPerWorkspace: 12,
  usersPerWorkspace: 20,
  pullRequestsPerRepo: 15,
  orgs: 3,
  projectsPerOrg: 12,
  pipelinesPerProject: 12,
  workflowsPerPipeline: 2,
  jobsPerWorkflow: 4,
  scale: 1,
};

export interface DatasetOptions {
  seed?: number;
  referenceTime?: number;
  largeParams?: Partial<LargeDatasetParams>;
}

export interface SandboxDataset {
  kind: DatasetKind;
  seed: number;
  referenceTime: number;
  /** The effective parameters (defaults merged); undefined for `demo`. */
  params?: LargeDatasetParams;
  bitbucket: BitbucketData;
  bitbucketRefs: BitbucketDatasetRefs;
  circleci: CircleCIData;
}

export interface DatasetSummary {
  circleci: Record<string, number>;
  bitbucket: Record<string, number>;
}

export function createDataset(
  kind: DatasetKind,
  options: DatasetOptions = {},
): SandboxDataset {
  const seed = options.seed ?? DEFAULT_SANDBOX_SEED;
  const referenceTime = options.referenceTime ?? Date.now();
  const params =
    kind === 'large'
      ? { ...DEFAULT_LARGE_PARAMS, ...options.largeParams }
      : undefined;
  const { data: bitbucket, refs } = generateBitbucketDataset({
    kind,
    params,
    seed,
    referenceTime,
  });
  const circleci = generateCircleCIDataset({
    kind,
    params,
    seed,
    referenceTime,
    refs,
  });
  return {
    kind,
    seed,
    referenceTime,
    params,
    bitbucket,
    bitbucketRefs: refs,
    circleci,
  };
}

/** Exact counts of every object kind per vendor. */
export function summarizeDataset(dataset: SandboxDataset): DatasetSummary {
  return {
    circleci: summarizeCircleCIDataset(dataset.circleci, dataset.referenceTime),
    bitbucket: summarizeBitbucketDataset(dataset.bitbucket),
  };
}

/** The Bitbucket workspace slugs of a dataset (for BITBUCKET_WORKSPACE). */
export function datasetWorkspaces(dataset: SandboxDataset): string[] {
  return dataset.bitbucket.workspaces.map((w) => w.slug);
}
