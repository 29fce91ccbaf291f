import { CircleCIProject } from '../client/responses/projects';
import { createProjectEntity, createProjectEnvVarEntity } from './project';

const project: CircleCIProject = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  slug: 'gh/acme/api',
  name: 'api',
  organization_name: 'acme',
  organization_slug: 'gh/acme',
  organization_id: '0b7a6d8e-2222-4f4f-9b9b-000000000002',
  vcs_info: {
    vcs_url: 'https://github.com/acme/api',
    provider: 'GitHub',
    default_branch: 'main',
  },
};

const base = {
  _key: 'circleci_project:7c9e6679-7425-40de-944b-e07fc1f90ae7',
  _type: 'circleci_project',
  _class: ['Repository'],
  id: project.id,
  name: 'api',
  displayName: 'api',
  slug: 'gh/acme/api',
  organizationName: 'acme',
  organizationId: project.organization_id,
  organizationSlug: 'gh/acme',
  vcsUrl: 'https://github.com/acme/api',
  vcsProvider: 'GitHub',
  defaultBranch: 'main',
  webLink: 'https://app.circleci.com/pipelines/gh/acme/api',
  // No project-level OIDC claims were read: not available, not "off".
  oidcClaimsAvailable: false,
};

test('createProjectEntity without readable settings: no settings properties at all', () => {
  expect(createProjectEntity(project)).toEqual({
    ...base,
    _rawData: [{ name: 'default', rawData: project }],
    settingsAvailable: false,
  });
});

test('createProjectEntity with project-level OIDC claims: audience and TTL when customised', () => {
  const claims = {
    org_id: project.organization_id,
    project_id: project.id,
    audience: ['https://deploy.example'],
    ttl: '15m',
  };
  expect(createProjectEntity(project, undefined, claims)).toMatchObject({
    oidcClaimsAvailable: true,
    oidcCustomAudience: true,
    oidcAudience: ['https://deploy.example'],
    oidcTokenTtl: '15m',
  });
});

test('createProjectEntity with settings: the security settings as properties', () => {
  const settings = {
    advanced: {
      autocancel_builds: false,
      build_fork_prs: true,
      build_prs_only: false,
      disable_ssh: true,
      forks_receive_secret_env_vars: true,
      oss: false,
      set_github_status: true,
      setup_workflows: false,
      write_settings_requires_admin: true,
      pr_only_branch_overrides: ['main'],
    },
  };
  expect(createProjectEntity(project, settings)).toEqual({
    ...base,
    _rawData: [{ name: 'default', rawData: { ...project, settings } }],
    settingsAvailable: true,
    autocancelBuilds: false,
    buildForkPrs: true,
    buildPrsOnly: false,
    disableSsh: true,
    forksReceiveSecretEnvVars: true,
    oss: false,
    setGithubStatus: true,
    setupWorkflows: false,
    writeSettingsRequiresAdmin: true,
    prOnlyBranchOverrides: ['main'],
  });
});

test('createProjectEnvVarEntity: scoped key, EDN timestamp parsed, the value never kept', () => {
  // The API's item carries the masked value; the converter must drop it.
  const item = {
    name: 'AWS_ACCESS_KEY_ID',
    value: 'xxxx1234',
    'created-at': '#joda/inst 2023-04-14T21:20:14+0000',
  };
  const entity = createProjectEnvVarEntity(item, {
    id: project.id,
    slug: project.slug,
  });
  expect(entity).toEqual({
    _key: 'circleci_project_environment_variable:7c9e6679-7425-40de-944b-e07fc1f90ae7:AWS_ACCESS_KEY_ID',
    _type: 'circleci_project_environment_variable',
    _class: ['Configuration', 'Secret'],
    _rawData: [
      {
        name: 'default',
        rawData: {
          name: 'AWS_ACCESS_KEY_ID',
          'created-at': '#joda/inst 2023-04-14T21:20:14+0000',
        },
      },
    ],
    name: 'AWS_ACCESS_KEY_ID',
    displayName: 'AWS_ACCESS_KEY_ID',
    createdOn: Date.parse('2023-04-14T21:20:14Z'),
    projectId: project.id,
    projectSlug: 'gh/acme/api',
  });
  expect(JSON.stringify(entity)).not.toContain('xxxx1234');
  // The same name in another project is another entity.
  expect(
    createProjectEnvVarEntity(item, { id: 'other', slug: 'gh/acme/web' })._key,
  ).toBe('circleci_project_environment_variable:other:AWS_ACCESS_KEY_ID');
  expect(
    createProjectEnvVarEntity(
      { name: 'OLD', 'created-at': null },
      { id: project.id, slug: project.slug },
    ).createdOn,
  ).toBeUndefined();
});

test('a circleci/<org-id> project: the slug the API gave, scheme-less vcs_url kept as data, webLink absolute', () => {
  const orgId = '0a1b2c3d-0000-4000-8000-000000000001';
  const projectId = '9f8e7d6c-0000-4000-8000-000000000002';
  const entity = createProjectEntity({
    ...project,
    id: projectId,
    name: 'platform-api',
    slug: `circleci/${orgId}/${projectId}`,
    organization_slug: `circleci/${orgId}`,
    vcs_info: {
      vcs_url: `//circleci.com/${orgId}/${projectId}`,
      provider: 'CircleCI',
      default_branch: 'main',
    },
  });
  expect(entity).toMatchObject({
    name: 'platform-api',
    slug: `circleci/${orgId}/${projectId}`,
    vcsUrl: `//circleci.com/${orgId}/${projectId}`,
    vcsProvider: 'CircleCI',
    webLink: `https://app.circleci.com/pipelines/circleci/${orgId}/${projectId}`,
  });
});
