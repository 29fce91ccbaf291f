/**
 * Evaluates a parsed J1QL query (parse.ts) over a local graph (graph.ts).
 * Semantics, chosen to match how JupiterOne answers the managed questions:
 * - A selector matches an entity by _type (snake_case name), by class
 *   (TitleCase name) or any (`*`).
 * - `A THAT VERB B` follows relationships of that class between the entity
 *   bound to A and an entity matching B: `>>` only A -> B, `<<` only B -> A,
 *   no arrow either way. Each match is one path.
 * - `A THAT !VERB B` keeps the paths whose A has no such relationship with
 *   any entity matching B (and its WITH). Nothing may follow it, and it
 *   cannot be aliased: JupiterOne binds nothing there.
 * - Comparisons: `=` and the string operators (`~=` contains, `^=` starts
 *   with, `$=` ends with; case-sensitive) match an array property when any
 *   element does; `!=` and the negated string operators need every element
 *   to differ, and match a property that is not set. `= undefined` matches an
 *   unset property, `!= undefined` a set one. `<`, `<=`, `>`, `>=` compare
 *   numbers with numbers (dates are epoch milliseconds, as the SDK stores
 *   them) and strings with strings, and are false otherwise.
 * - RETURN: one row per distinct combination of the entities and
 *   relationships the RETURN items name; each row's keys are the items'
 *   text (`pr.id`) or their `AS` label. COUNT(alias) groups the rows by the
 *   other items and counts distinct entities. No RETURN: the distinct
 *   entities of the first selector.
 * Anything else is a J1qlUnsupportedError naming the construct.
 */
import { Graph, GraphEntity, GraphRelationship } from './graph';
import {
  J1qlCondition,
  J1qlLiteral,
  J1qlNode,
  J1qlOwner,
  J1qlReturnItem,
  parseJ1ql,
  ParsedJ1ql,
} from './parse';

export class J1qlUnsupportedError extends Error {
  constructor(construct: string) {
    super(`outside the J1QL subset this evaluator supports: ${construct}`);
  }
}

export type Row = Record<string, unknown>;

export interface QueryResult {
  rows: Row[];
  /** Per row, the keys of the entities it was built from (for links). */
  rowEntityKeys: string[][];
}

export interface EvaluateOptions {
  /** What `date.now` means; default the current time. */
  now?: number;
}

type GraphObject = GraphEntity | GraphRelationship;

interface Path {
  nodes: Array<GraphEntity | undefined>;
  hops: Array<GraphRelationship | undefined>;
}

/** Indexes relationships by the entities they touch, once per graph. */
const adjacencyCache = new WeakMap<Graph, Map<string, GraphRelationship[]>>();

function adjacency(graph: Graph): Map<string, GraphRelationship[]> {
  let index = adjacencyCache.get(graph);
  if (!index) {
    index = new Map();
    for (const r of graph.relationships) {
      for (const key of new Set([r._fromEntityKey, r._toEntityKey])) {
        const list = index.get(key) ?? [];
        list.push(r);
        index.set(key, list);
      }
    }
    adjacencyCache.set(graph, index);
  }
  return index;
}

function matchesSelector(entity: GraphEntity, names: string[]): boolean {
  return names.some((name) =>
    name === '*'
      ? true
      : /^[a-z]/.test(name)
      ? entity._type === name
      : entity._class.includes(name),
  );
}

function literalValue(literal: J1qlLiteral, now: number): unknown {
  switch (literal.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return literal.value;
    case 'date':
      return now + literal.offsetMs;
    default:
      return undefined; // undefined and null: "not set"
  }
}

function compareScalar(left: unknown, op: string, right: unknown): boolean {
  switch (op) {
    case '=':
      return left === right;
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const comparable =
        (typeof left === 'number' && typeof right === 'number') ||
        (typeof left === 'string' && typeof right === 'string');
      if (!comparable) return false;
      const l = left as number | string;
      const r = right as number | string;
      return op === '<'
        ? l < r
        : op === '<='
        ? l <= r
        : op === '>'
        ? l > r
        : l >= r;
    }
    case '~=':
    case '^=':
    case '$=': {
      if (typeof left !== 'string' || typeof right !== 'string') return false;
      return op === '~='
        ? left.includes(right)
        : op === '^='
        ? left.startsWith(right)
        : left.endsWith(right);
    }
    default:
      throw new J1qlUnsupportedError(`operator '${op}'`);
  }
}

const NEGATED: Record<string, string> = {
  '!=': '=',
  '!~=': '~=',
  '!^=': '^=',
  '!$=': '$=',
};

