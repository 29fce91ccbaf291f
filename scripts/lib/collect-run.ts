/**
 * Runs `j1-integration collect` (or another CLI command) for a person at a
 * terminal: the full log goes to a file, the terminal gets what matters.
 *
 * The CLI's own output is built for debugging: every metric as pretty JSON,
 * and a configuration error printed three times with stack traces (the
 * runtime's ERROR log line, then the thrown error, then its fields). Here,
 * by default, the terminal shows errors once, without stack traces, and a
 * summary at the end: step results, every warning as one WARN line,
 * requests per vendor, and where the output is. `verbose` prints the CLI's
 * output unchanged.
 */
import { spawn } from 'child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  copyFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { createInterface } from 'readline';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');
const CLI = join(PROJECT_ROOT, 'node_modules', '.bin', 'j1-integration');

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const LOG_LINE =
  /^\d{2}:\d{2}:\d{2}\.\d{3}Z\s+(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+(?:\S+?: )?(.*)$/;
/** A thrown error as Node prints it: `IntegrationValidationError: ...`. */
const ERROR_HEADER = /^([A-Z][A-Za-z]*Error)(?:: (.*))?$/;
const STEP_FIELD = /\(stepId=([^,)]+)/;

export interface Warning {
  stepId?: string;
  message: string;
}

export interface CliRun {
  exitCode: number;
  /** Lines shown on the terminal (verbose or not). */
  printed: string[];
  warnings: Warning[];
  /** Error lines as shown (first line of each log ERROR, thrown errors once). */
  errors: string[];
  /** Requests per vendor, from the package's own request-count log lines. */
  requests: { CircleCI?: number; Bitbucket?: number };
}

export interface CliRunOptions {
  args: string[];
  /** The CLI reads `.env` from here (dotenv); the demo uses an empty folder. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  verbose: boolean;
  /** Where the complete log is copied once the run ends. */
  logFile: string;
  print?: (line: string) => void;
}

/** Strips the logger's trailing `(stepId=..., warning=...)` fields. */
function warningText(rest: string): Warning {
  const stepId = STEP_FIELD.exec(rest)?.[1];
  const message = rest.replace(/\s*\((?:stepId|warning)=[^)]*\)\s*$/, '');
  return { stepId, message };
}

/**
 * The run's request total so far from one of the package's request-count
 * lines ("CircleCI requests so far: requests=N ..." or "<step> made n
 * Bitbucket requests ...; run totals: requests=N ..."). The vendor is read
 * from the message, never from the stepId field: the logger moves that field
 * to a line of its own when the message is long, and a step of one vendor's
 * transport may carry a cross-vendor id.
 */
export function requestCountOf(
  message: string,
): { vendor: 'CircleCI' | 'Bitbucket'; requests: number } | undefined {
  const match =
    /^(CircleCI|Bitbucket) requests so far: requests=(\d+)/.exec(message) ??
    /\bmade \d+ (CircleCI|Bitbucket) requests\b.*\brun totals: requests=(\d+)/.exec(
      message,
    );
  if (!match) return undefined;
  return {
    vendor: match[1] as 'CircleCI' | 'Bitbucket',
    requests: Number(match[2]),
  };
}

/** Classifies the CLI's output line by line (a small state machine). */
class OutputFilter {
  readonly warnings: Warning[] = [];
  readonly errors: string[] = [];
  readonly requests: CliRun['requests'] = {};
  private mode: 'normal' | 'continuation' | 'error-message' = 'normal';

