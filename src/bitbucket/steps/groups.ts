import { JobState, RelationshipClass } from '@jupiterone/integration-sdk-core';
import { isHttpStatus } from '../../http';
import { createGroupEntity } from '../converters/group';
import { BitbucketEntities, BitbucketSteps } from '../metadata';
import {
  addChildOnce,
  publishMissingPermission,
  relateOnce,
  StepContext,
  StepHandlers,
} from '../../steps';
import { forEachWorkspace, withRequestLog } from './common';

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

/**
 * Groups of every workspace from API 1.0 (when it answers), with their
 * members and owner kept for the membership step.
 */
export function fetchGroups(context: StepContext): Promise<void> {
  const { jobState } = context;
  return withRequestLog(context, BitbucketSteps.GROUPS.id, async (run) => {
    const people: GroupPeople[] = [];
    await forEachWorkspace(context, 'groups', async (workspace, entity) => {
      let groups;
      try {
        groups = await run.client.listV1Groups(workspace.slug);
      } catch (err) {
        if (!isHttpStatus(err, 403)) throw err;
        publishMissingPermission(
          context,
          `Bitbucket denied GET /1.0/groups/${workspace.slug} (403): the credential cannot list the groups of workspace '${workspace.slug}' (it needs workspace admin rights / the account scope). Groups are derived from repository permissions and branch restrictions instead.`,
        );
        return;
      }
      if (!groups) {
        publishMissingPermission(context, groupsApiGoneMessage(workspace.slug));
        return;
      }
      for (const group of groups) {
        const groupEntity = createGroupEntity(workspace, group);
        if (!(await addChildOnce(jobState, entity, groupEntity))) continue;
        people.push({
          groupKey: groupEntity._key,
          memberUuids: (group.members ?? [])
            .map((member) => member.uuid)
            .filter((uuid): uuid is string => typeof uuid === 'string'),
          ownerUuid: group.owner?.uuid,
        });
      }
    });
    await jobState.setData(GROUP_PEOPLE_DATA_KEY, people);
  });
}

/** group HAS member and owner OWNS group, for users of this run. */
export async function buildGroupUserRelationships({
  jobState,
}: StepContext): Promise<void> {
  for (const people of await getGroupPeople(jobState)) {
    const group = { _key: people.groupKey, _type: E.GROUP._type };
    // Only members that are users of a collected workspace are linked.
    for (const uuid of people.memberUuids) {
      if (!(await jobState.hasKey(uuid))) continue;
      const user = { _key: uuid, _type: E.USER._type };
      await relateOnce(jobState, group, RelationshipClass.HAS, user);
    }
    const owner = people.ownerUuid;
    if (owner && (await jobState.hasKey(owner))) {
      const user = { _key: owner, _type: E.USER._type };
      await relateOnce(jobState, user, RelationshipClass.OWNS, group);
    }
  }
}

export const groupHandlers = {
  GROUPS: fetchGroups,
  GROUP_USER_RELATIONSHIPS: buildGroupUserRelationships,
} satisfies StepHandlers<typeof BitbucketSteps>;
