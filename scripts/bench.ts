/**
 * `npm run bench`: the full collection of both vendors, in-process, against
 * the sandbox's `large` dataset with a per-request latency; prints ONE JSON
 * object on stdout (logs go to stderr).
 *
 *   npm run bench                              # scale 1, 20 ms latency
 *   npm run bench -- --scale 4 --latency 20
 *   npm run bench -- --compare-scales 1,4      # each scale in its own process
 *
 * Flags:
 *   --profile estate       the estate profile (scripts/bench/estate.ts): a
 *                          first run and an incremental second run a day later
 *   --scale N              multiplies the dataset (LargeDatasetParams.scale)
 *   --latency MS           added to every sandbox response (default 20)
 *   --compare-scales A,B   runs each scale in a separate child process (so
 *                          peak RSS is per run) and prints growth ratios
 *   --repeat N             with --compare-scales: N runs per scale,
 *                          alternating scales; the median wall time counts
 *   --no-schema-validation skip the SDK's per-entity schema validation
 *                          (default on, as `j1-integration collect` does)
 *   --activity-source S    per-pull-request or repository: every repository
 *                          reads its PR activity from that source (default:
 *                          the integration's per-repository rule)
 *   --sandbox-main-thread  run the sandbox on the main thread instead of its
 *                          own worker thread (default: worker, so the
 *                          simulators' CPU and latency timers do not share
 *                          the integration's event loop; a real vendor's
 *                          servers do not either)
 *
 * The dataset sizes the benchmark uses are BENCH_LARGE_PARAMS below (merged
 * over the sandbox's DEFAULT_LARGE_PARAMS); scale multiplies repositories
 * and users per Bitbucket workspace and projects per CircleCI organization.
 */
import { forceActivitySource } from '../src/bitbucket/steps/activitySource';
import { spawn } from 'child_process';
import { join } from 'path';
import { LargeDatasetParams } from '../test/sandbox/types';
import { SandboxThread } from './bench/bench-sandbox';
import { runEstate } from './bench/estate';
import { BenchmarkReport, runBenchmark, TARGETS } from './bench/run';

/**
 * Sized so the default run makes thousands of requests and still finishes
 * in well under two minutes on two cores at 20 ms latency.
 */
export const BENCH_LARGE_PARAMS: Partial<LargeDatasetParams> = {
  pipelinesPerProject: 24,
  pullRequestsPerRepo: 30,
};

interface Args {
  scale: number;
  latencyMs: number;
  compareScales?: number[];
  repeat: number;
  enableSchemaValidation: boolean;
  sandboxThread: SandboxThread;
  profile: 'default' | 'estate';
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function positiveNumber(flag: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value) || value < 0) {
    fail(`${flag} needs a non-negative number`);
  }
  return value;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = {
    scale: 1,
    latencyMs: 20,
    enableSchemaValidation: true,
    sandboxThread: 'worker',
    repeat: 1,
    profile: 'default',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    switch (flag) {
      case '--scale':
        args.scale = positiveNumber(flag, argv[++i]);
        if (!Number.isInteger(args.scale) || args.scale < 1) {
          fail('--scale needs a whole number >= 1');
        }
        break;
      case '--latency':
        args.latencyMs = positiveNumber(flag, argv[++i]);
        break;
      case '--compare-scales':
        args.compareScales = (argv[++i] ?? '')
          .split(',')
          .map((s) => positiveNumber(flag, s.trim()));
        if (args.compareScales.length < 2) {
          fail('--compare-scales needs at least two scales, e.g. 1,4');
        }
        break;
      case '--repeat':
        args.repeat = positiveNumber(flag, argv[++i]);
        if (!Number.isInteger(args.repeat) || args.repeat < 1) {
          fail('--repeat needs a whole number >= 1');
        }
        break;
      case '--no-schema-validation':
        args.enableSchemaValidation = false;
        break;
      case '--sandbox-main-thread':
        args.sandboxThread = 'main';
        break;
      case '--profile': {
        const profile = argv[++i];
        if (profile !== 'estate' && profile !== 'default') {
          fail('--profile needs "estate" or "default"');
        }
        args.profile = profile;
        break;
      }
      case '--activity-source': {
        const source = argv[++i];
        if (source !== 'per-pull-request' && source !== 'repository') {
          fail('--activity-source needs "per-pull-request" or "repository"');
        }
        // For comparing the sources: the rule's choice is the default.
        forceActivitySource(source);
        break;
      }
      case '--json-only':
        // Accepted for compatibility: stdout is always just the JSON.
        break;
      default:
        fail(`unknown flag ${flag}`);
    }
  }
  return args;
}

/** Runs one scale in a child process and returns its report. */
function runChild(
  scale: number,
  args: Args,
  stdout: (text: string) => void,
): Promise<BenchmarkReport> {
  const childArgs = [
    '-r',
    'ts-node/register/transpile-only',
    join(__dirname, 'bench.ts'),
    '--scale',
    String(scale),
    '--latency',
    String(args.latencyMs),
    ...(args.enableSchemaValidation ? [] : ['--no-schema-validation']),
    ...(args.sandboxThread === 'main' ? ['--sandbox-main-thread'] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs, {
      cwd: join(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let errTail = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    // The SDK logs every step to stderr; keep only the tail for errors.
    child.stderr.on('data', (chunk: Buffer) => {
      errTail = (errTail + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`scale ${scale} exited ${code}:\n${errTail}`));
        return;
      }
      try {
        resolve(JSON.parse(out) as BenchmarkReport);
      } catch (err) {
        stdout(out);
        reject(err);
      }
    });
  });
}

