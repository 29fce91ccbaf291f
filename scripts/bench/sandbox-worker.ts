/**
 * The sandbox on its own worker thread (same process, its own event loop
 * and core): the simulators' JSON rendering and the latency timers do not
 * compete with the integration for the main thread, as a real vendor's
 * servers would not. The dataset lives only here; the main thread receives
 * its env lines, exact counts and the shape the minimum is computed from.
 *
 * Protocol (parentPort messages):
 *   worker -> main  {type: 'ready', ready: WorkerReady} | {type: 'error', message}
 *   main -> worker  {type: 'stats'}  -> {type: 'stats', stats, log}
 *   main -> worker  {type: 'reset'}  -> {type: 'reset'}
 *   main -> worker  {type: 'close'}  -> {type: 'closed'}
 */
import { parentPort, workerData } from 'worker_threads';
import { DatasetSummary } from '../../test/sandbox/datasets';
import { Sandbox, startSandbox } from '../../test/sandbox/server';
import { RequestLogEntry } from '../../test/sandbox/stats';
import { LargeDatasetParams } from '../../test/sandbox/types';
import { datasetShape, ShapeOptions } from './dataset-shape';
import { DatasetShape } from './minimum-requests';

export interface WorkerInput {
  largeParams: Partial<LargeDatasetParams>;
  latencyMs: number;
  referenceTime: number;
  shapeOptions: Omit<ShapeOptions, 'bitbucketOauthConsumers'>;
  /** Serve the CircleCI account as of this time (SandboxOptions.circleciAsOf). */
  circleciAsOf?: number;
  /** Report the ids of the pipelines created in [from, to] (WorkerReady.pipelineIds). */
  pipelineIdsBetween?: [number, number];
}

export interface WorkerReady {
  env: Record<string, string>;
  params?: LargeDatasetParams;
  summary: DatasetSummary;
  /** Computed once the main thread knows the consumer count; see below. */
  shape: DatasetShape;
  generationSeconds: number;
  pipelineIds?: string[];
}

export type MainToWorker =
  | { type: 'stats' }
  | { type: 'reset' }
  | { type: 'close' };

export type WorkerToMain =
  | { type: 'ready'; ready: WorkerReady }
  | { type: 'error'; message: string }
  | {
      type: 'stats';
      stats: Record<string, number>;
      log: RequestLogEntry[];
    }
  | { type: 'reset' }
  | { type: 'closed' };

/** OAuth consumers listed in the sandbox's env (comma-separated keys). */
function oauthConsumers(env: Record<string, string>): number {
  return (env.BITBUCKET_OAUTH_KEY ?? '')
    .split(',')
    .filter((key) => key.trim() !== '').length;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('sandbox-worker must run in a worker thread');
  const input = workerData as WorkerInput;
  const send = (message: WorkerToMain) => port.postMessage(message);
  let sandbox: Sandbox;
  try {
    const start = process.hrtime.bigint();
    sandbox = await startSandbox({
      port: 0,
      dataset: 'large',
      largeParams: input.largeParams,
      latencyMs: input.latencyMs,
      referenceTime: input.referenceTime,
      circleciAsOf: input.circleciAsOf,
    });
    const generationSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    const env = sandbox.env('both');
    const between = input.pipelineIdsBetween;
    send({
      type: 'ready',
      ready: {
        env,
        params: sandbox.dataset.params,
        summary: sandbox.datasetSummary(),
        shape: datasetShape(sandbox.dataset, {
          ...input.shapeOptions,
          bitbucketOauthConsumers: oauthConsumers(env),
        }),
        generationSeconds,
        pipelineIds: between
          ? sandbox.dataset.circleci.pipelines
              .filter((p) => {
                const t = Date.parse(p.created_at);
                return t >= between[0] && t <= between[1];
              })
              .map((p) => p.id)
          : undefined,
      },
    });
  } catch (err) {
    send({ type: 'error', message: String(err) });
    return;
  }
  port.on('message', (message: MainToWorker) => {
    if (message.type === 'stats') {
      send({
        type: 'stats',
        stats: sandbox.stats(),
        log: sandbox.requestLog(),
      });
    } else if (message.type === 'reset') {
      sandbox.resetStats();
      send({ type: 'reset' });
    } else {
      void sandbox.close().then(() => {
        send({ type: 'closed' });
        port.close();
      });
    }
  });
}

void main();
