import {
  createDirectRelationship,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import { createGroupEntity } from '../converters/group';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { publishMissingPermission, withRequestLog } from './shared';
import { addRelationshipOnce, forEachWorkspace } from './users';

const E = BitbucketEntities;

export function groupsApiGoneMessage(slug: string): string {
  return `Bitbucket API 1.0 groups endpoint (GET /1.0/groups/${slug}) is no longer available for workspace '${slug}' (Atlassian keeps it only as "temporary support"). Groups are derived from repository permissions and branch restrictions instead, without members or owners.`;
}

export const groupSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: BitbucketSteps.GROUPS.id,
    name: BitbucketSteps.GROUPS.name,
    entities: [E.GROUP],
    relationships: [
      BitbucketRelationships.WORKSPACE_HAS_GROUP,
      BitbucketRelationships.GROUP_HAS_USER,
      BitbucketRelationships.USER_OWNS_GROUP,
    ],
    // Users first, so memberships link only to user entities that exist.
    dependsOn: [BitbucketSteps.WORKSPACES.id, BitbucketSteps.USERS.id],
    ingestionSourceId: BitbucketIngestionSourceIds.GROUPS,
    executionHandler: withRequestLog(
      BitbucketSteps.GROUPS.id,
      async (context, run) => {
        const { jobState } = context;
        await forEachWorkspace(jobState, async (workspace) => {
          const ws = { uuid: workspace._key, slug: workspace.slug };
          let groups;
          try {
            groups = await run.client.listV1Groups(ws.slug);
          } catch (err) {
            if (!isHttpStatus(err, 403)) throw err;
            publishMissingPermission(
              context,
              `Bitbucket denied GET /1.0/groups/${ws.slug} (403): the credential cannot list the groups of workspace '${ws.slug}' (it needs workspace admin rights / the account scope). Groups are derived from repository permissions and branch restrictions instead.`,
            );
            return;
          }
          if (!groups) {
            publishMissingPermission(context, groupsApiGoneMessage(ws.slug));
            return;
          }
          for (const group of groups) {
            const entity = createGroupEntity(ws, group);
            if (await jobState.hasKey(entity._key)) continue;
            await jobState.addEntity(entity);
            await addRelationshipOnce(
              jobState,
              createDirectRelationship({
                _class: RelationshipClass.HAS,
                from: workspace,
                to: entity,
              }),
            );
            for (const member of group.members ?? []) {
              if (!member.uuid || !(await jobState.hasKey(member.uuid))) {
                continue;
              }
              await addRelationshipOnce(
                jobState,
                createDirectRelationship({
                  _class: RelationshipClass.HAS,
                  fromKey: entity._key,
                  fromType: E.GROUP._type,
                  toKey: member.uuid,
                  toType: E.USER._type,
                }),
              );
            }
            const ownerUuid = group.owner?.uuid;
            if (ownerUuid && (await jobState.hasKey(ownerUuid))) {
              await addRelationshipOnce(
                jobState,
                createDirectRelationship({
                  _class: RelationshipClass.OWNS,
                  fromKey: ownerUuid,
                  fromType: E.USER._type,
                  toKey: entity._key,
                  toType: E.GROUP._type,
                }),
              );
            }
          }
        });
      },
    ),
  },
];