const r3 = (value: number) => Math.round(value * 1000) / 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The run whose wall time is the median of its scale's repeats (the lower
 * middle one for an even count); its CPU and load figures are reported.
 */
function medianRun(runs: BenchmarkReport[]): BenchmarkReport {
  const sorted = [...runs].sort((a, b) => a.wallSeconds - b.wallSeconds);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function compare(args: Args, stdout: (text: string) => void) {
  const scales = args.compareScales ?? [];
  const byScale = new Map<number, BenchmarkReport[]>();
  // Repeats alternate the scales, so a change in the machine's load
  // affects every scale alike.
  for (let repeat = 1; repeat <= args.repeat; repeat += 1) {
    for (const scale of scales) {
      process.stderr.write(
        `bench: scale ${scale} (repeat ${repeat}/${args.repeat}) in a child process\n`,
      );
      const run = await runChild(scale, args, stdout);
      byScale.set(scale, [...(byScale.get(scale) ?? []), run]);
    }
  }
  const summaries = scales.map((scale) => {
    const runs = byScale.get(scale) ?? [];
    const run = medianRun(runs);
    const wallSeconds = r3(median(runs.map((r) => r.wallSeconds)));
    return {
      scale,
      wallSeconds,
      wallSecondsPerRepeat: runs.map((r) => r.wallSeconds),
      mainThreadCpuSeconds: run.cpu.mainThreadSeconds,
      mainThreadRunQueueWaitSeconds: run.cpu.mainThreadRunQueueWaitSeconds,
      loadAverage1m: run.cpu.loadAverage1m,
      requests: run.requests.total,
      minimumRequests: run.minimumRequests.total,
      requestRatio: run.requestRatio,
      extraRequests: run.extraRequests,
      retries: run.retries,
      latencyBoundSeconds: run.latencyBound.seconds,
      wallOverLatencyBound: r3(wallSeconds / run.latencyBound.seconds),
      // The highest of the repeats: the memory target is a ceiling.
      peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
      graphObjects: run.graph.entities + run.graph.relationships,
      objectsPerSecond: run.graph.objectsPerSecond,
      allStepsSucceeded: runs.every((r) => r.targets.allStepsSucceeded.met),
    };
  });
  const base = summaries[0];
  const scaled = summaries.map((s) => ({
    ...s,
    timeGrowth: r3(s.wallSeconds / base.wallSeconds),
    mainThreadCpuGrowth:
      s.mainThreadCpuSeconds !== undefined &&
      base.mainThreadCpuSeconds !== undefined
        ? r3(s.mainThreadCpuSeconds / base.mainThreadCpuSeconds)
        : undefined,
    requestGrowth: r3(s.requests / base.requests),
    graphGrowth: r3(s.graphObjects / base.graphObjects),
    memoryGrowth: r3(s.peakRssMb / base.peakRssMb),
  }));
  const last = scaled[scaled.length - 1];
  return {
    command: `npm run bench -- --compare-scales ${scales.join(',')} --latency ${
      args.latencyMs
    }${args.repeat > 1 ? ` --repeat ${args.repeat}` : ''}`,
    latencyMs: args.latencyMs,
    repeats: args.repeat,
    note: 'each scale ran in its own child process (peak RSS is per run); wallSeconds is the median over repeats, peakRssMb the highest',
    scales: scaled,
    targets: {
      timeGrowth: {
        from: base.scale,
        to: last.scale,
        value: last.timeGrowth,
        max: TARGETS.maxTimeGrowth1to4,
        met: last.timeGrowth <= TARGETS.maxTimeGrowth1to4,
      },
      peakRssAtLargestScaleMb: {
        value: last.peakRssMb,
        max: TARGETS.maxPeakRssMbAtScale4,
        met: last.peakRssMb < TARGETS.maxPeakRssMbAtScale4,
      },
      perScale: scaled.map((s) => ({
        scale: s.scale,
        requestRatioMet: s.requestRatio <= TARGETS.maxRequestRatio,
        wallOverLatencyBoundMet:
          s.wallOverLatencyBound <= TARGETS.maxWallOverLatencyBound,
        allStepsSucceeded: s.allStepsSucceeded,
      })),
    },
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // The SDK's logger writes to stdout; stdout is reserved for the report.
  const realWrite = process.stdout.write.bind(process.stdout);
  const stdout = (text: string) => {
    realWrite(text);
  };
  process.stdout.write = process.stderr.write.bind(
    process.stderr,
  ) as typeof process.stdout.write;
  const report = args.compareScales
    ? await compare(args, stdout)
    : args.profile === 'estate'
    ? await runEstate({
        latencyMs: args.latencyMs,
        sandboxThread: args.sandboxThread,
        enableSchemaValidation: args.enableSchemaValidation,
      })
    : await runBenchmark({
        scale: args.scale,
        latencyMs: args.latencyMs,
        largeParams: BENCH_LARGE_PARAMS,
        enableSchemaValidation: args.enableSchemaValidation,
        sandboxThread: args.sandboxThread,
      });
  stdout(`${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(
    `bench: report written at ${new Date().toISOString()}\n`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exit(1);
  });
}