function compare(left: unknown, op: string, right: unknown): boolean {
  const unset = (v: unknown) => v === undefined || v === null;
  if (unset(right)) {
    if (op === '=') return unset(left);
    if (op === '!=') return !unset(left);
    throw new J1qlUnsupportedError(`'${op}' with undefined or null`);
  }
  const positive = NEGATED[op];
  const values = Array.isArray(left) ? left : unset(left) ? [] : [left];
  if (positive) return !values.some((v) => compareScalar(v, positive, right));
  return values.some((v) => compareScalar(v, op, right));
}

type Resolve = (owner: J1qlOwner) => GraphObject | undefined;

function test(
  condition: J1qlCondition,
  resolve: Resolve,
  now: number,
): boolean {
  switch (condition.kind) {
    case 'and':
      return condition.items.every((c) => test(c, resolve, now));
    case 'or':
      return condition.items.some((c) => test(c, resolve, now));
    case 'not':
      return !test(condition.item, resolve, now);
    case 'compare': {
      const left = resolve(condition.left.owner)?.[condition.left.property];
      return condition.right.some((operand) =>
        compare(
          left,
          condition.op,
          operand.kind === 'literal'
            ? literalValue(operand.literal, now)
            : resolve(operand.owner)?.[operand.property],
        ),
      );
    }
  }
}

function ownersOf(condition: J1qlCondition | undefined): J1qlOwner[] {
  if (!condition) return [];
  if (condition.kind === 'not') return ownersOf(condition.item);
  if (condition.kind !== 'compare') return condition.items.flatMap(ownersOf);
  return [
    condition.left.owner,
    ...condition.right.flatMap((o) => (o.kind === 'ref' ? [o.owner] : [])),
  ];
}

function itemOwners(item: J1qlReturnItem): J1qlOwner[] {
  return item.kind === 'function'
    ? item.args.map((a) => a.owner)
    : [item.owner];
}

/** Rejects what parses but this evaluator does not implement. */
function checkSubset(query: ParsedJ1ql): J1qlReturnItem[] | undefined {
  if (query.returns === 'TREE' || query.returns === 'ALL') {
    throw new J1qlUnsupportedError(`RETURN ${query.returns}`);
  }
  query.hops.forEach((hop, index) => {
    if (!hop.negated) return;
    if (index < query.hops.length - 1) {
      throw new J1qlUnsupportedError(
        `a THAT after the negated 'THAT !${hop.verbs.join('|')}'`,
      );
    }
    if (hop.alias || query.nodes[hop.to].alias) {
      throw new J1qlUnsupportedError(
        `an alias on the negated 'THAT !${hop.verbs.join('|')}'`,
      );
    }
  });
  const negatedNodes = new Set(
    query.hops.filter((h) => h.negated).map((h) => h.to),
  );
  const used = [
    ...ownersOf(query.where),
    ...(query.returns ?? []).flatMap(itemOwners),
  ];
  if (used.some((o) => o.kind === 'node' && negatedNodes.has(o.index))) {
    throw new J1qlUnsupportedError('a reference to a negated selector');
  }
  for (const item of query.returns ?? []) {
    if (item.kind === 'function' && item.name !== 'COUNT') {
      throw new J1qlUnsupportedError(`the function ${item.name}()`);
    }
  }
  return query.returns;
}

function nodeMatches(
  node: J1qlNode,
  index: number,
  entity: GraphEntity,
  now: number,
): boolean {
  if (!matchesSelector(entity, node.names)) return false;
  if (!node.where) return true;
  return test(
    node.where,
    (owner) =>
      owner.kind === 'node' && owner.index === index ? entity : undefined,
    now,
  );
}

function traverse(query: ParsedJ1ql, graph: Graph, now: number): Path[] {
  const index = adjacency(graph);
  let paths: Path[] = graph.entities
    .filter((e) => nodeMatches(query.nodes[0], 0, e, now))
    .map((e) => ({ nodes: [e], hops: [] }));
  query.hops.forEach((hop) => {
    const target = query.nodes[hop.to];
    const neighbours = (entity: GraphEntity) =>
      (index.get(entity._key) ?? []).flatMap((r) => {
        if (!hop.verbs.includes(r._class)) return [];
        const ends: string[] = [];
        if (hop.direction !== 'reverse' && r._fromEntityKey === entity._key) {
          ends.push(r._toEntityKey);
        }
        if (hop.direction !== 'forward' && r._toEntityKey === entity._key) {
          ends.push(r._fromEntityKey);
        }
        return ends.flatMap((key) => {
          const other = graph.byKey.get(key);
          return other && nodeMatches(target, hop.to, other, now)
            ? [{ relationship: r, entity: other }]
            : [];
        });
      });
    paths = paths.flatMap((path) => {
      const from = path.nodes[hop.from] as GraphEntity;
      const found = neighbours(from);
      if (hop.negated) {
        return found.length > 0
          ? []
          : [
              {
                nodes: [...path.nodes, undefined],
                hops: [...path.hops, undefined],
              },
            ];
      }
      return found.map(({ relationship, entity }) => ({
        nodes: [...path.nodes, entity],
        hops: [...path.hops, relationship],
      }));
    });
  });
  return paths;
}

