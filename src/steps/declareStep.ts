import {
  IntegrationStep,
  StepEntityMetadata,
  StepMappedRelationshipMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../config';
import { StepContext } from './context';

/** What a step writes: entity, relationship or mapped-relationship metadata. */
export type StepWrite =
  | StepEntityMetadata
  | StepRelationshipMetadata
  | StepMappedRelationshipMetadata;

export interface StepDeclaration {
  /**
   * Every graph object type the step writes, from the vendor's metadata.ts
   * (entities, relationships and mapped relationships in one list; the SDK's
   * three lists are sorted out here).
   */
  writes: StepWrite[];
  /** Steps whose job-state entities this one reads. */
  after?: Array<{ id: string }>;
  /** The ingestion source (metadata.ts) that switches the step off. */
  source?: string;
}

function isEntity(write: StepWrite): write is StepEntityMetadata {
  return 'resourceName' in write;
}

function isMapped(write: StepWrite): write is StepMappedRelationshipMetadata {
  return 'direction' in write;
}

/**
 * One SDK step: its id and name, its handler, what it writes, what it runs
 * after and its ingestion source. The vendors' step tables (stepsOf in
 * stepTable.ts) and the cross-vendor steps are all built here.
 */
export function declareStep(
  step: { id: string; name: string },
  handler: (context: StepContext) => Promise<void>,
  declaration: StepDeclaration,
): IntegrationStep<IntegrationConfig> {
  const { writes, after = [], source } = declaration;
  const mapped = writes.filter(isMapped);
  return {
    id: step.id,
    name: step.name,
    entities: writes.filter(isEntity),
    relationships: writes.filter(
      (write): write is StepRelationshipMetadata =>
        !isEntity(write) && !isMapped(write),
    ),
    ...(mapped.length > 0 ? { mappedRelationships: mapped } : {}),
    dependsOn: after.map((dependency) => dependency.id),
    ...(source !== undefined ? { ingestionSourceId: source } : {}),
    executionHandler: handler,
  };
}
