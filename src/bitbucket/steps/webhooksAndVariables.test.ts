import { ofType, useStepRecording } from '../../../test/stepTest';
import { SANDBOX_SECRET_VALUES } from '../../../test/sandbox/bitbucket/demo-credentials';
import { bitbucketKeys } from '../converters/keys';
import { BitbucketSteps } from '../metadata';

/**
 * Webhook and Pipelines-variable steps, replayed from recordings of the
 * demo sandbox with a page size cap of 2 (test/stepTest.ts).
 */
const steps = useStepRecording(__dirname, 'bitbucket');

describe(BitbucketSteps.REPO_WEBHOOKS.id, () => {
  test('repo HAS webhook: host, https and secret, never the URL', async () => {
    const result = await steps.collect(BitbucketSteps.REPO_WEBHOOKS.id);
    const hooks = ofType(result, 'bitbucket_webhook');
    expect(
      hooks
        .map((h) => [h.repoFullName, h.address, h.https, h.secretSet])
        .sort(),
    ).toEqual([
      ['acme-eng/my-service', 'ci.acme.example', true, true],
      ['acme-eng/web-app', 'legacy-deployer.acme.example:8080', false, false],
      ['acme-labs/experiments', 'chat.example.org', true, false],
    ]);
    expect(JSON.stringify(hooks)).not.toMatch(/"url"/);
    expect(steps.requestsTo(/\/hooks$/)).toHaveLength(8);
  });
});

describe(BitbucketSteps.WORKSPACE_WEBHOOKS.id, () => {
  test('workspace HAS webhook, certificate verification and active', async () => {
    const result = await steps.collect(BitbucketSteps.WORKSPACE_WEBHOOKS.id);
    expect(
      ofType(result, 'bitbucket_webhook')
        .map((h) => [h.workspace, h.skipCertVerification, h.active])
        .sort(),
    ).toEqual([
      ['acme-eng', true, true],
      ['acme-labs', false, false],
    ]);
  });
});

describe(BitbucketSteps.REPO_PIPELINE_VARIABLES.id, () => {
  test('key and secured only, asked without values; Secret when secured', async () => {
    const result = await steps.run(BitbucketSteps.REPO_PIPELINE_VARIABLES.id);
    const variables = ofType(result, 'bitbucket_pipeline_variable');
    expect(variables.map((v) => [v.key, v.secured, v._class]).sort()).toEqual([
      ['AWS_SECRET_ACCESS_KEY', false, ['Configuration']],
      ['DEPLOY_TOKEN', true, ['Configuration', 'Secret']],
    ]);
    for (const secret of SANDBOX_SECRET_VALUES) {
      expect(JSON.stringify(result.collectedEntities)).not.toContain(secret);
    }
    const listings = steps.requestsTo(/\/pipelines_config\/variables$/);
    expect(listings).toHaveLength(8);
    for (const path of listings) expect(path).toContain('fields=-values.value');
  });
});

describe(BitbucketSteps.WORKSPACE_PIPELINE_VARIABLES.id, () => {
  test('workspace HAS variable', async () => {
    const result = await steps.run(
      BitbucketSteps.WORKSPACE_PIPELINE_VARIABLES.id,
    );
    expect(
      ofType(result, 'bitbucket_pipeline_variable')
        .map((v) => [v.workspace, v.key, v.secured, v.scope])
        .sort(),
    ).toEqual([
      ['acme-eng', 'DEFAULT_REGION', false, 'workspace'],
      ['acme-eng', 'NPM_TOKEN', true, 'workspace'],
    ]);
    expect(result.collectedRelationships.map((r) => r._type)).toEqual([
      'bitbucket_workspace_has_pipeline_variable',
      'bitbucket_workspace_has_pipeline_variable',
    ]);
  });
});

describe(BitbucketSteps.ENVIRONMENT_PIPELINE_VARIABLES.id, () => {
  test('environment HAS variable: key and secured only; an empty environment and a 403 one are skipped', async () => {
    // No toMatchStepMetadata: its schema pins _class to the declared
    // ['Configuration'], and secured variables add 'Secret'.
    const result = await steps.run(
      BitbucketSteps.ENVIRONMENT_PIPELINE_VARIABLES.id,
    );
    const variables = ofType(result, 'bitbucket_pipeline_variable');
    expect(
      variables
        .map((v) => [
          v.repoFullName,
          v.environmentName,
          v.key,
          v.secured,
          v.scope,
          v._class,
        ])
        .sort(),
    ).toEqual([
      [
        'acme-eng/api-gateway',
        'Production',
        'PAYMENTS_API_KEY',
        false,
        'environment',
        ['Configuration'],
      ],
      [
        'acme-eng/web-app',
        'Production',
        'DATABASE_PASSWORD',
        true,
        'environment',
        ['Configuration', 'Secret'],
      ],
    ]);
    // Each variable hangs off the environment it belongs to.
    expect(
      result.collectedRelationships
        .map((r) => `${r._type} ${r._fromEntityKey} -> ${r._toEntityKey}`)
        .sort(),
    ).toEqual(
      variables
        .map(
          (v) =>
            `bitbucket_environment_has_pipeline_variable ${bitbucketKeys.environment(
              String(v.repoId),
              String(v.environmentId),
            )} -> ${v._key}`,
        )
        .sort(),
    );
    for (const secret of SANDBOX_SECRET_VALUES) {
      expect(JSON.stringify(result.collectedEntities)).not.toContain(secret);
    }
    // One listing per environment (6), values left out, ids encoded.
    const listings = steps.requestsTo(
      /\/deployments_config\/environments\/[^/]+\/variables$/,
    );
    expect(listings).toHaveLength(6);
    for (const path of listings) {
      expect(path).toContain('fields=-values.value');
      expect(path).toMatch(/environments\/\{[0-9a-f-]+\}\/variables/);
    }
  });
});
