import { JobState } from '@jupiterone/integration-sdk-core';
import { isHttpStatus } from '../../http';
import {
  createUserEntity,
  createUserPersonMappedRelationship,
  createWorkspaceHasUserRelationship,
} from '../converters/user';
import { WorkspaceRef } from '../converters/workspace';
import {
  BitbucketWorkspaceMembership,
  workspaceMembers,
  workspacePermissions,
} from '../client/responses/workspaces';
import { BitbucketSteps } from '../metadata';
import { BitbucketRunClient } from '../client/clientCache';
import {
  addEntityOnce,
  addRelationshipOnce,
  publishMissingPermission,
  StepContext,
  StepHandlers,
} from '../../steps';
import { forEachWorkspace, withRequestLog } from './common';

async function ingestMembers(
  jobState: JobState,
  memberships: AsyncIterable<BitbucketWorkspaceMembership>,
  workspace: WorkspaceRef,
  members: Set<string>,
): Promise<void> {
  for await (const member of memberships) {
    const user = member.user;
    if (!user?.uuid) continue;
    const uuid = user.uuid;
    members.add(uuid);
    // A user in two workspaces is one entity with HAS from both.
    const userEntity = createUserEntity({ ...user, uuid });
    if ((await addEntityOnce(jobState, userEntity)) && user.nickname) {
      await jobState.addRelationship(
        createUserPersonMappedRelationship(userEntity, user.nickname),
      );
    }
    await addRelationshipOnce(
      jobState,
      createWorkspaceHasUserRelationship(
        workspace.uuid,
        uuid,
        member.permission,
      ),
    );
  }
}

/**
 * Members with their role from /permissions (one listing instead of
 * /members); if that is denied, one warning and the plain /members listing,
 * so the users are still collected, without roles.
 */
async function ingestWorkspaceMembers(
  context: StepContext,
  run: BitbucketRunClient,
  workspace: WorkspaceRef,
  members: Set<string>,
): Promise<void> {
  const { jobState } = context;
  const slug = workspace.slug;
  try {
    await ingestMembers(
      jobState,
      run.client.list(workspacePermissions, [slug]),
      workspace,
      members,
    );
  } catch (err) {
    if (!isHttpStatus(err, 403)) throw err;
    publishMissingPermission(context, workspaceRolesDeniedMessage(slug));
    // Memberships already added are kept; addRelationshipOnce skips them.
    await ingestMembers(
      jobState,
      run.client.list(workspaceMembers, [slug]),
      workspace,
      members,
    );
  }
}

export function workspaceRolesDeniedMessage(slug: string): string {
  return `Bitbucket denied GET /workspaces/${slug}/permissions (403): the workspace roles (owner / collaborator / member) of '${slug}' are not collected, so its admins cannot be queried. Members were listed with GET /workspaces/${slug}/members instead, without roles. The endpoint needs the account scope (Account: Read) and cannot be called with a workspace access token.`;
}

/** Members of every workspace, with their role where Bitbucket gives it. */
export function fetchUsers(context: StepContext): Promise<void> {
  return withRequestLog(context, BitbucketSteps.USERS.id, (run) =>
    forEachWorkspace(context, 'members', async (workspace) => {
      // The PR step needs member uuids too; it waits for this listing.
      const share = run.client.shareMemberListing(workspace.slug);
      const members = new Set<string>();
      try {
        await ingestWorkspaceMembers(context, run, workspace, members);
      } catch (err) {
        share(err instanceof Error ? err : new Error(String(err)));
        throw err;
      }
      share(members);
    }),
  );
}

export const userHandlers = {
  USERS: fetchUsers,
} satisfies StepHandlers<typeof BitbucketSteps>;
