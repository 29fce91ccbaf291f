import {
  createDirectRelationship,
  Entity,
  IntegrationStep,
  JobState,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { createDerivedGroupEntity, createGroupKey } from '../converters/group';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { addRelationshipOnce } from './users';

const E = BitbucketEntities;

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/**
 * The group entity for a slug, creating a membership-less one when the
 * groups step did not (API 1.0 gone, or a group it did not list).
 */
async function ensureGroup(
  jobState: JobState,
  policy: Entity,
  slug: string,
  name: string,
): Promise<string | undefined> {
  const workspaceUuid = policy.ownerId;
  const workspaceSlug = policy.workspace;
  if (typeof workspaceUuid !== 'string' || typeof workspaceSlug !== 'string') {
    return undefined;
  }
  const key = createGroupKey(workspaceUuid, slug);
  if (await jobState.hasKey(key)) return key;
  if (!(await jobState.hasKey(workspaceUuid))) return undefined;
  const group = await jobState.addEntity(
    createDerivedGroupEntity(
      { uuid: workspaceUuid, slug: workspaceSlug },
      { slug, name },
    ),
  );
  await jobState.addRelationship(
    createDirectRelationship({
      _class: RelationshipClass.HAS,
      fromKey: workspaceUuid,
      fromType: E.WORKSPACE._type,
      toKey: group._key,
      toType: E.GROUP._type,
    }),
  );
  return key;
}

export const accessRelationshipSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    // Links permissions and branch restrictions to users and groups in their
    // own step, so the repo steps need neither users nor groups (switching
    // those sources off loses only these links).
    id: BitbucketSteps.ACCESS_RELATIONSHIPS.id,
    name: BitbucketSteps.ACCESS_RELATIONSHIPS.name,
    entities: [E.GROUP],
    relationships: [
      BitbucketRelationships.WORKSPACE_HAS_GROUP,
      BitbucketRelationships.USER_HAS_PERMISSION,
      BitbucketRelationships.GROUP_HAS_PERMISSION,
      BitbucketRelationships.BRANCH_RESTRICTION_ALLOWS_USER,
      BitbucketRelationships.BRANCH_RESTRICTION_ALLOWS_GROUP,
    ],
    dependsOn: [
      BitbucketSteps.USERS.id,
      BitbucketSteps.GROUPS.id,
      BitbucketSteps.PERMISSIONS.id,
      BitbucketSteps.BRANCH_RESTRICTIONS.id,
    ],
    ingestionSourceId: BitbucketIngestionSourceIds.REPOS,
    executionHandler: async ({ jobState }) => {
      await jobState.iterateEntities(
        { _type: E.PERMISSION._type },
        async (permission: Entity) => {
          if (permission.principalType === 'user') {
            const userId = permission.userId;
            if (typeof userId !== 'string') return;
            if (!(await jobState.hasKey(userId))) return;
            await addRelationshipOnce(
              jobState,
              createDirectRelationship({
                _class: RelationshipClass.HAS,
                fromKey: userId,
                fromType: E.USER._type,
                toKey: permission._key,
                toType: E.PERMISSION._type,
              }),
            );
            return;
          }
          const slug = permission.groupSlug;
          if (typeof slug !== 'string') return;
          const groupKey = await ensureGroup(
            jobState,
            permission,
            slug,
            String(permission.groupName ?? slug),
          );
          if (!groupKey) return;
          await addRelationshipOnce(
            jobState,
            createDirectRelationship({
              _class: RelationshipClass.HAS,
              fromKey: groupKey,
              fromType: E.GROUP._type,
              toKey: permission._key,
              toType: E.PERMISSION._type,
            }),
          );
        },
      );
      await jobState.iterateEntities(
        { _type: E.BRANCH_RESTRICTION._type },
        async (restriction: Entity) => {
          for (const userId of strings(restriction.userIds)) {
            if (!(await jobState.hasKey(userId))) continue;
            await addRelationshipOnce(
              jobState,
              createDirectRelationship({
                _class: RelationshipClass.ALLOWS,
                fromKey: restriction._key,
                fromType: E.BRANCH_RESTRICTION._type,
                toKey: userId,
                toType: E.USER._type,
              }),
            );
          }
          const slugs = strings(restriction.groupSlugs);
          const names = strings(restriction.groupNames);
          for (const [index, slug] of slugs.entries()) {
            const groupKey = await ensureGroup(
              jobState,
              restriction,
              slug,
              names[index] ?? slug,
            );
            if (!groupKey) continue;
            await addRelationshipOnce(
              jobState,
              createDirectRelationship({
                _class: RelationshipClass.ALLOWS,
                fromKey: restriction._key,
                fromType: E.BRANCH_RESTRICTION._type,
                toKey: groupKey,
                toType: E.GROUP._type,
              }),
            );
          }
        },
      );
    },
  },
];
