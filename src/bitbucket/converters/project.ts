import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketProject } from '../client/types';
import { htmlLink, time } from './common';
import { bitbucketKeys } from './keys';

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
