import { DAY_MS } from '../../steps/runStart';

/**
 * How far before the last successful run's start an incremental run starts
 * reading pipelines. CircleCI cloud stops a job after at most 5 hours (the
 * longest plan limit), so a pipeline created more than 6 hours before that
 * run started had finished its jobs by then: re-reading the last 6 hours
 * refreshes every pipeline that was still running, plus clock skew between
 * us and CircleCI. Workflows held for a manual approval longer than that
 * keep the state they had when they were last read, until a full run.
 */
export const PIPELINE_OVERLAP_MS = 6 * 3600_000;

export interface PipelineWindowInput {
  /** This run's start (executionHistory.current.startedOn). */
  now: number;
  /** executionHistory.lastSuccessful.startedOn, when there is one. */
  lastSuccessfulStartedOn?: number;
  lookbackDays: number;
  /** circleciFullRun: read the whole lookback window regardless. */
  fullRun: boolean;
}

export interface PipelineWindow {
  /** Pipelines created before this (epoch ms) are not read. */
  since: number;
  incremental: boolean;
}

/**
 * The first run (and a full run) reads the lookback window; later runs read
 * only pipelines created since the last successful run started, minus the
 * overlap, never reaching further back than the lookback window. Pipelines,
 * workflows and jobs are partial datasets, so those read by earlier runs stay
 * in the graph.
 */
export function pipelineWindow(input: PipelineWindowInput): PipelineWindow {
  const lookback = input.now - input.lookbackDays * DAY_MS;
  if (input.fullRun || input.lastSuccessfulStartedOn === undefined) {
    return { since: lookback, incremental: false };
  }
  const since = input.lastSuccessfulStartedOn - PIPELINE_OVERLAP_MS;
  return since > lookback
    ? { since, incremental: true }
    : { since: lookback, incremental: false };
}
