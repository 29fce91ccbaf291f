/**
 * The graph of one `j1-integration collect` output folder, as JupiterOne
 * would hold it after upload: the entities and relationships of
 * graph/<step>/{entities,relationships}/*.json, with each mapped relationship
 * (`_mapping`) resolved the way the platform's mapper does:
 * - the target is every entity matching the first targetFilterKeys set that
 *   matches any (each key's value taken from targetEntity; `_class` matches
 *   when the entity has that class);
 * - when nothing matches and skipTargetCreation is not true, a placeholder
 *   entity is created from targetEntity (its properties, class and _type),
 *   shared by every mapping with the same filter values;
 * - when nothing matches and skipTargetCreation is true, there is no target
 *   and no relationship (the platform creates neither).
 * The relationship runs source -> target for FORWARD, target -> source for
 * REVERSE.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

export type GraphValue = unknown;

export interface GraphEntity {
  _key: string;
  _type: string;
  _class: string[];
  [property: string]: GraphValue;
}

export interface GraphRelationship {
  _key: string;
  _type: string;
  _class: string;
  _fromEntityKey: string;
  _toEntityKey: string;
  [property: string]: GraphValue;
}

/** A mapped relationship whose target was absent (see the module comment). */
export interface UnresolvedMapping {
  relationship: GraphRelationship;
  sourceEntityKey: string;
  targetEntity: Record<string, GraphValue>;
  direction: 'FORWARD' | 'REVERSE';
}

export interface Graph {
  entities: GraphEntity[];
  relationships: GraphRelationship[];
  byKey: Map<string, GraphEntity>;
  /** Placeholder entities created for mappings (skipTargetCreation false). */
  placeholderKeys: Set<string>;
  /** Mappings with skipTargetCreation whose target is not in the graph. */
  unresolvedMappings: UnresolvedMapping[];
}

export class CollectionError extends Error {}

interface RawMapping {
  relationshipDirection?: string;
  sourceEntityKey?: string;
  targetFilterKeys?: Array<string | string[]>;
  targetEntity?: Record<string, GraphValue>;
  skipTargetCreation?: boolean;
}

function jsonFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...jsonFiles(path));
    else if (name.endsWith('.json')) files.push(path);
  }
  return files;
}

function classesOf(value: GraphValue): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : [];
}

/** Reads every entity and relationship file under `<dir>/graph`. */
export function loadCollection(dir: string): Graph {
  const graphDir = join(dir, 'graph');
  if (!existsSync(graphDir)) {
    throw new CollectionError(
      `${graphDir} does not exist: run \`npm run collect\` (or \`npm run demo\`) first, or pass the folder a collection was written to`,
    );
  }
  const entities: Array<Record<string, GraphValue>> = [];
  const relationships: Array<Record<string, GraphValue>> = [];
  for (const file of jsonFiles(graphDir)) {
    const content = JSON.parse(readFileSync(file, 'utf8')) as {
      entities?: Array<Record<string, GraphValue>>;
      relationships?: Array<Record<string, GraphValue>>;
    };
    entities.push(...(content.entities ?? []));
    relationships.push(...(content.relationships ?? []));
  }
  return buildGraph(entities, relationships);
}

/**
 * Builds the graph from raw graph objects (as written by the SDK); exported
 * so callers can add entities another integration would contribute, such
 * as the Person entities mappings point at.
 */
export function buildGraph(
  rawEntities: Array<Record<string, GraphValue>>,
  rawRelationships: Array<Record<string, GraphValue>>,
): Graph {
  const byKey = new Map<string, GraphEntity>();
  for (const raw of rawEntities) {
    // _rawData is the vendor's response; no question reads it.
    const rest = { ...raw };
    delete rest._rawData;
    const entity = {
      ...rest,
      _class: classesOf(raw._class),
    } as GraphEntity;
    byKey.set(entity._key, entity);
  }
  const entities = [...byKey.values()].sort((a, b) =>
    a._key.localeCompare(b._key),
  );
  const placeholderKeys = new Set<string>();
  const unresolvedMappings: UnresolvedMapping[] = [];
  const relationships: GraphRelationship[] = [];

  for (const raw of rawRelationships) {
    const mapping = raw._mapping as RawMapping | undefined;
    if (!mapping) {
      relationships.push(raw as GraphRelationship);
      continue;
    }
    const rest = { ...raw };
    delete rest._mapping;
    const targetEntity = mapping.targetEntity ?? {};
    const source = mapping.sourceEntityKey;
    if (typeof source !== 'string') continue;
    const direction =
      mapping.relationshipDirection === 'REVERSE' ? 'REVERSE' : 'FORWARD';
    let targets = matchTargets(entities, mapping);
    if (targets.length === 0) {
      if (mapping.skipTargetCreation) {
        unresolvedMappings.push({
          relationship: rest as GraphRelationship,
          sourceEntityKey: source,
          targetEntity,
          direction,
        });
        continue;
      }
      targets = [placeholderFor(mapping, byKey, entities, placeholderKeys)];
    }
    for (const target of targets) {
      const [from, to] =
        direction === 'FORWARD' ? [source, target._key] : [target._key, source];
      relationships.push({
        ...rest,
        _key: `${String(raw._key)}|${target._key}`,
        _fromEntityKey: from,
        _toEntityKey: to,
      } as GraphRelationship);
    }
  }
  relationships.sort((a, b) => a._key.localeCompare(b._key));
  return {
    entities,
    relationships,
    byKey,
    placeholderKeys,
    unresolvedMappings,
  };
}

function filterSets(mapping: RawMapping): string[][] {
  return (mapping.targetFilterKeys ?? []).map((keys) =>
    Array.isArray(keys) ? keys : [keys],
  );
}

function matchesFilter(
  entity: GraphEntity,
  keys: string[],
  target: Record<string, GraphValue>,
): boolean {
  return keys.every((key) => {
    const wanted = target[key];
    if (wanted === undefined) return false;
    if (key === '_class') {
      return classesOf(wanted).every((c) => entity._class.includes(c));
    }
    return entity[key] === wanted;
  });
}

function matchTargets(
  entities: GraphEntity[],
  mapping: RawMapping,
): GraphEntity[] {
  const target = mapping.targetEntity ?? {};
  for (const keys of filterSets(mapping)) {
    const found = entities.filter((e) => matchesFilter(e, keys, target));
    if (found.length > 0) return found;
  }
  return [];
}

function placeholderFor(
  mapping: RawMapping,
  byKey: Map<string, GraphEntity>,
  entities: GraphEntity[],
  placeholderKeys: Set<string>,
): GraphEntity {
  const target = mapping.targetEntity ?? {};
  const keys = filterSets(mapping)[0] ?? Object.keys(target);
  const key = `placeholder:${keys
    .map((k) => `${k}=${JSON.stringify(target[k])}`)
    .join(',')}`;
  const existing = byKey.get(key);
  if (existing) return existing;
  const classes = classesOf(target._class);
  const placeholder: GraphEntity = {
    ...target,
    _key: key,
    _class: classes,
    _type:
      typeof target._type === 'string'
        ? target._type
        : (classes[0] ?? 'unknown')
            .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
            .toLowerCase(),
  };
  byKey.set(key, placeholder);
  entities.push(placeholder);
  placeholderKeys.add(key);
  return placeholder;
}
