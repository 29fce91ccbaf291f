import { ItemShape } from '../../../responseShape';
import { listing, PAGED } from '../listing';
import {
  BitbucketAccount,
  BitbucketLinks,
  LINK_STRINGS,
  LINKS,
  userItem,
} from './accounts';

/** Workspaces, their members, projects and groups (see accounts.ts). */

/** schemas.workspace */
export interface BitbucketWorkspace {
  type?: string;
  uuid: string;
  slug: string;
  name?: string;
  is_private?: boolean;
  is_privacy_enforced?: boolean;
  forking_mode?: 'allow_forks' | 'internal_only';
  created_on?: string;
  updated_on?: string;
  links?: BitbucketLinks;
}

export const workspaceShape: ItemShape = {
  id: 'uuid',
  objects: LINKS,
  strings: ['slug', 'name', 'created_on', 'updated_on', ...LINK_STRINGS],
  booleans: ['is_private', 'is_privacy_enforced'],
};

/**
 * schemas.workspace_membership (GET /workspaces/{workspace}/members and
 * /permissions: the same paginated schema, same scope).
 */
export interface BitbucketWorkspaceMembership {
  type?: string;
  /**
   * Only from GET /workspaces/{workspace}/permissions: owner, collaborator
   * (being removed) or member. The schema does not declare it (it allows
   * additional properties); the endpoint's description and example do.
   */
  permission?: string;
  user?: BitbucketAccount;
  workspace?: Pick<BitbucketWorkspace, 'uuid' | 'slug'>;
}

export const membershipShape = userItem(['permission'], ['workspace']);

/** schemas.project */
export interface BitbucketProject {
  type?: string;
  uuid: string;
  key?: string;
  name?: string;
  description?: string;
  is_private?: boolean;
  has_publicly_visible_repos?: boolean;
  created_on?: string;
  updated_on?: string;
  links?: BitbucketLinks;
}

export const projectShape: ItemShape = {
  id: 'uuid',
  objects: LINKS,
  strings: [
    'key',
    'name',
    'description',
    'created_on',
    'updated_on',
    ...LINK_STRINGS,
  ],
  booleans: ['is_private', 'has_publicly_visible_repos'],
};

/** schemas.group (embedded in permissions-config and branch restrictions). */
export interface BitbucketGroup {
  type?: string;
  name?: string;
  slug: string;
  full_slug?: string;
  owner?: BitbucketAccount | null;
  workspace?: Pick<BitbucketWorkspace, 'uuid' | 'slug'>;
}

/** An item of GET /1.0/groups/{workspace} (API 1.0, "temporary support"). */
export interface BitbucketV1Group {
  name: string;
  slug: string;
  permission?: string | null;
  auto_add?: boolean;
  owner?: BitbucketAccount | null;
  members?: BitbucketAccount[];
}

export const v1GroupShape: ItemShape = {
  id: 'slug',
  objects: ['owner'],
  strings: ['name', 'permission'],
  objectArrays: ['members'],
};

export const workspaceMembers = listing<BitbucketWorkspaceMembership>(
  'GET /workspaces/{workspace}/members',
  membershipShape,
  PAGED,
);

/**
 * The members with their workspace role (owner / collaborator / member):
 * the same memberships as workspaceMembers plus `permission`, for the same
 * `account` scope, so the users step needs only this one.
 */
export const workspacePermissions = listing<BitbucketWorkspaceMembership>(
  'GET /workspaces/{workspace}/permissions',
  membershipShape,
  PAGED,
);

export const workspaceProjects = listing<BitbucketProject>(
  'GET /workspaces/{workspace}/projects',
  projectShape,
  PAGED,
);
