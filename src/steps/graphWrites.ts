import {
  createDirectRelationship,
  Entity,
  JobState,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

/**
 * Graph writes go through the *Once functions: the APIs can return the same
 * item twice (an item changing while a list is paged, a user in two
 * workspaces), and a duplicate key fails a step.
 */

/** Adds an entity unless one with its key exists; true when it was added. */
export function addEntityOnce(
  jobState: JobState,
  entity: Entity,
): Promise<boolean> {
  return addOnce(entity, (e) => jobState.addEntity(e), jobState);
}

/** Adds a relationship unless one with its key exists; true when added. */
export function addRelationshipOnce(
  jobState: JobState,
  relationship: Relationship,
): Promise<boolean> {
  return addOnce(relationship, (r) => jobState.addRelationship(r), jobState);
}

async function addOnce<T extends { _key: string }>(
  item: T,
  add: (item: T) => Promise<unknown>,
  jobState: JobState,
): Promise<boolean> {
  if (await jobState.hasKey(item._key)) return false;
  await add(item);
  return true;
}

/** The end of a relationship: an entity, or a key with its `_type`. */
export type RelationshipEnd = Entity | { _key: string; _type: string };

/** parent -[class]-> child, built with the SDK's helper, added once. */
export async function relateOnce(
  jobState: JobState,
  from: RelationshipEnd,
  relationshipClass: RelationshipClass,
  to: RelationshipEnd,
  properties?: Record<string, string | number | boolean | undefined>,
): Promise<boolean> {
  return addRelationshipOnce(
    jobState,
    createDirectRelationship({
      _class: relationshipClass,
      fromKey: from._key,
      fromType: from._type,
      toKey: to._key,
      toType: to._type,
      properties,
    }),
  );
}

/**
 * Adds a child entity and its parent's relationship to it (HAS unless
 * another class is given), each once: every list the steps walk hangs its
 * items off the resource it was listed from. True when the entity was new.
 */
export async function addChildOnce(
  jobState: JobState,
  parent: RelationshipEnd,
  child: Entity,
  relationshipClass: RelationshipClass = RelationshipClass.HAS,
): Promise<boolean> {
  const added = await addEntityOnce(jobState, child);
  await relateOnce(jobState, parent, relationshipClass, child);
  return added;
}
