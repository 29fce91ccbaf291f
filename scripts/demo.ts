/**
 * `npm run demo`: the whole integration, end to end, with no credentials.
 * Starts the sandbox (demo dataset) on a free loopback port, runs the real
 * `j1-integration collect` against it, writes a graph picture that opens
 * offline, and ends with a summary. Fails when any step failed (collect
 * itself exits 0 on step failures).
 *
 * The demo is the main job, so like `npm run collect` it writes its
 * collection to the project's `.j1-integration/` (replacing what is there).
 * It never reads the project's `.env`: every config field is set explicitly
 * (empty when unused) and the CLI runs from an empty folder, because the
 * CLI loads `.env` from its working directory (dotenv) for any field the
 * environment leaves unset.
 *
 *   npm run demo                         at most about 60 lines; full log in .j1-integration/collect.log
 *   npm run demo -- --verbose            the CLI's own output and full tables
 *   npm run demo -- --project-dir DIR    write DIR/.j1-integration instead (tests use a temporary DIR)
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { instanceConfigFields, envVarName } from '../src/config';
import { startSandbox } from '../test/sandbox/server';
import { writeEvidencePage } from './evidence/page';
import {
  classifySteps,
  collectEnv,
  PROJECT_ROOT,
  readStepResults,
  runCli,
  summaryLines,
  writePicture,
} from './lib/collect-run';
function countGraphObjects(
  storage: string,
  kind: 'entities' | 'relationships',
) {
  const counts: Record<string, number> = {};
  const graph = join(storage, 'graph');
  for (const stepDir of readdirSync(graph)) {
    const dir = join(graph, stepDir, kind);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      const content = JSON.parse(
        readFileSync(join(dir, file), 'utf8'),
      ) as Record<string, Array<{ _type: string }>>;
      for (const object of content[kind] ?? []) {
        counts[object._type] = (counts[object._type] ?? 0) + 1;
      }
    }
  }
  return Object.fromEntries(
    Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)),
  );
}

/**
 * `label (total): a 1, b 2, ...` wrapped to about 120 characters (the
 * demo's whole output stays within 60 lines, test/demo.test.ts).
 */
function compactCounts(label: string, counts: Record<string, number>) {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const items = Object.entries(counts).map(([type, n]) => `${type} ${n}`);
  const lines: string[] = [];
  let current = `${label} (${total} of ${items.length} types):`;
  for (const item of items) {
    if (current.length + item.length + 2 > 120) {
      lines.push(`${current},`.replace(/:,$/, ':'));
      current = `  ${item}`;
    } else {
      current += current.endsWith(':') ? ` ${item}` : `, ${item}`;
    }
  }
  lines.push(current);
  return lines;
}

function argument(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

/**
 * The folder `j1-integration collect -p` is given: the project itself, or a
 * folder whose `src` links to the project's, so the collection lands in
 * `<dir>/.j1-integration` (the CLI derives that path from -p).
 */
function projectDirFor(requested: string | undefined): string {
  if (!requested) return PROJECT_ROOT;
  const dir = resolve(requested);
  if (dir === PROJECT_ROOT) return dir;
  mkdirSync(dir, { recursive: true });
  const src = join(dir, 'src');
  if (!existsSync(src)) symlinkSync(join(PROJECT_ROOT, 'src'), src, 'dir');
  return dir;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const verbose = argv.includes('--verbose');
  const projectDir = projectDirFor(argument(argv, '--project-dir'));
  const storage = join(projectDir, '.j1-integration');
  const logFile = join(storage, 'collect.log');
  // The CLI reads .env from its working directory: give it one without.
  const cwd = mkdtempSync(join(tmpdir(), 'j1-demo-cwd-'));

  const sandbox = await startSandbox({ port: 0, dataset: 'demo' });
  try {
    console.log(`Sandbox listening on ${sandbox.origin} (dataset: demo)`);
    console.log(
      `Collecting into ${storage} (replacing what is there, as npm run collect does); the project's .env is not read.`,
    );
    const configEnv: Record<string, string> = {};
    for (const field of Object.keys(instanceConfigFields)) {
      configEnv[envVarName(field)] = '';
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...configEnv,
      ...sandbox.env('both'),
      ...collectEnv({ LOG_LEVEL: process.env.LOG_LEVEL }),
      // ts-node looks for tsconfig.json from the working directory.
      TS_NODE_PROJECT: join(PROJECT_ROOT, 'tsconfig.json'),
    };
    const run = await runCli({
      args: ['collect', '--project-path', projectDir],
      cwd,
      env,
      verbose,
      logFile,
    });
    const picture =
      run.exitCode === 0 ? await writePicture(storage, env, cwd) : undefined;
    let evidence: string | undefined;
    if (run.exitCode === 0) {
      evidence = join(storage, 'evidence.html');
      writeEvidencePage(storage, evidence);
    }

    const extra: string[] = [];
    const steps = readStepResults(storage);
    if (run.exitCode === 0 && steps) {
      const entities = countGraphObjects(storage, 'entities');
      const relationships = countGraphObjects(storage, 'relationships');
      if (verbose) {
        console.log('\nEntities per _type:');
        console.table(entities);
        console.log('Relationships per _type:');
        console.table(relationships);
        console.log('Requests served by the sandbox per endpoint:');
        console.table(sandbox.stats());
      }
      extra.push(...compactCounts('Entities', entities));
      extra.push(...compactCounts('Relationships', relationships));
      extra.push(
        `The sandbox served ${sandbox.stats().total ?? 0} requests in all.`,
      );
    }
    for (const line of summaryLines({
      run,
      storage,
      logFile,
      picture,
      evidence,
      extra,
    })) {
      console.log(line);
    }

    if (run.exitCode !== 0) {
      console.error(`j1-integration collect exited with ${run.exitCode}`);
      return run.exitCode;
    }
    let exitCode = 0;
    if (!picture) {
      console.error('j1-integration visualize failed');
      exitCode = 1;
    }
    const failed = steps ? classifySteps(steps, run.warnings).failed : [];
    if (failed.length > 0) {
      console.error(`Steps failed: ${failed.join(', ')} (see ${logFile})`);
      exitCode = 1;
    }
    return exitCode;
  } finally {
    await sandbox.close();
    rmSync(cwd, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
