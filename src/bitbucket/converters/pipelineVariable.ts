import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketPipelineVariable } from '../client/responses/repoSettings';
import { bitbucketKeys } from './keys';

/**
 * Where a Pipelines variable is defined: a workspace, a repository, or a
 * repository's deployment environment (`uuid` is the environment's).
 */
export interface PipelineVariableParent {
  kind: 'workspace' | 'repository' | 'environment';
  uuid: string;
  /** Workspace slug, repository full name or environment name, for display. */
  name: string;
  workspaceSlug: string;
  /** The repository, for repository and environment variables. */
  repoUuid?: string;
  repoFullName?: string;
  /** The environment's name, for environment variables. */
  environmentName?: string;
}

/** Variable uuids are scoped by their workspace, repository or environment. */
const variableKey = bitbucketKeys.below(BitbucketEntities.PIPELINE_VARIABLE);

/**
 * `bitbucket_pipeline_variable`: key and `secured` only, never a value
 * (the client drops it; this also builds the raw data from those fields
 * alone). Class Configuration, plus Secret when secured: Bitbucket never
 * shows a secured value again, which is how secrets are stored. Exported
 * for every kind of parent, deployment environments included.
 */
export function createPipelineVariableEntity(
  parent: PipelineVariableParent,
  variable: BitbucketPipelineVariable,
): Entity {
  const key = variable.key ?? variable.uuid;
  const secured = variable.secured === true;
  const source: BitbucketPipelineVariable = {
    type: variable.type,
    uuid: variable.uuid,
    key: variable.key,
    secured: variable.secured,
  };
  return createIntegrationEntity({
    entityData: {
      source,
      assign: {
        _key: variableKey(parent.uuid, variable.uuid),
        _type: BitbucketEntities.PIPELINE_VARIABLE._type,
        _class: secured
          ? [...BitbucketEntities.PIPELINE_VARIABLE._class, 'Secret']
          : BitbucketEntities.PIPELINE_VARIABLE._class,
        id: variable.uuid,
        name: key,
        displayName: `${key} (${parent.name})`,
        key,
        secured,
        scope: parent.kind,
        workspace: parent.workspaceSlug,
        repoId: parent.repoUuid,
        repoFullName: parent.repoFullName,
        environmentId: parent.kind === 'environment' ? parent.uuid : undefined,
        environmentName: parent.environmentName,
      },
    },
  });
}
