import {
  createMappedRelationship,
  Entity,
  IntegrationStep,
  JobState,
  RelationshipClass,
  RelationshipDirection,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import {
  createUserEntity,
  createWorkspaceHasUserRelationship,
} from '../converters/user';
import { BitbucketWorkspaceMembership } from '../client/types';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketMappedRelationships,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { BitbucketRunClient } from '../client/clientCache';
import { BitbucketStepContext, withRequestLog } from './shared';
import {
  addRelationshipOnce,
  publishMissingPermission,
  skipFailedListing,
} from '../../stepSupport';

/**
 * Workspaces collected by the workspaces step, one at a time. With
 * `what` (e.g. "repositories"), a workspace whose listing answers a body of
 * the wrong shape is skipped with one warning and the others still run.
 */
export async function forEachWorkspace(
  jobState: JobState,
  fn: (workspace: Entity & { slug: string }) => Promise<void>,
  skippable?: { context: BitbucketStepContext; what: string },
): Promise<void> {
  const workspaces: Array<Entity & { slug: string }> = [];
  await jobState.iterateEntities(
    { _type: BitbucketEntities.WORKSPACE._type },
    (workspace) => {
      workspaces.push(workspace as Entity & { slug: string });
    },
  );
  for (const workspace of workspaces) {
    try {
      await fn(workspace);
    } catch (err) {
      const skipped =
        skippable &&
        skipFailedListing(
          skippable.context,
          `The ${skippable.what} of Bitbucket workspace '${workspace.slug}'`,
          err,
        );
      if (!skipped) throw err;
    }
  }
}

export function createUserIsPersonRelationship(user: Entity, nickname: string) {
  return createMappedRelationship({
    _class: RelationshipClass.IS,
    _type: BitbucketMappedRelationships.USER_IS_PERSON._type,
    _mapping: {
      relationshipDirection: RelationshipDirection.FORWARD,
      sourceEntityKey: user._key,
      targetFilterKeys: [['_class', 'bitbucketNickname']],
      targetEntity: { _class: 'Person', bitbucketNickname: nickname },
      skipTargetCreation: true,
    },
  });
}

async function ingestMembers(
  jobState: JobState,
  memberships: AsyncIterable<BitbucketWorkspaceMembership>,
  workspace: Entity & { slug: string },
  members: Set<string>,
): Promise<void> {
  for await (const member of memberships) {
    const user = member.user;
    if (!user?.uuid) continue;
    const uuid = user.uuid;
    members.add(uuid);
    // A user in two workspaces is one entity with HAS from both.
    if (!(await jobState.hasKey(uuid))) {
      const userEntity = createUserEntity({ ...user, uuid });
      await jobState.addEntity(userEntity);
      if (user.nickname) {
        await jobState.addRelationship(
          createUserIsPersonRelationship(userEntity, user.nickname),
        );
      }
    }
    await addRelationshipOnce(
      jobState,
      createWorkspaceHasUserRelationship(
        workspace._key,
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
  context: BitbucketStepContext,
  run: BitbucketRunClient,
  workspace: Entity & { slug: string },
  members: Set<string>,
): Promise<void> {
  const { jobState } = context;
  const slug = workspace.slug;
  try {
    await ingestMembers(
      jobState,
      run.client.listWorkspacePermissions(slug),
      workspace,
      members,
    );
  } catch (err) {
    if (!isHttpStatus(err, 403)) throw err;
    publishMissingPermission(context, workspaceRolesDeniedMessage(slug));
    // Memberships already added are kept; addRelationshipOnce skips them.
    await ingestMembers(
      jobState,
      run.client.listMembers(slug),
      workspace,
      members,
    );
  }
}

export function workspaceRolesDeniedMessage(slug: string): string {
  return `Bitbucket denied GET /workspaces/${slug}/permissions (403): the workspace roles (owner / collaborator / member) of '${slug}' are not collected, so its admins cannot be queried. Members were listed with GET /workspaces/${slug}/members instead, without roles. The endpoint needs the account scope (Account: Read) and cannot be called with a workspace access token.`;
}

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: BitbucketSteps.USERS.id,
    name: BitbucketSteps.USERS.name,
    entities: [BitbucketEntities.USER],
    relationships: [BitbucketRelationships.WORKSPACE_HAS_USER],
    mappedRelationships: [BitbucketMappedRelationships.USER_IS_PERSON],
    dependsOn: [BitbucketSteps.WORKSPACES.id],
    ingestionSourceId: BitbucketIngestionSourceIds.USERS,
    executionHandler: withRequestLog(
      BitbucketSteps.USERS.id,
      async (context, run) => {
        await forEachWorkspace(
          context.jobState,
          async (workspace) => {
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
          },
          { context, what: 'members' },
        );
      },
    ),
  },
];
