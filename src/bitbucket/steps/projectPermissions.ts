import {
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { readProjectRef } from '../converters/project';
import {
  createProjectGroupPermissionEntity,
  createProjectUserPermissionEntity,
  PolicyProject,
} from '../converters/projectPermission';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import {
  AccessGaps,
  addChildOnce,
  describeGaps,
  relateOnce,
  forEachLimited,
  publishMissingPermission,
  StepContext,
} from '../../steps';
import { BitbucketRunClient } from '../client/clientCache';
import { checkScope, scopeMessage } from './adminScope';
import { forEachWorkspace, withRequestLog } from './common';
import { forEachPolicy, linkPolicyUsers } from './userAccessRelationships';
import { bitbucketKeys } from '../converters/keys';

const E = BitbucketEntities;
import { PROJECT_ADMIN_SCOPE } from '../auth/scopes';

async function ingestProjectPermissions(
  context: StepContext,
  run: BitbucketRunClient,
  project: PolicyProject,
): Promise<void> {
  const projectEnd = { _key: project.uuid, _type: E.PROJECT._type };
  const add = (entity: Parameters<typeof addChildOnce>[2]) =>
    addChildOnce(
      context.jobState,
      projectEnd,
      entity,
      RelationshipClass.ALLOWS,
    );
  for await (const permission of run.client.listProjectGroupPermissions(
    project.workspaceSlug,
    project.key,
  )) {
    const group = permission.group;
    if (!group?.slug) continue;
    await add(
      createProjectGroupPermissionEntity(project, { ...permission, group }),
    );
  }
  for await (const permission of run.client.listProjectUserPermissions(
    project.workspaceSlug,
    project.key,
  )) {
    const user = permission.user;
    if (!user?.uuid) continue;
    await add(
      createProjectUserPermissionEntity(project, {
        ...permission,
        user: { ...user, uuid: user.uuid },
      }),
    );
  }
}

/**
 * Explicit user and group permissions of every project: Bitbucket applies
 * them to every repository of the project, so they are half of "who can
 * change this repository" (GET …/projects/{key}/permissions-config/*,
 * project admin, OAuth scope project:admin).
 */
export function fetchProjectPermissions(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.PROJECT_PERMISSIONS.id;
  return withRequestLog(context, stepId, async (run) => {
    const scope = await checkScope(run, PROJECT_ADMIN_SCOPE);
    if (scope.lacking.length > 0) {
      publishMissingPermission(
        context,
        scopeMessage(
          scope.lacking,
          PROJECT_ADMIN_SCOPE,
          'reading project permissions',
        ),
      );
      if (scope.noneCan) return;
    }
    const gaps = new AccessGaps(context, 'project permissions');
    await forEachWorkspace(context, 'projects', async (workspace) => {
      const projects: PolicyProject[] = [];
      await context.jobState.iterateEntities(
        { _type: E.PROJECT._type },
        (entity) => {
          const ref = readProjectRef(entity);
          if (ref && ref.workspaceSlug === workspace.slug) {
            projects.push({ ...ref, workspaceUuid: workspace.uuid });
          }
        },
      );
      await forEachLimited(projects, run.config.concurrency, (project) =>
        gaps.attempt(
          `Bitbucket project '${workspace.slug}/${project.key}'`,
          () => ingestProjectPermissions(context, run, project),
        ),
      );
    });
    gaps.publish(
      (found) =>
        `The permissions of ${
          found.length
        } Bitbucket project(s) could not be read: ${describeGaps(
          found,
        )}. Those were skipped and every other project is still collected. Reading project permissions needs project admin rights on those projects (OAuth scope project:admin).`,
    );
  });
}

/**
 * Users and groups named by project permissions (user/group HAS
 * permission). Only groups the groups step listed are linked: a group known
 * only from permissions is derived by the repository principals step, which
 * this step does not wait for (that would tie project data to the
 * repositories source); such a project permission still names its group
 * by groupSlug and groupName.
 */
export async function buildProjectPermissionPrincipals(
  context: StepContext,
): Promise<void> {
  const { jobState } = context;
  await linkPolicyUsers(context, 'project');
  const listed = new Set<string>();
  await jobState.iterateEntities({ _type: E.GROUP._type }, (group) => {
    if (group.membersKnown === true) listed.add(group._key);
  });
  await forEachPolicy(
    context,
    async (policy) => {
      if (!policy.workspace) return;
      for (const named of policy.groups) {
        const key = bitbucketKeys.group(policy.workspace.uuid, named.slug);
        if (!listed.has(key)) continue;
        await relateOnce(
          jobState,
          { _key: key, _type: E.GROUP._type },
          RelationshipClass.HAS,
          { _key: policy.key, _type: policy.type },
        );
      }
    },
    'project',
  );
}

export const projectPermissionSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...BitbucketSteps.PROJECT_PERMISSIONS,
    entities: [E.PERMISSION],
    relationships: [BitbucketRelationships.PROJECT_ALLOWS_PERMISSION],
    dependsOn: [BitbucketSteps.PROJECTS.id],
    ingestionSourceId: BitbucketIngestionSourceIds.PROJECTS,
    executionHandler: fetchProjectPermissions,
  },
  {
    ...BitbucketSteps.PROJECT_PERMISSION_PRINCIPALS,
    entities: [],
    relationships: [
      BitbucketRelationships.USER_HAS_PERMISSION,
      BitbucketRelationships.GROUP_HAS_PERMISSION,
    ],
    dependsOn: [
      BitbucketSteps.USERS.id,
      BitbucketSteps.GROUPS.id,
      BitbucketSteps.PROJECT_PERMISSIONS.id,
    ],
    ingestionSourceId: BitbucketIngestionSourceIds.PROJECTS,
    executionHandler: buildProjectPermissionPrincipals,
  },
];
