/**
 * The demo's write and exfiltration paths besides people: deploy keys of
 * repositories and projects, webhooks of repositories and workspaces,
 * Pipelines variables of workspaces, repositories and deployment
 * environments, and which repositories have Pipelines enabled. Each hard case of the managed questions has a
 * near miss next to it (test/questions-answers.test.ts):
 *
 *  - my-service's `ci-deploy` key is also a CircleCI checkout key
 *    (SHARED_DEPLOY_PUBLIC_KEY); used yesterday, added by alice (a member):
 *    the near miss of both key questions.
 *  - web-app's `legacy-deploy` was last used 120 days ago: stale.
 *  - experiments' `old-laptop` was never used and added 300 days ago: stale.
 *  - the PLAT project's `project-deploy` was never used but added 10 days
 *    ago: not stale (near miss).
 *  - api-gateway's `release-bot` was added by mallory, who is no member of
 *    acme-eng: added by someone no longer a member.
 *  - legacy-billing's key is never served (its admin endpoints answer 403).
 *  - web-app's webhook posts over http without a secret; experiments'
 *    has no secret (https); acme-eng's workspace hook skips certificate
 *    verification. Near miss: my-service's (https, secret set).
 *  - web-app's AWS_SECRET_ACCESS_KEY, acme-eng's DEFAULT_REGION and
 *    api-gateway's Production PAYMENTS_API_KEY (a deployment environment
 *    variable) are unsecured (the API returns their values). Near misses:
 *    DEPLOY_TOKEN, NPM_TOKEN and web-app's Production DATABASE_PASSWORD are
 *    secured; my-service's Production RELEASE_SIGNING_KEY is unsecured but
 *    its environment's variables answer 403 (demo-pipelines.ts); web-app's
 *    Test and Staging and api-gateway's Staging have no variables.
 *
 * Every URL token and variable value below is in SANDBOX_SECRET_VALUES:
 * a test greps the demo collection, its log and every recording for them.
 *
 * Public keys only; their private halves were discarded (demo-public-keys.ts).
 */
import { SHARED_DEPLOY_PUBLIC_KEY } from '../demo-public-keys';
import { DEMO_WORKSPACES, eng, labs, repoUuid, userUuid } from './demo-ids';
import { BbDeployKey, BbPipelineVariable, BbRepo, BbWebhook } from './model';
import { demoIds } from './demo-ids';
import { environmentUuid } from './demo-pipelines';

const DAY = 24 * 60 * 60 * 1000;

export const DEMO_PUBLIC_KEYS = {
  legacyDeploy:
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOm2WqxSKd4lQgEEAwOAmr9tFAxLutJ353HKv3o69rl0 legacy-deploy',
  releaseBot:
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICZKhGZ8NHFh8SN2wpHgA/GpwNRXTcZLa0OKGqiNOwlc release-bot',
  projectDeploy:
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICrKP6+/R/gkW082xtagwuMfRld1AIfB+jCuP0Si+5zC project-key',
  // The example key of Bitbucket's "List repository deploy keys" answer.
  oldLaptop:
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDAK/b1cHHDr/TEV1JGQl+WjCwStKG6Bhrv0rFpEsYlyTBm1fzN0VOJJYn4ZOPCPJwqse6fGbXntEs+BbXiptR+++HycVgl65TMR0b5ul5AgwrVdZdT7qjCOCgaSV74/9xlHDK8oqgGnfA7ZoBBU+qpVyaloSjBdJfLtPY/xqj4yHnXKYzrtn/uFc4Kp9Tb7PUg9Io3qohSTGJGVHnsVblq/rToJG7L5xIo0OxK0SJSQ5vuId93ZuFZrCNMXj8JDHZeSEtjJzpRCBEXHxpOPhAcbm4MzULgkFHhAVgp4JbkrT99/wpvZ7r9AdkTg7HGqL3rlaDrEcWfL7Lu6TnhBdq5 erin@old-laptop',
} as const;

export function buildDemoDeployKeys(referenceTime: number): BbDeployKey[] {
  const ago = (days: number): number => referenceTime - days * DAY;
  return [
    {
      id: 301,
      repoUuid: repoUuid(eng('my-service')),
      key: SHARED_DEPLOY_PUBLIC_KEY,
      label: 'ci-deploy',
      addedOn: ago(200),
      lastUsed: ago(1),
      ownerUuid: userUuid('alice'),
    },
    {
      id: 302,
      repoUuid: repoUuid(eng('web-app')),
      key: DEMO_PUBLIC_KEYS.legacyDeploy,
      label: 'legacy-deploy',
      addedOn: ago(400),
      lastUsed: ago(120),
      ownerUuid: userUuid('bob'),
    },
    {
      id: 303,
      repoUuid: repoUuid(eng('api-gateway')),
      key: DEMO_PUBLIC_KEYS.releaseBot,
      label: 'release-bot',
      addedOn: ago(30),
      lastUsed: ago(2),
      ownerUuid: userUuid('mallory'),
    },
    {
      id: 304,
      repoUuid: repoUuid(eng('legacy-billing')),
      key: DEMO_PUBLIC_KEYS.legacyDeploy,
      label: 'billing-deploy',
      addedOn: ago(500),
      lastUsed: ago(300),
      ownerUuid: userUuid('alice'),
    },
    {
      id: 305,
      repoUuid: repoUuid(labs('experiments')),
      key: DEMO_PUBLIC_KEYS.oldLaptop,
      label: '',
      addedOn: ago(300),
      ownerUuid: userUuid('erin'),
    },
    {
      id: 306,
      project: { workspaceSlug: DEMO_WORKSPACES.eng, key: 'PLAT' },
      key: DEMO_PUBLIC_KEYS.projectDeploy,
      label: 'project-deploy',
      addedOn: ago(10),
      ownerUuid: userUuid('alice'),
    },
  ];
}

