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
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { principalStepBase, restrictionGroups } from './accessPrincipals';
import { addRelationshipOnce } from '../../stepSupport';

const E = BitbucketEntities;
const S = BitbucketSteps.GROUP_ACCESS_RELATIONSHIPS;

/**
 * The group entity for a slug, creating a membership-less one when the
 * groups step did not (API 1.0 gone or denied, or a group it did not list).
 * That is why this step declares bitbucket_group and workspace HAS group
 * too: the groups step adds the listed groups, this one the derived ones.
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

export const groupAccessRelationshipSteps: IntegrationStep<IntegrationConfig>[] =
  [
    {
      // Depends on the groups step so that listed groups (with members)
      // exist before any would be derived under the same key.
      id: S.id,
      name: S.name,
      entities: [E.GROUP],
      relationships: [
        BitbucketRelationships.WORKSPACE_HAS_GROUP,
        BitbucketRelationships.GROUP_HAS_PERMISSION,
        BitbucketRelationships.BRANCH_RESTRICTION_ALLOWS_GROUP,
      ],
      dependsOn: [BitbucketSteps.GROUPS.id, ...principalStepBase.policySteps],
      ingestionSourceId: principalStepBase.ingestionSourceId,
      executionHandler: async ({ jobState }) => {
        await jobState.iterateEntities(
          { _type: E.PERMISSION._type },
          async (permission: Entity) => {
            const slug = permission.groupSlug;
            if (permission.principalType === 'user') return;
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
            for (const { slug, name } of restrictionGroups(restriction)) {
              const groupKey = await ensureGroup(
                jobState,
                restriction,
                slug,
                name,
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
