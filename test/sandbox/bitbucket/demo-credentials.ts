/**
 * The demo's shared credential material: the public keys its deploy keys
 * use, the secret values its webhooks and Pipelines variables carry, and
 * which repositories have Pipelines enabled. The records themselves are
 * in their child-listing modules (listings/deploy-keys.ts, webhooks.ts,
 * pipeline-variables.ts), which document their hard cases.
 *
 * Every URL token and variable value is in SANDBOX_SECRET_VALUES: a test
 * greps the demo collection, its log and every recording for them.
 *
 * Public keys only; their private halves were discarded (demo-public-keys.ts).
 */
import { eng, labs, repoUuid } from './demo-ids';
import { BbRepo } from './model';

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
