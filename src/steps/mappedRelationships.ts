import {
  createMappedRelationship,
  Entity,
  MappedRelationship,
  RelationshipClass,
  RelationshipDirection,
} from '@jupiterone/integration-sdk-core';

/**
 * `<entity> IS <targetClass>` matched on one property of the target (e.g.
 * Person.bitbucketNickname, CodeRepo.webLink). Never creates a placeholder
 * target (skipTargetCreation): an unmatched mapping adds nothing to the graph.
 */
export function mappedIsRelationship(
  source: Entity,
  _type: string,
  target: { _class: string; property: string; value: string },
): MappedRelationship {
  return createMappedRelationship({
    _class: RelationshipClass.IS,
    _type,
    _mapping: {
      relationshipDirection: RelationshipDirection.FORWARD,
      sourceEntityKey: source._key,
      targetFilterKeys: [['_class', target.property]],
      targetEntity: { _class: target._class, [target.property]: target.value },
      skipTargetCreation: true,
    },
  });
}
