import {
  generateRelationshipType,
  RelationshipClass,
  RelationshipDirection,
  StepMappedRelationshipMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

/**
 * Building blocks of a vendor's metadata.ts (the graph, declared once), so
 * both vendors derive `_type`s the same way.
 */

/**
 * A relationship's metadata: `_type` from the SDK's generator, the same
 * one createDirectRelationship uses, so metadata and data agree.
 */
export function relationshipMetadata(
  source: { _type: string },
  _class: RelationshipClass,
  target: { _type: string },
  partial?: boolean,
): StepRelationshipMetadata {
  return {
    _type: generateRelationshipType(_class, source._type, target._type),
    sourceType: source._type,
    _class,
    targetType: target._type,
    ...(partial ? { partial } : {}),
  };
}

/**
 * `<user _type>_is_person`: a vendor's user mapped to the employee (a
 * `Person` that HR and IdP integrations create); the target is never
 * created, so a user with no matching employee stays unmapped.
 */
export function userIsPersonMetadata(user: {
  _type: string;
}): StepMappedRelationshipMetadata {
  return {
    _type: `${user._type}_is_person`,
    sourceType: user._type,
    _class: RelationshipClass.IS,
    targetType: 'person',
    direction: RelationshipDirection.FORWARD,
  };
}
