import { Entity } from '@jupiterone/integration-sdk-core';
import { CircleCICollaboration } from '../client/responses/accounts';
import {
  organizationControlProperties,
  OrganizationControls,
} from './controls';
import { CircleCIEntities } from '../metadata';
import { circleciEntity } from './entity';
import { CIRCLECI_APP_URL, circleciKeys } from './keys';
import { stringProperty } from '../../steps/entityProperties';

/**
 * The key of an organization's group. The spec allows a null collaboration
 * id (personal orgs on some VCS types); the slug, unique per org, then
 * stands in.
 */
export function userGroupKey(collaboration: CircleCICollaboration): string {
  return circleciKeys.userGroup(collaboration.id || collaboration.slug);
}

/**
 * The organization's VCS type. Real answers spell it `vcs_type`; the spec
 * (and older answers) `vcs-type`: both are read.
 */
export function collaborationVcsType(
  collaboration: CircleCICollaboration,
): string | undefined {
  return collaboration.vcs_type || collaboration['vcs-type'] || undefined;
}

/**
 * `circleci_user_group`: one CircleCI organization from /me/collaborations,
 * with its security controls (controls.ts; undefined: none could be read).
 */
export function createUserGroupEntity(
  collaboration: CircleCICollaboration,
  controls: OrganizationControls = {},
): Entity {
  return circleciEntity(CircleCIEntities.USER_GROUP, collaboration, {
    _key: userGroupKey(collaboration),
    id: collaboration.id || undefined,
    name: collaboration.name || collaboration.slug,
    displayName: collaboration.name || collaboration.slug,
    slug: collaboration.slug,
    // `vcstype` is the older integration's spelling; both are kept.
    vcstype: collaborationVcsType(collaboration),
    vcsType: collaborationVcsType(collaboration),
    webLink: `${CIRCLECI_APP_URL}/pipelines/${collaboration.slug}`,
    ...organizationControlProperties(controls),
  });
}

/** Properties of `circleci_user_group` that later steps read back. */
export const UserGroupProperties = { slug: 'slug' } as const;

/** A collected organization's slug; undefined when it has none. */
export function readUserGroupSlug(entity: Entity): string | undefined {
  return stringProperty(entity, UserGroupProperties.slug);
}
