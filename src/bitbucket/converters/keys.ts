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
export const bitbucketKeys = {
  workspace: (uuid: string) => uuid,
  user: (uuid: string) => uuid,
  project: (uuid: string) => uuid,
  repo: (uuid: string) => uuid,
  group: (workspaceUuid: string, slug: string) =>
    `bitbucket_group:${workspaceUuid}:${slug}`,
  userPermission: (repoUuid: string, userUuid: string) =>
    `bitbucket_permission:${repoUuid}:user:${userUuid}`,
  groupPermission: (repoUuid: string, groupSlug: string) =>
    `bitbucket_permission:${repoUuid}:group:${groupSlug}`,
  projectUserPermission: (projectUuid: string, userUuid: string) =>
    `bitbucket_permission:project:${projectUuid}:user:${userUuid}`,
  projectGroupPermission: (projectUuid: string, groupSlug: string) =>
    `bitbucket_permission:project:${projectUuid}:group:${groupSlug}`,
  branchProtection: (repoUuid: string, branch: string) =>
    `bitbucket_branch_protection:${repoUuid}:${branch}`,
  branchRestriction: (repoUuid: string, id: number | string) =>
    `bitbucket_branch_restriction:${repoUuid}:${id}`,
  /** Deploy key ids are scoped by their repository's or project's uuid. */
  deployKey: (parentUuid: string, id: number) =>
    `bitbucket_deploy_key:${parentUuid}:${id}`,
  /** Webhook uuids are scoped by their repository's or workspace's uuid. */
  webhook: (parentUuid: string, uuid: string) =>
    `bitbucket_webhook:${parentUuid}:${uuid}`,
  /**
   * Pipelines variable uuids are scoped by their workspace's, repository's
   * or deployment environment's uuid.
   */
  pipelineVariable: (parentUuid: string, uuid: string) =>
    `bitbucket_pipeline_variable:${parentUuid}:${uuid}`,
  pullRequest: (destinationRepoUuid: string, id: number) =>
    `bitbucket_pull_request:${destinationRepoUuid}:${id}`,
  // Pipelines, environments and deployments are addressed below their
  // repository (`/repositories/{ws}/{repo}/pipelines/{uuid}`).
  pipeline: (repoUuid: string, uuid: string) =>
    `bitbucket_pipeline:${repoUuid}:${uuid}`,
  environment: (repoUuid: string, uuid: string) =>
    `bitbucket_environment:${repoUuid}:${uuid}`,
  deployment: (repoUuid: string, uuid: string) =>
    `bitbucket_deployment:${repoUuid}:${uuid}`,
};
