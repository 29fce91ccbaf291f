import {
  createDirectRelationship,
  Entity,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import {
  BitbucketEntities,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { principalStepBase, strings } from './accessPrincipals';
import { addRelationshipOnce } from '../../stepSupport';

const E = BitbucketEntities;
const S = BitbucketSteps.USER_ACCESS_RELATIONSHIPS;

export const userAccessRelationshipSteps: IntegrationStep<IntegrationConfig>[] =
  [
    {
      id: S.id,
      name: S.name,
      entities: [],
      relationships: [
        BitbucketRelationships.USER_HAS_PERMISSION,
        BitbucketRelationships.BRANCH_RESTRICTION_ALLOWS_USER,
      ],
      dependsOn: [BitbucketSteps.USERS.id, ...principalStepBase.policySteps],
      ingestionSourceId: principalStepBase.ingestionSourceId,
      executionHandler: async ({ jobState }) => {
        await jobState.iterateEntities(
          { _type: E.PERMISSION._type },
          async (permission: Entity) => {
            const userId = permission.userId;
            if (permission.principalType !== 'user') return;
            // Only users that are members of a collected workspace.
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
          },
        );
      },
    },
  ];
