import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketProject } from '../client/responses/workspaces';
import { htmlLink, time } from './common';
import { bitbucketKeys } from './keys';
import { stringProperty } from '../../steps/entityProperties';

export function createProjectEntity(
  workspaceSlug: string,
  project: BitbucketProject,
): Entity {
  const name = project.name ?? project.key ?? project.uuid;
  return createIntegrationEntity({
    entityData: {
      source: project,
      assign: {
        _key: bitbucketKeys.project(project.uuid),
        _type: BitbucketEntities.PROJECT._type,
        _class: BitbucketEntities.PROJECT._class,
        id: project.uuid,
        key: project.key,
        name,
        displayName: name,
        description: project.description || '',
        public:
          project.is_private === undefined ? undefined : !project.is_private,
        hasPubliclyVisibleRepos: project.has_publicly_visible_repos,
        workspace: workspaceSlug,
        webLink: htmlLink(project.links),
        createdOn: time(project.created_on),
        updatedOn: time(project.updated_on),
      },
    },
  });
}

/** Properties of `bitbucket_project` that later steps read back. */
export const ProjectProperties = {
  key: 'key',
  name: 'name',
  workspace: 'workspace',
} as const;

/** What later steps need to address a project collected by this run. */
export interface ProjectRef {
  uuid: string;
  key: string;
  name: string;
  workspaceSlug: string;
}

/** A collected project's ref; undefined when it lacks its key or workspace. */
export function readProjectRef(entity: Entity): ProjectRef | undefined {
  const P = ProjectProperties;
  const key = stringProperty(entity, P.key);
  const workspaceSlug = stringProperty(entity, P.workspace);
  if (!key || !workspaceSlug) return undefined;
  return {
    uuid: entity._key,
    key,
    name: stringProperty(entity, P.name) ?? key,
    workspaceSlug,
  };
}
