import { ItemShape } from '../../../responseShape';
import { listing, PAGED } from '../listing';
import { BitbucketAccount, userItem } from './accounts';
import { BitbucketRepositoryRef } from './repositories';
import { BitbucketGroup } from './workspaces';

/**
 * Who may do what on a repository or project: user and group permissions
 * (see accounts.ts).
 */

/** schemas.repository_user_permission */
export interface BitbucketRepositoryUserPermission {
  type?: string;
  permission: 'read' | 'write' | 'admin' | 'none';
  user?: BitbucketAccount;
}

/** schemas.repository_group_permission */
export interface BitbucketRepositoryGroupPermission {
  type?: string;
  permission: 'read' | 'write' | 'admin' | 'none';
  group?: BitbucketGroup;
}

/**
 * schemas.project_user_permission / project_group_permission. `create-repo`
 * is write on every repository of the project plus creating repositories.
 */
export type BitbucketProjectPermissionLevel =
  | 'read'
  | 'write'
  | 'create-repo'
  | 'admin'
  | 'none';

export interface BitbucketProjectUserPermission {
  type?: string;
  permission: BitbucketProjectPermissionLevel;
  user?: BitbucketAccount;
}

export interface BitbucketProjectGroupPermission {
  type?: string;
  permission: BitbucketProjectPermissionLevel;
  group?: BitbucketGroup;
}

/** Of a repository or a project (permissions-config). */
export const userPermissionShape = userItem(['permission']);

/**
 * A repository's or project's permission of a group (permissions-config):
 * one shape for both.
 */
export const groupPermissionShape: ItemShape = {
  id: 'group.slug',
  objects: ['group', 'group.owner', 'group.workspace'],
  strings: ['permission', 'group.name', 'group.full_slug'],
};

/**
 * schemas.repository_permission, as GET /workspaces/{workspace}/permissions/repositories
 * lists it: a user's effective (highest) permission on one repository.
 */
export interface BitbucketEffectiveRepositoryPermission {
  type?: string;
  permission?: 'read' | 'write' | 'admin' | 'none';
  user?: BitbucketAccount;
  repository?: BitbucketRepositoryRef;
}

export const effectiveRepoPermissionShape = userItem(
  ['permission', 'repository.uuid', 'repository.full_name'],
  ['repository'],
);

export const repoUserPermissions = listing<BitbucketRepositoryUserPermission>(
  'GET /repositories/{workspace}/{repo_slug}/permissions-config/users',
  userPermissionShape,
  PAGED,
);

export const repoGroupPermissions = listing<BitbucketRepositoryGroupPermission>(
  'GET /repositories/{workspace}/{repo_slug}/permissions-config/groups',
  groupPermissionShape,
  PAGED,
);

export const projectUserPermissions = listing<BitbucketProjectUserPermission>(
  'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/users',
  userPermissionShape,
  PAGED,
);

export const projectGroupPermissions = listing<BitbucketProjectGroupPermission>(
  'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/groups',
  groupPermissionShape,
  PAGED,
);

/**
 * Every user's effective (highest) permission on every repository of the
 * workspace, in one workspace-wide listing; admin-only (see
 * BitbucketClient.listEffectiveRepositoryPermissions).
 */
export const effectiveAccess = listing<BitbucketEffectiveRepositoryPermission>(
  'GET /workspaces/{workspace}/permissions/repositories',
  effectiveRepoPermissionShape,
  PAGED,
);