  /** Returns the line to show in concise mode, or undefined. */
  take(raw: string): string | undefined {
    const line = raw.replace(ANSI, '');
    const log = LOG_LINE.exec(line);
    if (log) {
      this.mode = 'continuation';
      return this.logLine(log[1], log[2]);
    }
    const header = ERROR_HEADER.exec(line);
    if (header) {
      this.mode = 'error-message';
      this.errors.push(line);
      return line;
    }
    if (this.mode === 'error-message') {
      if (/^\s+at\s/.test(line) || /^\s*[{}]/.test(line)) {
        this.mode = 'continuation';
        return undefined;
      }
      this.errors.push(line);
      return line;
    }
    if (this.mode === 'continuation' && /^(\s|[{}\]])/.test(line)) {
      return undefined;
    }
    this.mode = 'normal';
    return undefined;
  }

  private logLine(level: string, rest: string): string | undefined {
    const count = requestCountOf(rest);
    if (count) {
      // The counts are running totals: the largest is the run's.
      this.requests[count.vendor] = Math.max(
        this.requests[count.vendor] ?? 0,
        count.requests,
      );
    }
    // The runtime logs a failed validation (WARN or ERROR by error class),
    // then the CLI prints the thrown error: show it once, as thrown.
    if (/^Error occurred while validating integration configuration/.test(rest))
      return undefined;
    if (level === 'WARN') {
      this.warnings.push(warningText(rest));
      return undefined; // listed once, in the summary
    }
    if (level === 'ERROR' || level === 'FATAL') {
      this.errors.push(rest);
      return `ERROR ${rest}`;
    }
    return undefined;
  }
}

/** Runs the CLI; resolves when it exits (it never rejects on a failed run). */
export async function runCli(options: CliRunOptions): Promise<CliRun> {
  const print = options.print ?? ((line: string) => console.log(line));
  const scratch = mkdtempSync(join(tmpdir(), 'j1-run-log-'));
  const scratchLog = join(scratch, 'collect.log');
  const log = createWriteStream(scratchLog);
  const printed: string[] = [];
  const show = (line: string) => {
    printed.push(line);
    print(line);
  };

  const child = spawn(CLI, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // One filter per stream: the log goes to stdout, thrown errors to stderr,
  // and their lines interleave.
  const outFilter = new OutputFilter();
  const errFilter = new OutputFilter();
  const consume = (stream: NodeJS.ReadableStream, filter: OutputFilter) =>
    new Promise<void>((done) => {
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      lines.on('line', (line) => {
        log.write(`${line.replace(ANSI, '')}\n`);
        const concise = filter.take(line);
        if (options.verbose) show(line);
        else if (concise !== undefined) show(concise);
      });
      lines.on('close', done);
    });
  const exitCode = await new Promise<number>((done, fail) => {
    child.on('error', fail);
    const streams = Promise.all([
      consume(child.stdout, outFilter),
      consume(child.stderr, errFilter),
    ]);
    child.on('close', (code) => {
      void streams.then(() => done(code ?? 1));
    });
  });
  await new Promise<void>((done) => log.end(done));
  // The runtime empties the output folder when a run starts, so the log is
  // kept aside until the run ends.
  mkdirSync(resolve(options.logFile, '..'), { recursive: true });
  try {
    renameSync(scratchLog, options.logFile);
  } catch {
    copyFileSync(scratchLog, options.logFile);
  }
  rmSync(scratch, { recursive: true, force: true });
  return {
    exitCode,
    printed,
    warnings: [...outFilter.warnings, ...errFilter.warnings],
    errors: [...outFilter.errors, ...errFilter.errors],
    requests: { ...errFilter.requests, ...outFilter.requests },
  };
}

export interface StepResult {
  id: string;
  status: string;
}

export function readStepResults(storage: string): StepResult[] | undefined {
  const file = join(storage, 'summary.json');
  if (!existsSync(file)) return undefined;
  const summary = JSON.parse(readFileSync(file, 'utf8')) as {
    integrationStepResults: StepResult[];
  };
  return summary.integrationStepResults;
}

/**
 * ok: succeeded without a warning; partial: succeeded but published a
 * warning (something was skipped), or ran on a failed dependency's partial
 * data; failed: the step failed.
 */
export function classifySteps(steps: StepResult[], warnings: Warning[]) {
  const warned = new Set(warnings.map((w) => w.stepId));
  const result = {
    ok: [] as string[],
    partial: [] as string[],
    failed: [] as string[],
    disabled: [] as string[],
  };
  for (const step of steps) {
    if (step.status === 'failure') result.failed.push(step.id);
    else if (step.status === 'disabled') result.disabled.push(step.id);
    else if (
      step.status === 'partial_success_due_to_dependency_failure' ||
      warned.has(step.id)
    )
      result.partial.push(step.id);
    else result.ok.push(step.id);
  }
  return result;
}

export interface SummaryInput {
  run: CliRun;
  storage: string;
  logFile: string;
  picture?: string;
  /** The evidence page: answers of the managed questions, with the graph. */
  evidence?: string;
  /** Extra lines (the demo's graph counts), printed before the totals. */
  extra?: string[];
}

/** The closing summary; returns its lines. */
export function summaryLines(input: SummaryInput): string[] {
  const { run, storage, logFile, picture, evidence } = input;
  const lines: string[] = ['', '── Summary ──'];
  const steps = readStepResults(storage);
  if (steps && run.exitCode === 0) {
    const c = classifySteps(steps, run.warnings);
    lines.push(
      `Steps: ${c.ok.length} ok, ${c.partial.length} partial, ${
        c.failed.length
      } failed${c.disabled.length ? `, ${c.disabled.length} disabled` : ''}`,
    );
    if (c.partial.length) lines.push(`  partial: ${c.partial.join(', ')}`);
    if (c.failed.length) lines.push(`  failed: ${c.failed.join(', ')}`);
  } else {
    lines.push(
      `The collection did not run (exit code ${run.exitCode}); see the error above.`,
    );
  }
  lines.push(`Warnings: ${run.warnings.length}`);
  for (const warning of run.warnings) {
    lines.push(
      `WARN ${warning.stepId ? `[${warning.stepId}] ` : ''}${warning.message}`,
    );
  }
  const requests = (['CircleCI', 'Bitbucket'] as const)
    .filter((vendor) => run.requests[vendor] !== undefined)
    .map((vendor) => `${vendor} ${run.requests[vendor]}`)
    .join(', ');
  lines.push(`Requests: ${requests || 'none counted'}`);
  lines.push(...(input.extra ?? []));
  if (steps) lines.push(`Output: ${storage} (summary.json, graph/)`);
  if (picture) lines.push(`Picture: ${picture} (opens offline)`);
  if (evidence) {
    lines.push(
      `Evidence: ${evidence} (answers of the managed questions; opens offline)`,
    );
  }
  lines.push(`Full log: ${logFile}`);
  return lines;
}

/**
 * The CLI's visualization page loads vis-network from a CDN, so it renders
 * blank offline; inline the copy installed from npm instead.
 */
export function bundleVisualization(htmlPath: string): void {
  const library = readFileSync(
    join(
      PROJECT_ROOT,
      'node_modules/vis-network/standalone/umd/vis-network.min.js',
    ),
    'utf8',
  ).replace(/<\/script/gi, '<\\/script');
  const html = readFileSync(htmlPath, 'utf8');
  const cdnTag =
    /<script type="text\/javascript" src="https:\/\/unpkg\.com\/vis-network@[^"]+"><\/script>/;
  if (!cdnTag.test(html)) {
    throw new Error(
      `Unexpected visualization page: no vis-network tag in ${htmlPath}`,
    );
  }
  writeFileSync(
    htmlPath,
    html.replace(
      cdnTag,
      () => `<script type="text/javascript">${library}</script>`,
    ),
  );
}

