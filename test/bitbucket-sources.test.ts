import { collectInProcess, CollectResult, countByType } from './collect';
import { Sandbox, startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * Full runs against the demo sandbox with one ingestion source switched
 * off: the SDK skips that source's steps and every step depending on them,
 * so these prove the step graph does not tie unrelated data to it. Demo
 * totals (bitbucket-demo.test.ts): 4 groups, 9 user HAS permission,
 * 2 branch restriction ALLOWS user, 7 group HAS permission, 2 branch
 * restriction ALLOWS group.
 */

const NOW = SANDBOX_REFERENCE_TIME + 3600_000;

describe('Bitbucket with one ingestion source off', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      dataset: 'demo',
      referenceTime: SANDBOX_REFERENCE_TIME,
    });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(() => sandbox.resetStats());

  function collect(disabledSources: string[]): Promise<CollectResult> {
    return collectInProcess({
      config: {
        bitbucketOauthKey: SANDBOX_CREDENTIALS.bitbucketOauthKey,
        bitbucketOauthSecret: SANDBOX_CREDENTIALS.bitbucketOauthSecret,
        bitbucketWorkspace: 'acme-eng,acme-labs',
        bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
        bitbucketTokenUrl: sandbox.bitbucketTokenUrl,
      },
      now: NOW,
      disabledSources,
    });
  }

  function statuses(result: CollectResult): Record<string, string> {
    return Object.fromEntries(
      result.stepResults
        .filter((s) => s.id.startsWith('bitbucket-'))
        .map((s) => [s.id, s.status]),
    );
  }

  test('users off: groups and their permission links are still collected', async () => {
    const result = await collect(['bitbucket-users']);
    const entities = countByType(result.entities);
    const relationships = countByType(result.relationships);
    expect(entities.bitbucket_user).toBeUndefined();
    expect(entities.bitbucket_group).toBe(4);
    expect(relationships.bitbucket_workspace_has_group).toBe(4);
    expect(relationships.bitbucket_group_has_permission).toBe(7);
    expect(relationships.bitbucket_branch_restriction_allows_group).toBe(2);
    // Only what needs a user entity is gone.
    expect(relationships.bitbucket_group_has_user).toBeUndefined();
    expect(relationships.bitbucket_user_has_permission).toBeUndefined();
    const status = statuses(result);
    expect(status['bitbucket-fetch-groups']).toBe('success');
    expect(status['bitbucket-build-group-access-relationships']).toBe(
      'success',
    );
    expect(status['bitbucket-build-group-user-relationships']).toBe('disabled');
    expect(status['bitbucket-build-user-access-relationships']).toBe(
      'disabled',
    );
    // The PR step lists the members itself when the users step is off.
    expect(
      sandbox.stats()['bitbucket GET /workspaces/{workspace}/members'],
    ).toBe(2);
  });

  test('groups off: user permission and restriction links are still collected', async () => {
    const result = await collect(['bitbucket-groups']);
    const entities = countByType(result.entities);
    const relationships = countByType(result.relationships);
    expect(entities.bitbucket_group).toBeUndefined();
    expect(entities.bitbucket_user).toBe(7);
    expect(relationships.bitbucket_user_has_permission).toBe(9);
    expect(relationships.bitbucket_branch_restriction_allows_user).toBe(2);
    expect(relationships.bitbucket_group_has_permission).toBeUndefined();
    const status = statuses(result);
    expect(status['bitbucket-build-user-access-relationships']).toBe('success');
    expect(status['bitbucket-build-group-access-relationships']).toBe(
      'disabled',
    );
  });
});
