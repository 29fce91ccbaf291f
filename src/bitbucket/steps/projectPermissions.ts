import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import {
  projectGroupPermissions,
  projectUserPermissions,
} from '../client/responses/access';
import { PROJECT_ADMIN_SCOPE } from '../auth/scopes';
import { createPermissionEntity } from '../converters/permission';
import { projectPermissionTarget } from '../converters/projectPermission';
import { BitbucketEntities, BitbucketSteps } from '../metadata';
import { StepContext, StepHandlers } from '../../steps';
import {
  addChildrenOf,
  permissionsConfig,
  PROJECTS,
  withRequestLog,
} from './common';
import {
  collectedUsers,
  linkPolicyPrincipals,
  namedGroups,
} from './principals';

const E = BitbucketEntities;

/**
 * Explicit user and group permissions of every project: Bitbucket applies
 * them to every repository of the project, so they are half of "who can
 * change this repository" (GET …/projects/{key}/permissions-config/*,
 * project admin, OAuth scope project:admin).
 */
export function fetchProjectPermissions(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.PROJECT_PERMISSIONS.id;
  return withRequestLog(context, stepId, (run) =>
    addChildrenOf(context, run, PROJECTS, {
      needs: { scope: PROJECT_ADMIN_SCOPE, for: 'reading project permissions' },
      what: 'permissions',
      hint: `Reading project permissions needs project admin rights on those projects (OAuth scope ${PROJECT_ADMIN_SCOPE}).`,
      list: (project) =>
        permissionsConfig(
          run.client,
          PROJECTS.ids(project),
          projectGroupPermissions,
          projectUserPermissions,
        ),
      convert: (project, named) =>
        createPermissionEntity(projectPermissionTarget(project), named),
      relationshipClass: RelationshipClass.ALLOWS,
    }),
  );
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
  await linkPolicyPrincipals(context, 'project', collectedUsers(jobState));
  const listed = new Set<string>();
  await jobState.iterateEntities({ _type: E.GROUP._type }, (group) => {
    if (group.membersKnown === true) listed.add(group._key);
  });
  await linkPolicyPrincipals(
    context,
    'project',
    namedGroups(async (_workspace, _group, key) => listed.has(key)),
  );
}

export const projectPermissionHandlers = {
  PROJECT_PERMISSIONS: fetchProjectPermissions,
  PROJECT_PERMISSION_PRINCIPALS: buildProjectPermissionPrincipals,
} satisfies StepHandlers<typeof BitbucketSteps>;
