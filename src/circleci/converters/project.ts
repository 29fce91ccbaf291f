import { Entity } from '@jupiterone/integration-sdk-core';
import { CircleCIOidcCustomClaims } from '../client/responses/controls';
import {
  CircleCIProjectEnvironmentVariable,
  CircleCIProjectSettings,
} from '../client/responses/projectSettings';
import { CircleCIProject } from '../client/responses/projects';
import { CircleCIEntities } from '../metadata';
import { circleciEntity } from './entity';
import { parseCircleCITime } from './time';
import { CIRCLECI_APP_URL, circleciKeys } from './keys';
import { stringProperty } from '../../steps/entityProperties';
import { oidcClaimsProperties } from './controls';

/**
 * The security-relevant advanced settings as entity properties; absent when
 * the settings could not be read (403/404) so "unknown" is never "false".
 */
function settingsProperties(settings: CircleCIProjectSettings | undefined) {
  const advanced = settings?.advanced;
  if (!advanced) return {};
  return {
    autocancelBuilds: advanced.autocancel_builds,
    buildForkPrs: advanced.build_fork_prs,
    buildPrsOnly: advanced.build_prs_only,
    disableSsh: advanced.disable_ssh,
    forksReceiveSecretEnvVars: advanced.forks_receive_secret_env_vars,
    oss: advanced.oss,
    setGithubStatus: advanced.set_github_status,
    setupWorkflows: advanced.setup_workflows,
    writeSettingsRequiresAdmin: advanced.write_settings_requires_admin,
    prOnlyBranchOverrides: advanced.pr_only_branch_overrides,
  };
}

/**
 * `circleci_project` from `GET /project/{slug}` (+ its settings and its
 * project-level OIDC custom claims, each if readable).
 */
export function createProjectEntity(
  project: CircleCIProject,
  settings?: CircleCIProjectSettings,
  oidcClaims?: CircleCIOidcCustomClaims,
): Entity {
  return circleciEntity(
    CircleCIEntities.PROJECT,
    settings ? { ...project, settings } : project,
    {
      _key: circleciKeys.project(project.id),
      id: project.id,
      name: project.name,
      displayName: project.name,
      slug: project.slug,
      organizationName: project.organization_name,
      organizationId: project.organization_id,
      organizationSlug: project.organization_slug,
      // The join keys to the VCS repository (GitHub / Bitbucket). Kept
      // as sent: `circleci/<org-id>` projects have a scheme-less
      // `//circleci.com/<org-id>/<project-id>`, which is not a link and
      // joins nothing (the cross-vendor steps need an http(s) URL).
      vcsUrl: project.vcs_info?.vcs_url || undefined,
      vcsProvider: project.vcs_info?.provider || undefined,
      defaultBranch: project.vcs_info?.default_branch || undefined,
      webLink: `${CIRCLECI_APP_URL}/pipelines/${project.slug}`,
      settingsAvailable: settings !== undefined,
      ...settingsProperties(settings),
      ...oidcClaimsProperties(oidcClaims),
    },
  );
}

/**
 * `circleci_project_environment_variable`: name, creation time and owning
 * project only. The API's masked value ("xxxx" + last four characters) is
 * neither a property nor part of the raw data.
 */
export function createProjectEnvVarEntity(
  variable: CircleCIProjectEnvironmentVariable,
  project: { id: string; slug: string },
): Entity {
  const createdAt = variable['created-at'] ?? null;
  return circleciEntity(
    CircleCIEntities.PROJECT_ENV_VAR,
    { name: variable.name, 'created-at': createdAt },
    {
      _key: circleciKeys.projectEnvVar(project.id, variable.name),
      name: variable.name,
      displayName: variable.name,
      createdOn: parseCircleCITime(createdAt),
      projectId: project.id,
      projectSlug: project.slug,
    },
  );
}

/** Properties of `circleci_project` that later steps read back. */
export const ProjectProperties = {
  id: 'id',
  slug: 'slug',
  organizationSlug: 'organizationSlug',
  vcsUrl: 'vcsUrl',
} as const;

/** What later steps need of a collected project. */
export interface ProjectRef {
  key: string;
  id: string;
  slug: string;
  organizationSlug?: string;
  vcsUrl?: string;
}

/** A collected project's ref; undefined when it lacks an id or slug. */
export function readProjectRef(entity: Entity): ProjectRef | undefined {
  const P = ProjectProperties;
  const id = stringProperty(entity, P.id);
  const slug = stringProperty(entity, P.slug);
  if (!id || !slug) return undefined;
  return {
    key: entity._key,
    id,
    slug,
    organizationSlug: stringProperty(entity, P.organizationSlug),
    vcsUrl: stringProperty(entity, P.vcsUrl),
  };
}
