/**
 * `npm run compare-graphs -- <before> <after>`: compares two
 * `j1-integration collect` output folders key for key, so a refactor can show
 * that the graph it writes is unchanged. Prints keys only in one side, and
 * keys whose properties differ (with the first differing properties); exits 1
 * when anything differs. `--ignore prop1,prop2` leaves properties out of the
 * comparison. `--across-runs` compares two runs against the sandbox, whose
 * demo data is dated relative to the moment it is served and which listens
 * on a free loopback port: every time (epoch milliseconds or an ISO string,
 * at any depth, _rawData included) is compared after removing the one time
 * shift between the two runs, and loopback ports are ignored. Any other
 * difference, or a time that moved by another amount, is still reported.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

type GraphObject = Record<string, unknown> & { _key: string; _type: string };

export interface GraphSnapshot {
  entities: Map<string, GraphObject>;
  relationships: Map<string, GraphObject>;
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** Reads every graph file of a collection folder (its `graph/` tree). */
export function readGraph(collectionDir: string): GraphSnapshot {
  const graphDir = join(collectionDir, 'graph');
  if (!existsSync(graphDir)) {
    throw new Error(
      `${collectionDir} holds no graph/ folder: is it a j1-integration collect output?`,
    );
  }
  const snapshot: GraphSnapshot = {
    entities: new Map(),
    relationships: new Map(),
  };
  for (const file of jsonFiles(graphDir)) {
    const content = JSON.parse(readFileSync(file, 'utf8')) as {
      entities?: GraphObject[];
      relationships?: GraphObject[];
    };
    for (const entity of content.entities ?? []) {
      snapshot.entities.set(entity._key, entity);
    }
    for (const relationship of content.relationships ?? []) {
      snapshot.relationships.set(relationship._key, relationship);
    }
  }
  return snapshot;
}

export interface GraphDifference {
  kind: 'entity' | 'relationship';
  key: string;
  type: string;
  change: 'only-before' | 'only-after' | 'properties';
  properties?: string[];
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_name, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) =>
            a.localeCompare(b),
          ),
        )
      : inner,
  );
}

/** Epoch milliseconds of a time value (2001..2286), else undefined. */
function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value >= 1e12 && value < 1e13 ? value : undefined;
  }
  if (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(
      value,
    )
  ) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

const LOOPBACK_PORT = /(\/\/(?:127\.0\.0\.1|localhost)):\d+/g;

/**
 * Equal across two runs: times equal or moved by exactly `shift` (the data
 * the sandbox dates relative to now) at any depth, strings equal but for a
 * loopback port, everything else equal.
 */
function sameAcrossRuns(
  before: unknown,
  after: unknown,
  shift: number,
): boolean {
  const a = timeOf(before);
  const b = timeOf(after);
  if (a !== undefined && b !== undefined) return b - a === 0 || b - a === shift;
  if (typeof before === 'string' && typeof after === 'string') {
    return (
      before.replace(LOOPBACK_PORT, '$1:PORT') ===
      after.replace(LOOPBACK_PORT, '$1:PORT')
    );
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    return (
      before.length === after.length &&
      before.every((value, i) => sameAcrossRuns(value, after[i], shift))
    );
  }
  if (
    before &&
    after &&
    typeof before === 'object' &&
    typeof after === 'object' &&
    !Array.isArray(before) &&
    !Array.isArray(after)
  ) {
    const b = after as Record<string, unknown>;
    const names = new Set([...Object.keys(before), ...Object.keys(b)]);
    return [...names].every((name) =>
      sameAcrossRuns((before as Record<string, unknown>)[name], b[name], shift),
    );
  }
  return before === after;
}

/** Adds the time shifts of the values both sides hold at the same place. */
function collectShifts(
  before: unknown,
  after: unknown,
  shifts: Map<number, number>,
): void {
  const a = timeOf(before);
  const b = timeOf(after);
  if (a !== undefined && b !== undefined) {
    shifts.set(b - a, (shifts.get(b - a) ?? 0) + 1);
    return;
  }
  if (
    before &&
    after &&
    typeof before === 'object' &&
    typeof after === 'object'
  ) {
    for (const [name, value] of Object.entries(before)) {
      collectShifts(value, (after as Record<string, unknown>)[name], shifts);
    }
  }
}

