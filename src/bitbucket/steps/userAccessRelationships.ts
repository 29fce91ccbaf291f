import {
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { PolicyRef, readPolicyRef } from '../converters/permission';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { declareStep, relateOnce, StepContext } from '../../steps';

const E = BitbucketEntities;

/**
 * Both principal steps read the permission and branch-restriction entities
 * (no request of their own). Their source is repositories, like the entities
 * they start from; each also needs its principal's step, so switching users
 * off skips only the user links, switching groups off only the group links.
 */
export const POLICY_STEPS = [
  BitbucketSteps.PERMISSIONS,
  BitbucketSteps.BRANCH_RESTRICTIONS,
];

/**
 * Calls `fn` for every collected permission and branch restriction with the
 * principals it names and the class of its link to a principal: a user or
 * group HAS a permission, a branch restriction ALLOWS a user or group.
 */
export async function forEachPolicy(
  { jobState }: StepContext,
  fn: (policy: PolicyRef, principalLink: RelationshipClass) => Promise<void>,
  scope: PolicyRef['scope'] = 'repository',
): Promise<void> {
  await jobState.iterateEntities({ _type: E.PERMISSION._type }, (entity) => {
    const policy = readPolicyRef(entity);
    return policy.scope === scope
      ? fn(policy, RelationshipClass.HAS)
      : undefined;
  });
  // Project permissions are read by their own step (projects source).
  if (scope === 'project') return;
  await jobState.iterateEntities(
    { _type: E.BRANCH_RESTRICTION._type },
    (entity) => fn(readPolicyRef(entity), RelationshipClass.ALLOWS),
  );
}

/**
 * Links policies to the users they name; only users that are members of a
 * collected workspace.
 */
export function buildUserAccessRelationships(
  context: StepContext,
): Promise<void> {
  return linkPolicyUsers(context, 'repository');
}

/** Users named by the policies of one scope (repository or project). */
export async function linkPolicyUsers(
  context: StepContext,
  scope: PolicyRef['scope'],
): Promise<void> {
  const { jobState } = context;
  await forEachPolicy(
    context,
    async (policy, link) => {
      const policyEnd = { _key: policy.key, _type: policy.type };
      for (const userId of policy.userIds) {
        if (!(await jobState.hasKey(userId))) continue;
        const user = { _key: userId, _type: E.USER._type };
        if (link === RelationshipClass.HAS) {
          await relateOnce(jobState, user, link, policyEnd);
        } else {
          await relateOnce(jobState, policyEnd, link, user);
        }
      }
    },
    scope,
  );
}

export const userAccessRelationshipSteps: IntegrationStep<IntegrationConfig>[] =
  [
    declareStep(
      BitbucketSteps.USER_ACCESS_RELATIONSHIPS,
      buildUserAccessRelationships,
      {
        writes: [
          BitbucketRelationships.USER_HAS_PERMISSION,
          BitbucketRelationships.BRANCH_RESTRICTION_ALLOWS_USER,
        ],
        after: [BitbucketSteps.USERS, ...POLICY_STEPS],
        source: BitbucketIngestionSourceIds.REPOS,
      },
    ),
  ];
