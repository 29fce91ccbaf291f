import { JobState, RelationshipClass } from '@jupiterone/integration-sdk-core';
import { createDerivedGroupEntity } from '../converters/group';
import { bitbucketKeys } from '../converters/keys';
import { PolicyRef, readPolicyRef } from '../converters/permission';
import { BitbucketEntities, BitbucketSteps } from '../metadata';
import {
  addChildOnce,
  relateOnce,
  RelationshipEnd,
  StepContext,
  StepHandlers,
} from '../../steps';

/**
 * The principals of permissions and branch restrictions: the users and
 * groups they name, linked without a request of their own (the steps read
 * the permission and branch-restriction entities).
 */

const E = BitbucketEntities;

/** The principals one policy names, as relationship ends. */
type PrincipalsOf = (policy: PolicyRef) => Promise<RelationshipEnd[]>;

/**
 * Links every collected policy of `scope` to the principals `principalsOf`
 * finds: a user or group HAS a permission, a branch restriction ALLOWS a
 * user or group. Project permissions are read by their own step (projects
 * source), so branch restrictions are read for the repository scope only.
 */
export async function linkPolicyPrincipals(
  { jobState }: StepContext,
  scope: PolicyRef['scope'],
  principalsOf: PrincipalsOf,
): Promise<void> {
  const link = async (entity: Parameters<typeof readPolicyRef>[0]) => {
    const policy = readPolicyRef(entity);
    if (policy.scope !== scope) return;
    const end = { _key: policy.key, _type: policy.type };
    for (const principal of await principalsOf(policy)) {
      if (entity._type === E.PERMISSION._type) {
        await relateOnce(jobState, principal, RelationshipClass.HAS, end);
      } else {
        await relateOnce(jobState, end, RelationshipClass.ALLOWS, principal);
      }
    }
  };
  await jobState.iterateEntities({ _type: E.PERMISSION._type }, link);
  if (scope === 'project') return;
  await jobState.iterateEntities({ _type: E.BRANCH_RESTRICTION._type }, link);
}

/** The users a policy names that are members of a collected workspace. */
export function collectedUsers(jobState: JobState): PrincipalsOf {
  return async (policy) => {
    const users: RelationshipEnd[] = [];
    for (const userId of policy.userIds) {
      if (await jobState.hasKey(userId)) {
        users.push({ _key: userId, _type: E.USER._type });
      }
    }
    return users;
  };
}

/**
 * The groups a policy names, in a collected workspace: `resolve` returns
 * the group's key when it is to be linked.
 */
export function namedGroups(
  resolve: (
    workspace: { uuid: string; slug: string },
    group: { slug: string; name: string },
    key: string,
  ) => Promise<boolean>,
): PrincipalsOf {
  return async (policy) => {
    const groups: RelationshipEnd[] = [];
    const workspace = policy.workspace;
    if (!workspace) return groups;
    for (const named of policy.groups) {
      const key = bitbucketKeys.group(workspace.uuid, named.slug);
      if (await resolve(workspace, named, key)) {
        groups.push({ _key: key, _type: E.GROUP._type });
      }
    }
    return groups;
  };
}

/**
 * The group entity for a slug, creating a membership-less one when the
 * groups step did not (API 1.0 gone or denied, or a group it did not list).
 * That is why the group step declares bitbucket_group and workspace HAS
 * group too: the groups step adds the listed groups, this one the derived
 * ones.
 */
function ensureGroup(jobState: JobState) {
  return namedGroups(async (workspace, group, key) => {
    if (await jobState.hasKey(key)) return true;
    if (!(await jobState.hasKey(workspace.uuid))) return false;
    await addChildOnce(
      jobState,
      { _key: workspace.uuid, _type: E.WORKSPACE._type },
      createDerivedGroupEntity(workspace, group),
    );
    return true;
  });
}

/**
 * Links repository permissions and branch restrictions to the users they
 * name; only users that are members of a collected workspace.
 */
export function buildUserAccessRelationships(
  context: StepContext,
): Promise<void> {
  return linkPolicyPrincipals(
    context,
    'repository',
    collectedUsers(context.jobState),
  );
}

/** Links them to the groups they name, deriving missing groups. */
export function buildGroupAccessRelationships(
  context: StepContext,
): Promise<void> {
  return linkPolicyPrincipals(
    context,
    'repository',
    ensureGroup(context.jobState),
  );
}

export const principalHandlers = {
  USER_ACCESS_RELATIONSHIPS: buildUserAccessRelationships,
  GROUP_ACCESS_RELATIONSHIPS: buildGroupAccessRelationships,
} satisfies StepHandlers<typeof BitbucketSteps>;
