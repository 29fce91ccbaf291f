/**
 * Pipelines variables of workspaces, repositories (repository admin) and
 * deployment environments (repository admin; an environment may deny its
 * own, BbEnvironment.variablesForbidden). Demo hard cases
 * (test/questions-answers.test.ts): web-app's AWS_SECRET_ACCESS_KEY,
 * acme-eng's DEFAULT_REGION and api-gateway's Production PAYMENTS_API_KEY
 * are unsecured (the API returns their values). Near misses: DEPLOY_TOKEN,
 * NPM_TOKEN and web-app's Production DATABASE_PASSWORD are secured;
 * my-service's Production RELEASE_SIGNING_KEY is unsecured but its
 * environment's variables answer 403 (demo-pipelines.ts); web-app's Test and
 * Staging and api-gateway's Staging have no variables. Every value is in
 * SANDBOX_SECRET_VALUES (demo-credentials.ts).
 */
import { SANDBOX_SECRET_VALUES } from '../demo-credentials';
import { DEMO_WORKSPACES, demoIds, eng, repoUuid } from '../demo-ids';
import { environmentUuid } from '../demo-pipelines';
import { defineListing } from './listing';

/**
 * A Pipelines variable of one workspace (`workspaceSlug`), repository
 * (`repoUuid`) or deployment environment (`environmentUuid`, with its
 * repository's `repoUuid`). The API returns `value` for unsecured variables
 * only.
 */
export interface BbPipelineVariable {
  uuid: string;
  repoUuid?: string;
  workspaceSlug?: string;
  environmentUuid?: string;
  key: string;
  value: string;
  secured: boolean;
}

/**
 * schemas.pipeline_variable: "If the variable is secured, this will be
 * empty", so a secured variable has no `value`.
 */
const render = (variable: BbPipelineVariable) => ({
  // schemas.deployment_variable for an environment's variables.
  type: variable.environmentUuid ? 'deployment_variable' : 'pipeline_variable',
  uuid: variable.uuid,
  key: variable.key,
  secured: variable.secured,
  ...(variable.secured ? {} : { value: variable.value }),
});

const [
  ,
  ,
  ,
  DEPLOY,
  AWS,
  NPM,
  REGION,
  BILLING,
  PAYMENTS,
  DB_PASSWORD,
  SIGNING,
] = SANDBOX_SECRET_VALUES;

/**
 * A demo variable of an acme-eng repository, of one of its environments, or
 * (neither named) of the acme-eng workspace; its uuid is derived from
 * `owner[:environment]:KEY`.
 */
function variable(
  owner: { repo?: string; environment?: string },
  key: string,
  value: string,
  secured: boolean,
): BbPipelineVariable {
  const { repo, environment } = owner;
  const label = [repo ?? DEMO_WORKSPACES.eng, environment, key]
    .filter(Boolean)
    .join(':');
  return {
    uuid: demoIds.uuid(`variable:${label}`),
    ...(repo ? { repoUuid: repoUuid(eng(repo)) } : {}),
    ...(repo ? {} : { workspaceSlug: DEMO_WORKSPACES.eng }),
    ...(repo && environment
      ? { environmentUuid: environmentUuid(eng(repo), environment) }
      : {}),
    key,
    value,
    secured,
  };
}

export const PIPELINE_VARIABLES = defineListing<BbPipelineVariable>({
  name: 'pipelineVariables',
  routes: [
    {
      owner: 'repository',
      path: '/repositories/{workspace}/{repo_slug}/pipelines_config/variables',
      scope: 'pipeline',
      repositoryAdmin: true,
      defaultPagelen: 10,
      ownerOf: (v) => (v.environmentUuid ? undefined : v.repoUuid),
      render,
    },
    {
      owner: 'environment',
      path: '/repositories/{workspace}/{repo_slug}/deployments_config/environments/{environment_uuid}/variables',
      scope: 'pipeline',
      repositoryAdmin: true,
      defaultPagelen: 10,
      ownerOf: (v) => v.environmentUuid,
      render,
      denied: (environment, repo) =>
        environment.variablesForbidden
          ? `You may not administer the variables of environment ${environment.name} of ${repo?.workspaceSlug}/${repo?.slug}.`
          : undefined,
    },
    {
      owner: 'workspace',
      path: '/workspaces/{workspace}/pipelines-config/variables',
      scope: 'pipeline',
      defaultPagelen: 10,
      ownerOf: (v) => v.workspaceSlug,
      render,
    },
  ],
  demo: () => [
    // Repositories (acme-eng).
    variable({ repo: 'my-service' }, 'DEPLOY_TOKEN', DEPLOY, true),
    variable({ repo: 'web-app' }, 'AWS_SECRET_ACCESS_KEY', AWS, false),
    variable({ repo: 'legacy-billing' }, 'BILLING_DB_URL', BILLING, false),
    // The acme-eng workspace.
    variable({}, 'NPM_TOKEN', NPM, true),
    variable({}, 'DEFAULT_REGION', REGION, false),
    // Production environments.
    variable(
      { repo: 'api-gateway', environment: 'Production' },
      'PAYMENTS_API_KEY',
      PAYMENTS,
      false,
    ),
    variable(
      { repo: 'web-app', environment: 'Production' },
      'DATABASE_PASSWORD',
      DB_PASSWORD,
      true,
    ),
    variable(
      { repo: 'my-service', environment: 'Production' },
      'RELEASE_SIGNING_KEY',
      SIGNING,
      false,
    ),
  ],
});
