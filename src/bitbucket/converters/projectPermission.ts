import { PermissionTarget } from './permission';

/** The project a permission belongs to. */
export interface PolicyProject {
  uuid: string;
  key: string;
  name: string;
  workspaceUuid: string;
  workspaceSlug: string;
}

/**
 * The level a project permission grants on every repository of the
 * project: `create-repo` is write plus creating repositories; `none`
 * grants nothing (a BitbucketProjectPermissionLevel; anything else, nothing).
 */
export function repositoryLevelOf(
  permission: string | undefined,
): 'read' | 'write' | 'admin' | undefined {
  switch (permission) {
    case 'read':
    case 'write':
    case 'admin':
      return permission;
    case 'create-repo':
      return 'write';
    default:
      return undefined;
  }
}

/** A project as the target of its permissions. */
export function projectPermissionTarget(
  project: PolicyProject,
): PermissionTarget {
  return {
    scope: 'project',
    uuid: project.uuid,
    label: `project ${project.name}`,
    workspaceUuid: project.workspaceUuid,
    workspaceSlug: project.workspaceSlug,
    properties: (level) => ({
      // What it grants on each repository of the project.
      repositoryPermission: repositoryLevelOf(level),
      projectId: project.uuid,
      projectKey: project.key,
    }),
  };
}
