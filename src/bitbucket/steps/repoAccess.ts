import { Relationship } from '@jupiterone/integration-sdk-core';
import { bitbucketKeys } from '../converters/keys';
import { AccessLevel, readPolicyRef } from '../converters/permission';
import {
  AccessGrant,
  createRepoAllowsUserRelationship,
  summarizeAccess,
} from '../converters/repoAccess';
import { RepoRef } from '../converters/repo';
import {
  BitbucketEntities,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import {
  AccessGap,
  AccessGaps,
  addRelationshipOnce,
  describeGaps,
  StepContext,
  StepHandlers,
} from '../../steps';
import { BitbucketRunClient } from '../client/clientCache';
import { collectRepoRefs, forEachWorkspace, withRequestLog } from './common';

const E = BitbucketEntities;
const R = BitbucketRelationships;

/** repo uuid -> user uuid -> what we know of that user's access. */
type AccessTable = Map<
  string,
  Map<string, { grants: AccessGrant[]; effective?: AccessLevel }>
>;

function entry(table: AccessTable, repoUuid: string, userUuid: string) {
  let users = table.get(repoUuid);
  if (!users) table.set(repoUuid, (users = new Map()));
  let found = users.get(userUuid);
  if (!found) users.set(userUuid, (found = { grants: [] }));
  return found;
}

/**
 * `to` keys per `from` key of the collected relationships of one _type
 * (only those `keep` accepts).
 */
async function targetsByKey(
  context: StepContext,
  _type: string,
  keep: (relationship: Relationship) => boolean = () => true,
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  await context.jobState.iterateRelationships({ _type }, (relationship) => {
    const from = relationship._fromEntityKey;
    const to = relationship._toEntityKey;
    if (typeof from !== 'string' || typeof to !== 'string') return;
    if (!keep(relationship)) return;
    const list = found.get(from) ?? [];
    list.push(to);
    found.set(from, list);
  });
  return found;
}

/**
 * The explicit paths: repository and project permissions of users and of
 * groups (expanded to their listed members), and workspace owners.
 */
async function addExplicitGrants(
  context: StepContext,
  repos: RepoRef[],
  table: AccessTable,
): Promise<void> {
  const reposByProject = new Map<string, RepoRef[]>();
  for (const repo of repos) {
    if (!repo.projectId) continue;
    const list = reposByProject.get(repo.projectId) ?? [];
    list.push(repo);
    reposByProject.set(repo.projectId, list);
  }
  // Group HAS user: members per group key.
  const members = await targetsByKey(context, R.GROUP_HAS_USER._type);
  await context.jobState.iterateEntities(
    { _type: E.PERMISSION._type },
    (entity) => {
      const policy = readPolicyRef(entity);
      const level = policy.level;
      if (!level || !policy.targetId) return;
      const project = policy.scope === 'project';
      const targets = project
        ? (reposByProject.get(policy.targetId) ?? []).map((r) => r.uuid)
        : [policy.targetId];
      for (const repoUuid of targets) {
        for (const userUuid of policy.userIds) {
          entry(table, repoUuid, userUuid).grants.push({
            path: project ? 'project' : 'direct',
            level,
          });
        }
        if (!policy.workspace) continue;
        for (const group of policy.groups) {
          const key = bitbucketKeys.group(policy.workspace.uuid, group.slug);
          for (const userUuid of members.get(key) ?? []) {
            entry(table, repoUuid, userUuid).grants.push({
              path: project ? 'project-group' : 'group',
              via: group.slug,
              level,
            });
          }
        }
      }
    },
  );
  // Workspace HAS user with admin = true: the workspace owners.
  const owners = await targetsByKey(
    context,
    R.WORKSPACE_HAS_USER._type,
    (relationship) => relationship.admin === true,
  );
  for (const repo of repos) {
    for (const userUuid of owners.get(repo.workspaceUuid) ?? []) {
      entry(table, repo.uuid, userUuid).grants.push({
        path: 'workspace-admin',
        level: 'admin',
      });
    }
  }
}

/**
 * The one warning for the workspaces whose effective listing was denied
 * (admin-only: "Only users with admin permission for the team may access
 * this resource").
 */
export function effectiveListingDeniedMessage(gaps: AccessGap[]): string {
  return `Bitbucket denied GET /workspaces/{workspace}/permissions/repositories for ${
    gaps.length
  } workspace(s): ${describeGaps(
    gaps,
  )}. Only workspace admins may list effective repository permissions. The access to those workspaces' repositories (repo ALLOWS user) is computed from the explicit repository and project permissions, group memberships and workspace owners alone, so access through a grant the credential cannot read is missing and effectivePermission is absent. Use the credential of a workspace admin to collect it.`;
}

/**
 * Bitbucket's effective write and admin permissions of one workspace.
 * Read access is taken from the explicit grants only: listing every read
 * permission of every repository would cost up to one request per 100
 * (user, repository) pairs.
 */
async function addEffectiveLevels(
  run: BitbucketRunClient,
  slug: string,
  table: AccessTable,
): Promise<void> {
  for await (const item of run.client.listEffectiveRepositoryPermissions(
    slug,
    'read',
  )) {
    const repoUuid = item.repository?.uuid;
    const userUuid = item.user?.uuid;
    const level = item.permission;
    if (!repoUuid || !userUuid) continue;
    if (level !== 'read' && level !== 'write' && level !== 'admin') continue;
    entry(table, repoUuid, userUuid).effective = level;
  }
}

/**
 * repo ALLOWS user for every user who can read, write or administer a
 * collected repository, with the level and the paths that grant it.
 */
export function buildRepoAccess(context: StepContext): Promise<void> {
  return withRequestLog(context, BitbucketSteps.REPO_ACCESS.id, async (run) => {
    const { jobState } = context;
    const repos = await collectRepoRefs(jobState);
    const table: AccessTable = new Map();
    await addExplicitGrants(context, repos, table);
    const denied = new AccessGaps(context, 'effective repository permissions');
    await forEachWorkspace(context, 'repository permissions', (workspace) =>
      denied.attempt(`Bitbucket workspace '${workspace.slug}'`, () =>
        addEffectiveLevels(run, workspace.slug, table),
      ),
    );
    denied.publish(effectiveListingDeniedMessage);
    const collected = new Set(repos.map((repo) => repo.uuid));
    for (const [repoUuid, users] of table) {
      if (!collected.has(repoUuid)) continue;
      for (const [userUuid, known] of users) {
        if (!(await jobState.hasKey(userUuid))) continue;
        const access = summarizeAccess(known.grants, known.effective);
        if (!access) continue;
        await addRelationshipOnce(
          jobState,
          createRepoAllowsUserRelationship(repoUuid, userUuid, access),
        );
      }
    }
  });
}

export const repoAccessHandlers = {
  REPO_ACCESS: buildRepoAccess,
} satisfies StepHandlers<typeof BitbucketSteps>;
