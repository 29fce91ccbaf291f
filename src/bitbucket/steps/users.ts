import {
  createDirectRelationship,
  createMappedRelationship,
  Entity,
  IntegrationStep,
  JobState,
  Relationship,
  RelationshipClass,
  RelationshipDirection,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { createUserEntity } from '../converters/user';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketMappedRelationships,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { BitbucketRunClient } from '../client/clientCache';
import { withRequestLog } from './shared';

/** Adds a relationship unless one with the same key exists (deduplication). */
export async function addRelationshipOnce(
  jobState: JobState,
  relationship: Relationship,
): Promise<void> {
  if (!(await jobState.hasKey(relationship._key))) {
    await jobState.addRelationship(relationship);
  }
}

/** Workspaces collected by the workspaces step, one at a time. */
export async function forEachWorkspace(
  jobState: JobState,
  fn: (workspace: Entity & { slug: string }) => Promise<void>,
): Promise<void> {
  const workspaces: Array<Entity & { slug: string }> = [];
  await jobState.iterateEntities(
    { _type: BitbucketEntities.WORKSPACE._type },
    (workspace) => {
      workspaces.push(workspace as Entity & { slug: string });
    },
  );
  for (const workspace of workspaces) await fn(workspace);
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
  run: BitbucketRunClient,
  workspace: Entity & { slug: string },
  members: Set<string>,
): Promise<void> {
  for await (const member of run.client.listMembers(workspace.slug)) {
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
      createDirectRelationship({
        _class: RelationshipClass.HAS,
        fromKey: workspace._key,
        fromType: BitbucketEntities.WORKSPACE._type,
        toKey: uuid,
        toType: BitbucketEntities.USER._type,
      }),
    );
  }
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
      async ({ jobState }, run) => {
        await forEachWorkspace(jobState, async (workspace) => {
          // The PR step needs member uuids too; it waits for this listing.
          const share = run.client.shareMemberListing(workspace.slug);
          const members = new Set<string>();
          try {
            await ingestMembers(jobState, run, workspace, members);
          } catch (err) {
            share(err instanceof Error ? err : new Error(String(err)));
            throw err;
          }
          share(members);
        });
      },
    ),
  },
];
