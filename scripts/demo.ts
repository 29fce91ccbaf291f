/**
 * `npm run demo`: the whole integration, end to end, with no credentials.
 * Starts the sandbox (demo dataset) on a free loopback port, runs the real
 * `j1-integration collect` against it, fails when any step failed (collect
 * itself exits 0 on step failures), prints counts per _type and writes a
 * graph visualization that opens offline.
 */
import { spawn } from 'child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { startSandbox } from '../test/sandbox/server';
import { writeEvidencePage } from './evidence/page';

const root = resolve(__dirname, '..');
const storage = join(root, '.j1-integration');
const cli = join(root, 'node_modules', '.bin', 'j1-integration');

/** Runs a command without blocking this process: the sandbox serves it. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolveExit, reject) => {
    const child = spawn(cli, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolveExit(code ?? 1));
  });
}

function countGraphObjects(kind: 'entities' | 'relationships') {
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
 * The CLI's page loads vis-network from a CDN, so it renders blank offline;
 * inline the copy installed from npm instead.
 */
function bundleVisualization(htmlPath: string) {
  const library = readFileSync(
    join(root, 'node_modules/vis-network/standalone/umd/vis-network.min.js'),
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

async function main() {
  const sandbox = await startSandbox({ port: 0, dataset: 'demo' });
  let exitCode = 0;
  try {
    console.log(`Sandbox listening on ${sandbox.origin} (dataset: demo)`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...sandbox.env('both'),
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    };
    const collectExit = await run(['collect'], env);
    if (collectExit !== 0) {
      console.error(`j1-integration collect exited with ${collectExit}`);
      return collectExit;
    }
    const summary = JSON.parse(
      readFileSync(join(storage, 'summary.json'), 'utf8'),
    ) as { integrationStepResults: Array<{ id: string; status: string }> };
    const failed = summary.integrationStepResults.filter(
      (step) => step.status === 'failure',
    );

    console.log('\nEntities per _type:');
    console.table(countGraphObjects('entities'));
    console.log('Relationships per _type:');
    console.table(countGraphObjects('relationships'));
    console.log('Requests served by the sandbox per endpoint:');
    console.table(sandbox.stats());

    const htmlPath = join(storage, 'index.html');
    if ((await run(['visualize', '-o', htmlPath], env)) !== 0) {
      console.error('j1-integration visualize failed');
      exitCode = 1;
    } else {
      bundleVisualization(htmlPath);
      console.log(`Graph visualization (opens offline): ${htmlPath}`);
    }

    const evidencePath = join(storage, 'evidence.html');
    writeEvidencePage(storage, evidencePath);
    console.log(`Evidence page (opens offline): ${evidencePath}`);

    if (failed.length > 0) {
      console.error(
        `Steps failed: ${failed
          .map((step) => step.id)
          .join(', ')} (see the collect log above)`,
      );
      exitCode = 1;
    }
    return exitCode;
  } finally {
    await sandbox.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
