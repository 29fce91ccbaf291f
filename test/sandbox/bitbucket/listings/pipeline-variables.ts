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
  demo: () => {
    const uuid = (label: string) => demoIds.uuid(`variable:${label}`);
    return [
      {
        uuid: uuid('my-service:DEPLOY_TOKEN'),
        repoUuid: repoUuid(eng('my-service')),
        key: 'DEPLOY_TOKEN',
        value: DEPLOY,
        secured: true,
      },
      {
        uuid: uuid('web-app:AWS_SECRET_ACCESS_KEY'),
        repoUuid: repoUuid(eng('web-app')),
        key: 'AWS_SECRET_ACCESS_KEY',
        value: AWS,
        secured: false,
      },
      {
        uuid: uuid('legacy-billing:BILLING_DB_URL'),
        repoUuid: repoUuid(eng('legacy-billing')),
        key: 'BILLING_DB_URL',
        value: BILLING,
        secured: false,
      },
      {
        uuid: uuid('acme-eng:NPM_TOKEN'),
        workspaceSlug: DEMO_WORKSPACES.eng,
        key: 'NPM_TOKEN',
        value: NPM,
        secured: true,
      },
      {
        uuid: uuid('acme-eng:DEFAULT_REGION'),
        workspaceSlug: DEMO_WORKSPACES.eng,
        key: 'DEFAULT_REGION',
        value: REGION,
        secured: false,
      },
      {
        uuid: uuid('api-gateway:Production:PAYMENTS_API_KEY'),
        repoUuid: repoUuid(eng('api-gateway')),
        environmentUuid: environmentUuid(eng('api-gateway'), 'Production'),
        key: 'PAYMENTS_API_KEY',
        value: PAYMENTS,
        secured: false,
      },
      {
        uuid: uuid('web-app:Production:DATABASE_PASSWORD'),
        repoUuid: repoUuid(eng('web-app')),
        environmentUuid: environmentUuid(eng('web-app'), 'Production'),
        key: 'DATABASE_PASSWORD',
        value: DB_PASSWORD,
        secured: true,
      },
      {
        uuid: uuid('my-service:Production:RELEASE_SIGNING_KEY'),
        repoUuid: repoUuid(eng('my-service')),
        environmentUuid: environmentUuid(eng('my-service'), 'Production'),
        key: 'RELEASE_SIGNING_KEY',
        value: SIGNING,
        secured: false,
      },
    ];
  },
});
