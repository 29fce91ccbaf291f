/**
 * `npm run collect`: `j1-integration collect` with the configuration from
 * the environment and `.env` (as the CLI reads it), a terminal output a
 * person can read, and a summary at the end (see lib/collect-run.ts). Also
 * writes the graph picture with its library inlined and the evidence page
 * (the managed questions' answers), both opening offline.
 *
 *   npm run collect                   concise output, full log in .j1-integration/collect.log
 *   npm run collect -- --verbose      the CLI's own output, unchanged
 *   npm run collect -- --step a,b     any other argument goes to the CLI
 *
 * Exits 1 when the collection could not run or any step failed (the CLI
 * itself exits 0 when steps fail).
 */
import { join } from 'path';
import { writeEvidencePage } from './evidence/page';
import {
  collectEnv,
  PROJECT_ROOT,
  runCli,
  summaryLines,
  writePicture,
  classifySteps,
  readStepResults,
} from './lib/collect-run';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const verbose = argv.includes('--verbose');
  const cliArgs = argv.filter((arg) => arg !== '--verbose');
  const storage = join(PROJECT_ROOT, '.j1-integration');
  const logFile = join(storage, 'collect.log');
  const env = collectEnv(process.env);
  if (!verbose) console.log(`Collecting (full log: ${logFile}) ...`);
  const run = await runCli({
    args: ['collect', ...cliArgs],
    cwd: PROJECT_ROOT,
    env,
    verbose,
    logFile,
  });
  const picture =
    run.exitCode === 0
      ? await writePicture(storage, env, PROJECT_ROOT)
      : undefined;
  let evidence: string | undefined;
  if (run.exitCode === 0) {
    evidence = join(storage, 'evidence.html');
    writeEvidencePage(storage, evidence);
  }
  for (const line of summaryLines({
    run,
    storage,
    logFile,
    picture,
    evidence,
  })) {
    console.log(line);
  }
  const steps = readStepResults(storage);
  const failed =
    steps && run.exitCode === 0
      ? classifySteps(steps, run.warnings).failed.length
      : 0;
  return run.exitCode !== 0 || failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
