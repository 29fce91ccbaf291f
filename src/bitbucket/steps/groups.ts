import {
  createDirectRelationship,
  IntegrationStep,
  JobState,
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
import { withRequestLog } from './shared';
import { forEachWorkspace } from './users';
import {
  addRelationshipOnce,
  publishMissingPermission,
} from '../../stepSupport';

const E = BitbucketEntities;

export function groupsApiGoneMessage(slug: string): string {
  return `Bitbucket API 1.0 groups endpoint (GET /1.0/groups/${slug}) is no longer available for workspace '${slug}' (Atlassian keeps it only as "temporary support"). Groups are derived from repository permissions and branch restrictions instead, without members or owners.`;
}

/**
 * Members and owner of one API 1.0 group, handed from the groups step to
 * the membership step (which waits for users) without a second request.
 */
export interface GroupPeople {
  groupKey: string;
  memberUuids: string[];
  ownerUuid?: string;
}

/** jobState data key of the GroupPeople[] the groups step collected. */
export const GROUP_PEOPLE_DATA_KEY = 'bitbucket:group-people';

async function getGroupPeople(jobState: JobState): Promise<GroupPeople[]> {
  return (await jobState.getData<GroupPeople[]>(GROUP_PEOPLE_DATA_KEY)) ?? [];
}

export const groupSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    // Needs only the workspaces, so switching the users source off keeps
    // the groups; who is in them is linked by the next step.
    id: BitbucketSteps.GROUPS.id,
    name: BitbucketSteps.GROUPS.name,
    entities: [E.GROUP],
    relationships: [BitbucketRelationships.WORKSPACE_HAS_GROUP],
    dependsOn: [BitbucketSteps.WORKSPACES.id],
    ingestionSourceId: BitbucketIngestionSourceIds.GROUPS,
    executionHandler: withRequestLog(
      BitbucketSteps.GROUPS.id,
      async (context, run) => {
        const { jobState } = context;
        const people: GroupPeople[] = [];
        await forEachWorkspace(
          jobState,
          async (workspace) => {
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
              people.push({
                groupKey: entity._key,
                memberUuids: (group.members ?? [])
                  .map((member) => member.uuid)
                  .filter((uuid): uuid is string => typeof uuid === 'string'),
                ownerUuid: group.owner?.uuid,
              });
            }
          },
          { context, what: 'groups' },
        );
        await jobState.setData(GROUP_PEOPLE_DATA_KEY, people);
      },
    ),
  },
  {
    // Group HAS user and user OWNS group need both ends; the source is
    // groups (the data comes from the groups listing), and switching users
    // off skips only this step, not the group entities.
    id: BitbucketSteps.GROUP_USER_RELATIONSHIPS.id,
    name: BitbucketSteps.GROUP_USER_RELATIONSHIPS.name,
    entities: [],
    relationships: [
      BitbucketRelationships.GROUP_HAS_USER,
      BitbucketRelationships.USER_OWNS_GROUP,
    ],
    dependsOn: [BitbucketSteps.GROUPS.id, BitbucketSteps.USERS.id],
    ingestionSourceId: BitbucketIngestionSourceIds.GROUPS,
    executionHandler: async ({ jobState }) => {
      for (const group of await getGroupPeople(jobState)) {
        // Only members that are users of a collected workspace are linked.
        for (const uuid of group.memberUuids) {
          if (!(await jobState.hasKey(uuid))) continue;
          await addRelationshipOnce(
            jobState,
            createDirectRelationship({
              _class: RelationshipClass.HAS,
              fromKey: group.groupKey,
              fromType: E.GROUP._type,
              toKey: uuid,
              toType: E.USER._type,
            }),
          );
        }
        const owner = group.ownerUuid;
        if (owner && (await jobState.hasKey(owner))) {
          await addRelationshipOnce(
            jobState,
            createDirectRelationship({
              _class: RelationshipClass.OWNS,
              fromKey: owner,
              fromType: E.USER._type,
              toKey: group.groupKey,
              toType: E.GROUP._type,
            }),
          );
        }
      }
    },
  },
];
