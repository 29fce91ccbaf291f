/**
 * `npm run compare-graphs -- <before> <after>`: compares two
 * `j1-integration collect` output folders key for key, so a refactor can show
 * that the graph it writes is unchanged. Prints keys only in one side, and
 * keys whose properties differ (with the first differing properties); exits 1
 * when anything differs. `--ignore prop1,prop2` leaves properties out of the
 * comparison (e.g. times that depend on when the run happened).
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

function differingProperties(
  before: GraphObject,
  after: GraphObject,
  ignore: Set<string>,
): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((name) => !ignore.has(name))
    .filter((name) => stable(before[name]) !== stable(after[name]))
    .sort();
}

function compareMaps(
  kind: GraphDifference['kind'],
  before: Map<string, GraphObject>,
  after: Map<string, GraphObject>,
  ignore: Set<string>,
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
    const properties = differingProperties(object, other, ignore);
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
): GraphDifference[] {
  const ignored = new Set(ignore);
  return [
    ...compareMaps('entity', before.entities, after.entities, ignored),
    ...compareMaps(
      'relationship',
      before.relationships,
      after.relationships,
      ignored,
    ),
  ];
}

function main(argv: string[]): number {
  const ignoreAt = argv.indexOf('--ignore');
  const ignore = ignoreAt >= 0 ? (argv[ignoreAt + 1] ?? '').split(',') : [];
  const folders = argv.filter(
    (arg, index) =>
      !arg.startsWith('--') && (ignoreAt < 0 || index !== ignoreAt + 1),
  );
  if (folders.length !== 2) {
    console.error(
      'usage: npm run compare-graphs -- <before-folder> <after-folder> [--ignore prop1,prop2]',
    );
    return 2;
  }
  const [beforeDir, afterDir] = folders;
  const before = readGraph(beforeDir);
  const after = readGraph(afterDir);
  const differences = compareGraphs(before, after, ignore);
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
