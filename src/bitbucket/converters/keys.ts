import { BitbucketEntities } from '../metadata';

/**
 * Entity keys. Bitbucket uuids (`{...}`) are unique across the service, so
 * workspaces, users, projects and repositories are keyed by theirs. Group
 * slugs are unique only inside a workspace (Bitbucket's `full_slug` is
 * `workspace:slug`), so group keys carry the workspace uuid (the older
 * integration's `bitbucket-group:${slug}` collided across workspaces).
 * Permissions, branch restrictions and pull requests are scoped by their
 * repository's uuid; a PR's is its destination repository's (not its
 * full_name, as in the older integration), which keeps the key stable when
 * the repository or workspace is renamed.
 */
const E = BitbucketEntities;

/**
 * `<_type>:<parent uuid>:<id>`, for an id unique only below its parent (a
 * repository, project, workspace or deployment environment). A new child
 * listed under its parent takes its key from here (`below(E.X)`), with no
 * entry of its own.
 */
function below(entity: { _type: string }) {
  return (parentUuid: string, id: string | number) =>
    `${entity._type}:${parentUuid}:${id}`;
}

export const bitbucketKeys = {
  below,
  workspace: (uuid: string) => uuid,
  user: (uuid: string) => uuid,
  project: (uuid: string) => uuid,
  repo: (uuid: string) => uuid,
  /** Below the workspace uuid. */
  group: below(E.GROUP),
  /**
   * One per target and principal (`user:<uuid>` or `group:<slug>`); project
   * permissions carry `project:` before the project's uuid.
   */
  permission: (
    target: { scope: 'repository' | 'project'; uuid: string },
    principal: string,
    id: string,
  ) =>
    below(E.PERMISSION)(
      target.scope === 'project' ? `project:${target.uuid}` : target.uuid,
      `${principal}:${id}`,
    ),
  /** Below the repository uuid, by branch name. */
  branchProtection: below(E.BRANCH_PROTECTION),
  branchRestriction: below(E.BRANCH_RESTRICTION),
  /** Below the destination repository's uuid. */
  pullRequest: below(E.PULL_REQUEST),
  // Pipelines, environments and deployments are addressed below their
  // repository (`/repositories/{ws}/{repo}/pipelines/{uuid}`).
  pipeline: below(E.PIPELINE),
  environment: below(E.ENVIRONMENT),
  deployment: below(E.DEPLOYMENT),
};
