import { ofType, useStepRecording } from '../../../test/stepTest';
import { BitbucketSteps } from '../metadata';

/**
 * Deploy-key steps, replayed from recordings of the demo sandbox with a page
 * size cap of 2 (test/stepTest.ts).
 */
const steps = useStepRecording(__dirname, 'bitbucket');

describe(BitbucketSteps.REPO_DEPLOY_KEYS.id, () => {
  test('every readable repository HAS its keys; the 403 repository is one warning', async () => {
    const result = await steps.collect(BitbucketSteps.REPO_DEPLOY_KEYS.id);
    const keys = ofType(result, 'bitbucket_deploy_key');
    expect(keys).toMatchGraphObjectSchema({ _class: ['AccessKey'] });
    expect(
      keys
        .map((k) => [k.repoFullName, k.name, k.ownerNickname, k.ownerIsMember])
        .sort(),
    ).toEqual([
      ['acme-eng/api-gateway', 'release-bot', 'mallory', false],
      ['acme-eng/my-service', 'ci-deploy', 'alice', true],
      ['acme-eng/web-app', 'legacy-deploy', 'bob', true],
      ['acme-labs/experiments', 'erin@old-laptop', 'erin', true],
    ]);
    for (const key of keys) {
      expect(key.fingerprintSha256).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      expect(key.publicKey).toMatch(/^ssh-(ed25519|rsa) AAAA/);
    }
    // One listing per repository, legacy-billing's answered 403.
    expect(steps.requestsTo(/\/deploy-keys$/)).toHaveLength(8);
    // Without the users step (a full run shares its listing: see
    // test/bitbucket-demo.test.ts) the members are listed once per workspace.
    expect(
      steps.requestsTo(/\/members$/).filter((path) => !/[?&]page=/.test(path)),
    ).toEqual([
      '/bitbucket/2.0/workspaces/acme-eng/members?pagelen=100',
      '/bitbucket/2.0/workspaces/acme-labs/members?pagelen=100',
    ]);
  });
});

describe(BitbucketSteps.PROJECT_DEPLOY_KEYS.id, () => {
  test('project HAS key, with the person who added it', async () => {
    const result = await steps.collect(BitbucketSteps.PROJECT_DEPLOY_KEYS.id);
    const keys = ofType(result, 'bitbucket_deploy_key');
    expect(
      keys.map((k) => [k.projectKey, k.name, k.scope, k.ownerNickname]),
    ).toEqual([['PLAT', 'project-deploy', 'project', 'alice']]);
    expect(steps.requestsTo(/\/projects\/[^/]+\/deploy-keys$/).sort()).toEqual([
      '/bitbucket/2.0/workspaces/acme-eng/projects/ARCH/deploy-keys?pagelen=100',
      '/bitbucket/2.0/workspaces/acme-eng/projects/PLAT/deploy-keys?pagelen=100',
      '/bitbucket/2.0/workspaces/acme-eng/projects/WEB/deploy-keys?pagelen=100',
      '/bitbucket/2.0/workspaces/acme-labs/projects/RND/deploy-keys?pagelen=100',
    ]);
  });
});
