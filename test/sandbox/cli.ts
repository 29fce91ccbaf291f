/**
 * `npm run sandbox [-- flags]`: runs the vendor sandbox on loopback until
 * Ctrl-C and prints the `.env` lines that point the integration at it.
 * See test/sandbox/README.md for the flags, datasets and fault kinds.
 */
import { readFileSync } from 'fs';
import { DatasetKind } from './datasets';
import { FaultRule, parseFaultRules } from './faults';
import { SandboxOptions, startSandbox } from './server';
import { LargeDatasetParams } from './types';

export const DEFAULT_CLI_PORT = 4599;

const USAGE = `Usage: npm run sandbox -- [flags]

  --port <n>                      loopback port (default ${DEFAULT_CLI_PORT}; 0 = any free port)
  --dataset demo|large            dataset to serve (default demo)
  --scale <n>                     large dataset: multiply repos/users/projects
  --large <key>=<n>               large dataset: any LargeDatasetParams knob (repeatable)
  --seed <n>                      dataset seed (default fixed)
  --reference-time <iso|ms>       time the dataset is generated relative to (default now)
  --latency <ms>                  added to every response
  --jitter <ms>                   up to this much more per response (seeded)
  --circleci-page-size <n>        CircleCI items per page (default 20)
  --bitbucket-page-size-cap <n>   cap below the requested Bitbucket pagelen
  --token-ttl <seconds>           Bitbucket OAuth token lifetime (default 3600)
  --pipeline-org-project-limit <n> projects GET /pipeline?org-slug= covers (default 250)
  --fault '<json>'                a fault rule, e.g. '{"kind":"rate-limit","vendor":"circleci","times":3}' (repeatable)
  --faults-file <path>            a JSON file holding a rule or an array of rules
  --help                          this text
`;

const LARGE_KEYS: Array<keyof LargeDatasetParams> = [
  'workspaces',
  'reposPerWorkspace',
  'usersPerWorkspace',
  'pullRequestsPerRepo',
  'orgs',
  'projectsPerOrg',
  'pipelinesPerProject',
  'workflowsPerPipeline',
  'jobsPerWorkflow',
  'scale',
];

function number(flag: string, value: string | undefined): number {
  const parsed = Number(value);
  if (value === undefined || !Number.isFinite(parsed) || parsed < 0) {
    throw new Error(`${flag} needs a non-negative number, got "${value}"`);
  }
  return parsed;
}

export function parseCliArgs(argv: string[]): SandboxOptions | 'help' {
  const options: SandboxOptions = { port: DEFAULT_CLI_PORT };
  const faults: FaultRule[] = [];
  const large: Partial<LargeDatasetParams> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = (): string => {
      i += 1;
      const v = argv[i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--port':
        options.port = number(flag, value());
        break;
      case '--dataset': {
        const kind = value();
        if (kind !== 'demo' && kind !== 'large') {
          throw new Error(`--dataset is demo or large, got "${kind}"`);
        }
        options.dataset = kind as DatasetKind;
        break;
      }
      case '--scale':
        large.scale = number(flag, value());
        break;
      case '--large': {
        const [key, raw] = value().split('=');
        if (!LARGE_KEYS.includes(key as keyof LargeDatasetParams)) {
          throw new Error(
            `--large key must be one of ${LARGE_KEYS.join(', ')}, got "${key}"`,
          );
        }
        large[key as keyof LargeDatasetParams] = number(flag, raw);
        break;
      }
      case '--seed':
        options.seed = number(flag, value());
        break;
      case '--reference-time': {
        const raw = value();
        const parsed = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
        if (!Number.isFinite(parsed)) {
          throw new Error(`--reference-time is an ISO date or epoch ms`);
        }
        options.referenceTime = parsed;
        break;
      }
      case '--latency':
        options.latencyMs = number(flag, value());
        break;
      case '--jitter':
        options.jitterMs = number(flag, value());
        break;
      case '--circleci-page-size':
        options.circleciPageSize = number(flag, value());
        break;
      case '--bitbucket-page-size-cap':
        options.bitbucketPageSizeCap = number(flag, value());
        break;
      case '--token-ttl':
        options.tokenTtlSeconds = number(flag, value());
        break;
      case '--pipeline-org-project-limit':
        options.pipelineOrgProjectLimit = number(flag, value());
        break;
      case '--fault':
        faults.push(...parseFaultRules(JSON.parse(value()) as unknown));
        break;
      case '--faults-file':
        faults.push(
          ...parseFaultRules(
            JSON.parse(readFileSync(value(), 'utf8')) as unknown,
          ),
        );
        break;
      default:
        throw new Error(`Unknown flag ${flag}\n\n${USAGE}`);
    }
  }
  if (Object.keys(large).length > 0) options.largeParams = large;
  if (faults.length > 0) options.faults = faults;
  return options;
}

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(USAGE);
    return;
  }
  const sandbox = await startSandbox(parsed);
  console.log(
    `Vendor sandbox (dataset ${parsed.dataset ?? 'demo'}) on ${sandbox.origin}`,
  );
  console.log('\n# .env lines for the integration:');
  for (const [key, value] of Object.entries(sandbox.env('both'))) {
    console.log(`${key}=${value}`);
  }
  console.log('\n# Dataset (exact counts):');
  console.log(JSON.stringify(sandbox.datasetSummary(), null, 2));
  if (parsed.faults) {
    console.log(`\n# ${parsed.faults.length} fault rule(s) active`);
  }
  console.log('\nCtrl-C to stop.');
  const stop = (): void => {
    console.log('\nRequests served:');
    console.log(JSON.stringify(sandbox.stats(), null, 2));
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
