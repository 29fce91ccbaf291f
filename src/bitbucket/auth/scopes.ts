/**
 * OAuth consumer scopes. Bitbucket lists the granted scopes in the token
 * response's `scopes` field, but only the ones ticked on the consumer: a
 * scope may imply others (the older integration's recorded token said
 * "pullrequest repository:admin project account", with no plain
 * "repository"). Implications as the spec's "Scopes" narrative states them:
 * `project` and `pullrequest` imply `repository`; `:write` scopes imply
 * their read scope; `repository:admin` and `project:admin` imply nothing.
 */
const IMPLIED_BY: Record<string, string[]> = {
  account: ['account:write'],
  project: [],
  repository: [
    'repository:write',
    'project',
    'pullrequest',
    'pullrequest:write',
  ],
  'repository:admin': [],
  'project:admin': [],
  pullrequest: ['pullrequest:write'],
  webhook: [],
  pipeline: ['pipeline:write'],
};

export function hasScope(granted: string[], scope: string): boolean {
  return (
    granted.includes(scope) ||
    (IMPLIED_BY[scope] ?? []).some((broader) => granted.includes(broader))
  );
}

/**
 * Scopes a run cannot work without: `account` (workspace members),
 * `project`, `repository`, and `pullrequest` when pull requests are ingested.
 */
export function requiredScopes(ingestPullRequests: boolean): string[] {
  return ingestPullRequests
    ? ['account', 'project', 'repository', 'pullrequest']
    : ['account', 'project', 'repository'];
}

/**
 * Needed by permissions-config and branch-restrictions only; without it those
 * steps publish one warning and everything else is still collected.
 */
export const ADMIN_SCOPE = 'repository:admin';

/** Project deploy keys need it (`project:admin`, "Projects: Admin"). */
export const PROJECT_ADMIN_SCOPE = 'project:admin';

/** Webhooks of repositories and workspaces need it. */
export const WEBHOOK_SCOPE = 'webhook';

/** Pipelines configuration and variables need it. */
export const PIPELINE_SCOPE = 'pipeline';

/** How each optional scope is labelled on the OAuth consumer's form. */
export const SCOPE_LABELS: Record<string, string> = {
  [ADMIN_SCOPE]: 'Repositories: Admin',
  [PROJECT_ADMIN_SCOPE]: 'Projects: Admin',
  [WEBHOOK_SCOPE]: 'Webhooks: Read and write',
  [PIPELINE_SCOPE]: 'Pipelines: Read',
  pullrequest: 'Pull requests: Read',
};

export function missingScopes(granted: string[], required: string[]): string[] {
  return required.filter((scope) => !hasScope(granted, scope));
}