/** Writes `<storage>/index.html` from `<storage>/graph`, library inlined. */
export async function writePicture(
  storage: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<string | undefined> {
  const htmlPath = join(storage, 'index.html');
  const graph = join(storage, 'graph');
  if (!existsSync(graph) || readdirSync(graph).length === 0) return undefined;
  const exitCode = await new Promise<number>((done, fail) => {
    const child = spawn(
      CLI,
      ['visualize', '--data-dir', graph, '--output-file', htmlPath],
      { cwd, env, stdio: 'ignore' },
    );
    child.on('error', fail);
    child.on('exit', (code) => done(code ?? 1));
  });
  if (exitCode !== 0) return undefined;
  bundleVisualization(htmlPath);
  return htmlPath;
}

/**
 * The environment `npm run collect` gives the CLI: the user's, with the
 * runtime's AWS SDK v2 end-of-support notice switched off and a log level
 * that keeps WARN lines and request counts.
 */
export function collectEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...base,
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    LOG_LEVEL: logLevel(base),
  };
}

/**
 * The child's log level: info, so WARN lines and the request counts reach
 * the log file, unless the user asked for more detail.
 */
export function logLevel(env: NodeJS.ProcessEnv): string {
  const wanted = (env.LOG_LEVEL ?? '').toLowerCase();
  return wanted === 'debug' || wanted === 'trace' ? wanted : 'info';
}
