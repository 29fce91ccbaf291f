import {
  IntegrationStep,
  JobState,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { createDerivedGroupEntity } from '../converters/group';
import { bitbucketKeys } from '../converters/keys';
import { PolicyRef } from '../converters/permission';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import {
  addChildOnce,
  declareStep,
  relateOnce,
  StepContext,
} from '../../steps';
import { forEachPolicy, POLICY_STEPS } from './userAccessRelationships';

const E = BitbucketEntities;

/**
 * The group entity for a slug, creating a membership-less one when the
 * groups step did not (API 1.0 gone or denied, or a group it did not list).
 * That is why this step declares bitbucket_group and workspace HAS group
 * too: the groups step adds the listed groups, this one the derived ones.
 */
async function ensureGroup(
  jobState: JobState,
  policy: PolicyRef,
  group: { slug: string; name: string },
): Promise<string | undefined> {
  const workspace = policy.workspace;
  if (!workspace) return undefined;
  const key = bitbucketKeys.group(workspace.uuid, group.slug);
  if (await jobState.hasKey(key)) return key;
  if (!(await jobState.hasKey(workspace.uuid))) return undefined;
  await addChildOnce(
    jobState,
    { _key: workspace.uuid, _type: E.WORKSPACE._type },
    createDerivedGroupEntity(workspace, group),
  );
  return key;
}

/** Links policies to the groups they name, deriving missing groups. */
export function buildGroupAccessRelationships(
  context: StepContext,
): Promise<void> {
  return linkPolicyGroups(context, 'repository');
}

/** Groups named by the policies of one scope, deriving missing groups. */
export async function linkPolicyGroups(
  context: StepContext,
  scope: PolicyRef['scope'],
): Promise<void> {
  const { jobState } = context;
  await forEachPolicy(
    context,
    async (policy, link) => {
      const policyEnd = { _key: policy.key, _type: policy.type };
      for (const named of policy.groups) {
        const groupKey = await ensureGroup(jobState, policy, named);
        if (!groupKey) continue;
        const group = { _key: groupKey, _type: E.GROUP._type };
        if (link === RelationshipClass.HAS) {
          await relateOnce(jobState, group, link, policyEnd);
        } else {
          await relateOnce(jobState, policyEnd, link, group);
        }
      }
    },
    scope,
  );
}

export const groupAccessRelationshipSteps: IntegrationStep<IntegrationConfig>[] =
  [
    // Depends on the groups step so that listed groups (with members)
    // exist before any would be derived under the same key.
    declareStep(
      BitbucketSteps.GROUP_ACCESS_RELATIONSHIPS,
      buildGroupAccessRelationships,
      {
        writes: [
          E.GROUP,
          BitbucketRelationships.WORKSPACE_HAS_GROUP,
          BitbucketRelationships.GROUP_HAS_PERMISSION,
          BitbucketRelationships.BRANCH_RESTRICTION_ALLOWS_GROUP,
        ],
        after: [BitbucketSteps.GROUPS, ...POLICY_STEPS],
        source: BitbucketIngestionSourceIds.REPOS,
      },
    ),
  ];
