/**
 * The benchmark's handle on the sandbox, wherever it runs: on a worker
 * thread (default: its CPU and timers do not share the integration's event
 * loop) or on the main thread (`--sandbox-main-thread`, to show what the
 * shared loop costs).
 */
import { join } from 'path';
import { Worker } from 'worker_threads';
import { startSandbox } from '../../test/sandbox/server';
import { RequestLogEntry } from '../../test/sandbox/stats';
import { datasetShape } from './dataset-shape';
import {
  MainToWorker,
  WorkerInput,
  WorkerReady,
  WorkerToMain,
} from './sandbox-worker';

export interface BenchSandbox {
  ready: WorkerReady;
  resetStats(): Promise<void>;
  stats(): Promise<{ stats: Record<string, number>; log: RequestLogEntry[] }>;
  close(): Promise<void>;
}

export type SandboxThread = 'worker' | 'main';

async function startMainThread(input: WorkerInput): Promise<BenchSandbox> {
  const start = process.hrtime.bigint();
  const sandbox = await startSandbox({
    port: 0,
    dataset: 'large',
    largeParams: input.largeParams,
    latencyMs: input.latencyMs,
    referenceTime: input.referenceTime,
    circleciAsOf: input.circleciAsOf,
  });
  const generationSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const env = sandbox.env('both');
  const consumers = (env.BITBUCKET_OAUTH_KEY ?? '')
    .split(',')
    .filter((key) => key.trim() !== '').length;
  return {
    ready: {
      env,
      params: sandbox.dataset.params,
      summary: sandbox.datasetSummary(),
      shape: datasetShape(sandbox.dataset, {
        ...input.shapeOptions,
        bitbucketOauthConsumers: consumers,
      }),
      generationSeconds,
      pipelineIds: input.pipelineIdsBetween
        ? sandbox.dataset.circleci.pipelines
            .filter((p) => {
              const t = Date.parse(p.created_at);
              const [from, to] = input.pipelineIdsBetween ?? [0, 0];
              return t >= from && t <= to;
            })
            .map((p) => p.id)
        : undefined,
    },
    resetStats: async () => sandbox.resetStats(),
    stats: async () => ({ stats: sandbox.stats(), log: sandbox.requestLog() }),
    close: () => sandbox.close(),
  };
}

async function startWorker(input: WorkerInput): Promise<BenchSandbox> {
  // Workers do not inherit ts-node's require hook: register it there.
  const entry = join(__dirname, 'sandbox-worker.ts');
  const worker = new Worker(
    `require('ts-node').register({ transpileOnly: true });\nrequire(${JSON.stringify(
      entry,
    )});`,
    { eval: true, workerData: input },
  );
  const next = <T extends WorkerToMain['type']>(
    type: T,
  ): Promise<Extract<WorkerToMain, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: WorkerToMain) => {
        if (message.type === 'error') {
          cleanup();
          reject(new Error(`sandbox worker: ${message.message}`));
        } else if (message.type === type) {
          cleanup();
          resolve(message as Extract<WorkerToMain, { type: T }>);
        }
      };
      const onError = (err: Error) => {
        cleanup();
        reject(err);
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
    });
  const send = (message: MainToWorker) => worker.postMessage(message);
  const { ready } = await next('ready');
  return {
    ready,
    async resetStats() {
      const done = next('reset');
      send({ type: 'reset' });
      await done;
    },
    async stats() {
      const answer = next('stats');
      send({ type: 'stats' });
      const { stats, log } = await answer;
      return { stats, log };
    },
    async close() {
      const closed = next('closed');
      send({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}

export function startBenchSandbox(
  thread: SandboxThread,
  input: WorkerInput,
): Promise<BenchSandbox> {
  return thread === 'worker' ? startWorker(input) : startMainThread(input);
}
