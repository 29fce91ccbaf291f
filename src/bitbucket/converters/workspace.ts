import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketWorkspace } from '../client/responses/workspaces';
import { htmlLink, time } from './common';
import { bitbucketKeys } from './keys';
import { stringProperty } from '../../steps/entityProperties';

export function createWorkspaceEntity(workspace: BitbucketWorkspace): Entity {
  return createIntegrationEntity({
    entityData: {
      source: workspace,
      assign: {
        _key: bitbucketKeys.workspace(workspace.uuid),
        _type: BitbucketEntities.WORKSPACE._type,
        _class: BitbucketEntities.WORKSPACE._class,
        id: workspace.uuid,
        slug: workspace.slug,
        name: workspace.name ?? workspace.slug,
        displayName: workspace.name ?? workspace.slug,
        webLink: htmlLink(workspace.links),
        isPrivate: workspace.is_private,
        privacyEnforced: workspace.is_privacy_enforced,
        forkingMode: workspace.forking_mode,
        createdOn: time(workspace.created_on),
        updatedOn: time(workspace.updated_on),
      },
    },
  });
}

/** Properties of `bitbucket_workspace` that later steps read back. */
export const WorkspaceProperties = { slug: 'slug' } as const;

/** A collected workspace: its uuid (the key) and slug. */
export interface WorkspaceRef {
  uuid: string;
  slug: string;
}

export function readWorkspaceRef(entity: Entity): WorkspaceRef | undefined {
  const slug = stringProperty(entity, WorkspaceProperties.slug);
  return slug ? { uuid: entity._key, slug } : undefined;
}