/** Values the integration must never store: URL tokens and variable values. */
export const SANDBOX_SECRET_VALUES = [
  'sbx-hook-token-7f3a9c',
  'sbx-hook-key-51d2e8',
  'sbx-hook-path-c0ffee42',
  'sbx-secured-deploy-token-9b8e7d',
  'sbx-unsecured-aws-secret-4d5e6f',
  'sbx-secured-npm-token-a1b2c3',
  'sbx-unsecured-region-eu-9z8y',
  'sbx-billing-var-value-0q9w',
  'sbx-env-unsecured-payments-7h6g',
  'sbx-env-secured-db-password-3k2j',
  'sbx-env-forbidden-signing-5t4r',
] as const;

const [
  HOOK_TOKEN,
  HOOK_KEY,
  HOOK_PATH,
  DEPLOY,
  AWS,
  NPM,
  REGION,
  BILLING,
  PAYMENTS,
  DB_PASSWORD,
  SIGNING,
] = SANDBOX_SECRET_VALUES;

export function buildDemoWebhooks(referenceTime: number): BbWebhook[] {
  const ago = (days: number): number => referenceTime - days * DAY;
  const uuid = (label: string) => demoIds.uuid(`webhook:${label}`);
  return [
    {
      uuid: uuid('my-service'),
      repoUuid: repoUuid(eng('my-service')),
      url: `https://ci.acme.example/hooks/bitbucket?token=${HOOK_TOKEN}`,
      description: 'CI trigger',
      active: true,
      events: ['repo:push', 'pullrequest:fulfilled'],
      secretSet: true,
      skipCertVerification: false,
      createdAt: ago(180),
    },
    {
      uuid: uuid('web-app'),
      repoUuid: repoUuid(eng('web-app')),
      url: `http://legacy-deployer.acme.example:8080/notify?key=${HOOK_KEY}`,
      description: 'Legacy deployer',
      active: true,
      events: ['repo:push'],
      secretSet: false,
      skipCertVerification: false,
      createdAt: ago(700),
    },
    {
      uuid: uuid('experiments'),
      repoUuid: repoUuid(labs('experiments')),
      url: `https://chat.example.org/services/${HOOK_PATH}`,
      description: '',
      active: true,
      events: ['repo:push', 'pullrequest:created'],
      secretSet: false,
      skipCertVerification: false,
      createdAt: ago(60),
    },
    {
      uuid: uuid('legacy-billing'),
      repoUuid: repoUuid(eng('legacy-billing')),
      url: 'https://billing-hooks.acme.example/in',
      description: 'Billing sync',
      active: true,
      events: ['repo:push'],
      secretSet: false,
      skipCertVerification: false,
      createdAt: ago(900),
    },
    {
      uuid: uuid('workspace:acme-eng'),
      workspaceSlug: DEMO_WORKSPACES.eng,
      url: 'https://audit.acme.example/bitbucket',
      description: 'Audit trail',
      active: true,
      events: ['repo:push', 'repo:updated', 'project:updated'],
      secretSet: true,
      skipCertVerification: true,
      createdAt: ago(365),
    },
    {
      uuid: uuid('workspace:acme-labs'),
      workspaceSlug: DEMO_WORKSPACES.labs,
      url: 'https://metrics.acme.example/bb',
      description: 'Metrics (paused)',
      active: false,
      events: ['pullrequest:created'],
      secretSet: true,
      skipCertVerification: false,
      createdAt: ago(90),
    },
  ];
}

export function buildDemoPipelineVariables(): BbPipelineVariable[] {
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
}

/** Repositories with Pipelines enabled (the others have it off). */
export function enableDemoPipelines(repos: BbRepo[]): void {
  const enabled = new Set(
    [
      eng('my-service'),
      eng('web-app'),
      eng('api-gateway'),
      labs('experiments'),
    ].map(repoUuid),
  );
  for (const repo of repos) repo.pipelinesEnabled = enabled.has(repo.uuid);
}