function resolver(path: Path): Resolve {
  return (owner) =>
    owner.kind === 'node' ? path.nodes[owner.index] : path.hops[owner.index];
}

function plain(object: GraphObject | undefined): Row | undefined {
  return object ? { ...object } : undefined;
}

/** Parses and evaluates one query. */
export function evaluateJ1ql(
  text: string,
  graph: Graph,
  options: EvaluateOptions = {},
): QueryResult {
  return evaluateParsed(parseJ1ql(text), graph, options);
}

export function evaluateParsed(
  query: ParsedJ1ql,
  graph: Graph,
  options: EvaluateOptions = {},
): QueryResult {
  const now = options.now ?? Date.now();
  const items = checkSubset(query);
  let paths = traverse(query, graph, now);
  if (query.where) {
    const where = query.where;
    paths = paths.filter((p) => test(where, resolver(p), now));
  }

  let rows: Row[] = [];
  let rowEntityKeys: string[][] = [];
  const nodeKeys = (path: Path, owners: J1qlOwner[]) => [
    ...new Set(
      owners.flatMap((o) => {
        const object = resolver(path)(o);
        return o.kind === 'node' && object ? [object._key] : [];
      }),
    ),
  ];

  if (!items) {
    const seen = new Set<string>();
    for (const path of paths) {
      const entity = path.nodes[0] as GraphEntity;
      if (seen.has(entity._key)) continue;
      seen.add(entity._key);
      rows.push({ ...entity });
      rowEntityKeys.push([entity._key]);
    }
  } else {
    const owners = items.flatMap(itemOwners);
    const plainItems = items.filter(
      (i): i is Exclude<J1qlReturnItem, { kind: 'function' }> =>
        i.kind !== 'function',
    );
    const counted = items.filter(
      (i): i is Extract<J1qlReturnItem, { kind: 'function' }> =>
        i.kind === 'function',
    );
    const groups = new Map<
      string,
      { row: Row; keys: Set<string>; counts: Array<Set<string>> }
    >();
    for (const path of paths) {
      const resolve = resolver(path);
      const identity = (
        counted.length > 0 ? plainItems.flatMap(itemOwners) : owners
      )
        .map((o) => resolve(o)?._key ?? '')
        .join('\u0000');
      let group = groups.get(identity);
      if (!group) {
        const row: Row = {};
        for (const item of plainItems) {
          row[item.label] =
            item.kind === 'property'
              ? resolve(item.owner)?.[item.property]
              : plain(resolve(item.owner));
        }
        group = {
          row,
          keys: new Set(),
          counts: counted.map(() => new Set<string>()),
        };
        groups.set(identity, group);
      }
      for (const key of nodeKeys(path, owners)) group.keys.add(key);
      counted.forEach((item, i) => {
        const arg = item.args[0];
        const object = resolve(arg.owner);
        if (!object) return;
        if (arg.property && object[arg.property] === undefined) return;
        group?.counts[i].add(object._key);
      });
    }
    for (const group of groups.values()) {
      counted.forEach((item, i) => {
        group.row[item.label] = group.counts[i].size;
      });
      // Keep the RETURN order of the columns.
      const ordered: Row = {};
      for (const item of items) ordered[item.label] = group.row[item.label];
      rows.push(ordered);
      rowEntityKeys.push([...group.keys]);
    }
  }

  if (query.unique) {
    const seen = new Set<string>();
    const keep = rows.map((row) => {
      const id = JSON.stringify(row);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    rows = rows.filter((_, i) => keep[i]);
    rowEntityKeys = rowEntityKeys.filter((_, i) => keep[i]);
  }
  if (query.orderBy.length > 0) {
    for (const { label } of query.orderBy) {
      if (rows.length > 0 && !(label in rows[0])) {
        throw new J1qlUnsupportedError(
          `ORDER BY '${label}' that RETURN does not name`,
        );
      }
    }
    const order = rows.map((row, i) => ({ row, keys: rowEntityKeys[i] }));
    order.sort((a, b) => {
      for (const { label, descending } of query.orderBy) {
        const x = a.row[label] as string | number;
        const y = b.row[label] as string | number;
        if (x === y) continue;
        const less = x === undefined || (y !== undefined && x < y);
        return (less ? -1 : 1) * (descending ? -1 : 1);
      }
      return 0;
    });
    rows = order.map((o) => o.row);
    rowEntityKeys = order.map((o) => o.keys);
  }
  const start = query.skip ?? 0;
  const end = query.limit === undefined ? undefined : start + query.limit;
  return {
    rows: rows.slice(start, end),
    rowEntityKeys: rowEntityKeys.slice(start, end),
  };
}
