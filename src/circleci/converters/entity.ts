import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

type Assigned = Parameters<
  typeof createIntegrationEntity
>[0]['entityData']['assign'];

/**
 * A CircleCI entity: the SDK's createIntegrationEntity with the `_type`
 * and `_class` of its metadata.ts declaration and `source` as its raw
 * data (converters pass a reduced copy where the answer holds a secret).
 */
export function circleciEntity(
  metadata: { _type: string; _class: string | string[] },
  source: object,
  properties: { _key: string } & Omit<Assigned, '_type' | '_class'>,
): Entity {
  return createIntegrationEntity({
    entityData: {
      source,
      assign: {
        ...properties,
        _type: metadata._type,
        _class: metadata._class,
      },
    },
  });
}
