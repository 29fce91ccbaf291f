import {
  createDirectRelationship,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { AccessLevel } from './permission';

/**
 * Effective repository access: who can read, write or administer a
 * repository, and through which path. Bitbucket's effective listing
 * (GET /workspaces/{ws}/permissions/repositories) gives the level but "does
 * not distinguish between direct and indirect (group) privileges"; the
 * explicit grants (repository and project permissions-config, group
 * memberships, workspace owners) say where it comes from.
 */

/** How a user was granted access to a repository. */
export type GrantPath =
  /** An explicit repository permission of the user. */
  | 'direct'
  /** An explicit repository permission of a group the user belongs to. */
  | 'group'
  /** A permission of the user on the repository's project. */
  | 'project'
  /** A permission of one of the user's groups on the repository's project. */
  | 'project-group'
  /** Workspace owners administer every repository of the workspace. */
  | 'workspace-admin';

export interface AccessGrant {
  path: GrantPath;
  level: AccessLevel;
  /** The group's slug for group paths. */
  via?: string;
}

const RANK: Record<AccessLevel, number> = { read: 1, write: 2, admin: 3 };
const PATH_ORDER: GrantPath[] = [
  'direct',
  'group',
  'project',
  'project-group',
  'workspace-admin',
];

export interface RepoAccess {
  permission: AccessLevel;
  read: boolean;
  write: boolean;
  admin: boolean;
  /**
   * The paths that grant the effective level, comma-separated in a fixed
   * order (relationship properties cannot be arrays); 'unknown' when
   * Bitbucket reports a level no collected grant explains (a group whose
   * members are not listed, or a permission the credential could not read).
   */
  grantedThrough: string;
  /** Every collected grant, e.g. "direct:read, project-group:developers:write". */
  grants: string;
  /** The level Bitbucket's effective listing reported, when it was read. */
  effectivePermission?: AccessLevel;
}

/**
 * The access one user has to one repository: the highest of Bitbucket's
 * effective level (when listed) and every collected grant.
 */
export function summarizeAccess(
  grants: AccessGrant[],
  effective: AccessLevel | undefined,
): RepoAccess | undefined {
  let permission: AccessLevel | undefined = effective;
  for (const grant of grants) {
    if (!permission || RANK[grant.level] > RANK[permission]) {
      permission = grant.level;
    }
  }
  if (!permission) return undefined;
  const top = new Set(
    grants.filter((g) => g.level === permission).map((g) => g.path),
  );
  const through = PATH_ORDER.filter((path) => top.has(path));
  const describe = (g: AccessGrant) =>
    [g.path, g.via, g.level].filter(Boolean).join(':');
  return {
    permission,
    read: true,
    write: RANK[permission] >= RANK.write,
    admin: permission === 'admin',
    grantedThrough: through.length > 0 ? through.join(', ') : 'unknown',
    grants: [...new Set(grants.map(describe))].sort().join(', '),
    effectivePermission: effective,
  };
}

/**
 * repo ALLOWS user, carrying the effective access: the direction and class
 * of JupiterOne's GitHub integration's github_repo_allows_user, so "who can
 * write to X" is one hop from the repository.
 */
export function createRepoAllowsUserRelationship(
  repoUuid: string,
  userUuid: string,
  access: RepoAccess,
): Relationship {
  return createDirectRelationship({
    _class: RelationshipClass.ALLOWS,
    fromKey: repoUuid,
    fromType: BitbucketEntities.REPO._type,
    toKey: userUuid,
    toType: BitbucketEntities.USER._type,
    properties: { ...access },
  });
}