/**
 * The time shift between two runs: the most common difference between the
 * times both graphs hold at the same place (0 when they hold none).
 */
export function runShift(before: GraphSnapshot, after: GraphSnapshot): number {
  const shifts = new Map<number, number>();
  for (const kind of ['entities', 'relationships'] as const) {
    for (const [key, object] of before[kind]) {
      const other = after[kind].get(key);
      if (other) collectShifts(object, other, shifts);
    }
  }
  let best = 0;
  let count = 0;
  for (const [shift, n] of shifts) {
    if (n > count) [best, count] = [shift, n];
  }
  return best;
}

function differingProperties(
  before: GraphObject,
  after: GraphObject,
  ignore: Set<string>,
  shift: number | undefined,
): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const same = (a: unknown, b: unknown) =>
    shift === undefined ? stable(a) === stable(b) : sameAcrossRuns(a, b, shift);
  return [...names]
    .filter((name) => !ignore.has(name))
    .filter((name) => !same(before[name], after[name]))
    .sort();
}

function compareMaps(
  kind: GraphDifference['kind'],
  before: Map<string, GraphObject>,
  after: Map<string, GraphObject>,
  ignore: Set<string>,
  shift: number | undefined,
): GraphDifference[] {
  const differences: GraphDifference[] = [];
  for (const [key, object] of before) {
    const other = after.get(key);
    if (!other) {
      differences.push({
        kind,
        key,
        type: object._type,
        change: 'only-before',
      });
      continue;
    }
    const properties = differingProperties(object, other, ignore, shift);
    if (properties.length > 0) {
      differences.push({
        kind,
        key,
        type: object._type,
        change: 'properties',
        properties,
      });
    }
  }
  for (const [key, object] of after) {
    if (!before.has(key)) {
      differences.push({ kind, key, type: object._type, change: 'only-after' });
    }
  }
  return differences;
}

export function compareGraphs(
  before: GraphSnapshot,
  after: GraphSnapshot,
  ignore: string[] = [],
  options: { acrossRuns?: boolean } = {},
): GraphDifference[] {
  const ignored = new Set(ignore);
  const shift = options.acrossRuns ? runShift(before, after) : undefined;
  return [
    ...compareMaps('entity', before.entities, after.entities, ignored, shift),
    ...compareMaps(
      'relationship',
      before.relationships,
      after.relationships,
      ignored,
      shift,
    ),
  ];
}

function main(argv: string[]): number {
  const ignoreAt = argv.indexOf('--ignore');
  const ignore = ignoreAt >= 0 ? (argv[ignoreAt + 1] ?? '').split(',') : [];
  const acrossRuns = argv.includes('--across-runs');
  const folders = argv.filter(
    (arg, index) =>
      !arg.startsWith('--') && (ignoreAt < 0 || index !== ignoreAt + 1),
  );
  if (folders.length !== 2) {
    console.error(
      'usage: npm run compare-graphs -- <before-folder> <after-folder> [--ignore prop1,prop2] [--across-runs]',
    );
    return 2;
  }
  const [beforeDir, afterDir] = folders;
  const before = readGraph(beforeDir);
  const after = readGraph(afterDir);
  const differences = compareGraphs(before, after, ignore, { acrossRuns });
  if (acrossRuns) {
    console.log(
      `across runs: times compared after a shift of ${runShift(
        before,
        after,
      )} ms; loopback ports ignored`,
    );
  }
  console.log(
    `before: ${before.entities.size} entities, ${before.relationships.size} relationships; ` +
      `after: ${after.entities.size} entities, ${after.relationships.size} relationships`,
  );
  for (const difference of differences.slice(0, 50)) {
    const detail = difference.properties
      ? ` (${difference.properties.slice(0, 5).join(', ')})`
      : '';
    console.log(
      `${difference.change} ${difference.kind} ${difference.type} ${difference.key}${detail}`,
    );
  }
  if (differences.length > 50) {
    console.log(`... and ${differences.length - 50} more`);
  }
  console.log(
    differences.length === 0
      ? 'The two graphs are identical key for key.'
      : `${differences.length} difference(s).`,
  );
  return differences.length === 0 ? 0 : 1;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
