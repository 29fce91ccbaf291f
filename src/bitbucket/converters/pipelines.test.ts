import {
  createDeploymentEntity,
  deployedCommit,
  deploymentChangeReview,
} from './deployment';
import { createEnvironmentEntity } from './environment';
import { createPipelineEntity } from './pipeline';
import { MY_SERVICE_REPO as repo } from '../test-support/repo';

describe('deploymentChangeReview', () => {
  const pr = (approvalStatus?: string) => ({
    key: 'k',
    matchedOn: 'merge_commit',
    approvalStatus,
  });
  test.each([
    ['approved PR', 'abc', [pr('approved')], false, 'approved'],
    ['unapproved PR', 'abc', [pr('not-approved')], false, 'not-approved'],
    [
      'one of two matched PRs unapproved',
      'abc',
      [pr('approved'), pr('not-approved')],
      false,
      'not-approved',
    ],
    ['PR with unknown analysis', 'abc', [pr('unknown')], false, 'unknown'],
    ['no PR has the commit', 'abc', [], false, 'no-pull-request'],
    [
      "no PR, but the repository's PRs were unreadable",
      'abc',
      [],
      true,
      'unknown',
    ],
    ['no deployed commit', undefined, [], false, 'unknown'],
  ] as const)('%s', (_label, commit, pullRequests, unreadable, expected) => {
    expect(
      deploymentChangeReview(commit, {
        pullRequests: [...pullRequests],
        pullRequestsUnreadable: unreadable,
      }),
    ).toBe(expected);
  });
});

describe('createPipelineEntity', () => {
  test('reads the kinds from `type`, falls back to `name`, computes the duration', () => {
    const entity = createPipelineEntity(repo, {
      uuid: '{p}',
      build_number: 12,
      creator: { uuid: '{u}', display_name: 'Alice' },
      target: {
        type: 'pipeline_pullrequest_target',
        pullrequest: { id: 7 },
        source: 'feature',
        destination: 'main',
        commit: { hash: 'deadbeef' },
      },
      trigger: { name: 'MANUAL' },
      state: {
        type: 'pipeline_state_completed',
        name: 'COMPLETED',
        result: { name: 'FAILED' },
      },
      created_on: '2026-01-01T00:00:00.000000+00:00',
      completed_on: '2026-01-01T00:01:30.000000+00:00',
    });
    expect(entity).toMatchObject({
      _key: 'bitbucket_pipeline:{repo}:{p}',
      name: '#12',
      displayName: 'My Service #12',
      triggerType: 'manual',
      targetType: 'pullrequest',
      pullRequestId: '7',
      commitSha: 'deadbeef',
      state: 'COMPLETED',
      result: 'FAILED',
      successful: false,
      durationSeconds: 90,
      creatorId: '{u}',
      webLink: 'https://bitbucket.org/acme/my-service/pipelines/results/12',
    });
  });

  test('a run still in progress has no result and no duration', () => {
    const entity = createPipelineEntity(repo, {
      uuid: '{p}',
      state: { type: 'pipeline_state_in_progress', name: 'IN_PROGRESS' },
    });
    expect(entity).toMatchObject({
      name: '{p}',
      completed: false,
      successful: false,
    });
    expect(entity.result).toBeUndefined();
    expect(entity.durationSeconds).toBeUndefined();
    expect(entity.webLink).toBeUndefined();
  });
});

describe('createEnvironmentEntity', () => {
  test('production by type; absent restrictions mean not admin-only', () => {
    expect(
      createEnvironmentEntity(repo, {
        uuid: '{e}',
        name: 'Prod EU',
        environment_type: { name: 'Production', rank: 2 },
      }),
    ).toMatchObject({
      _key: 'bitbucket_environment:{repo}:{e}',
      production: true,
      adminOnly: false,
      environmentType: 'Production',
      typeRank: 2,
    });
    expect(
      createEnvironmentEntity(repo, {
        uuid: '{s}',
        name: 'Production-like staging',
        environment_type: { name: 'Staging' },
        restrictions: { admin_only: true },
      }),
    ).toMatchObject({ production: false, adminOnly: true });
  });
});

describe('createDeploymentEntity', () => {
  test('the release commit, else the deployable commit; production from the environment', () => {
    expect(
      deployedCommit({ uuid: '{d}', deployable: { commit: { hash: 'b' } } }),
    ).toBe('b');
    const entity = createDeploymentEntity(
      repo,
      {
        uuid: '{d}',
        number: 3,
        environment: { uuid: '{e}' },
        release: {
          name: '#12',
          commit: { hash: 'a' },
          pipeline: { uuid: '{p}' },
        },
        state: {
          name: 'COMPLETED',
          status: { name: 'SUCCESSFUL' },
          started_on: '2026-01-01T00:00:00.000000+00:00',
          url: 'javascript:alert(1)',
        },
      },
      {
        environment: { key: 'env-key', name: 'Production', production: true },
        pipelineKey: 'pipe-key',
      },
    );
    expect(entity).toMatchObject({
      _key: 'bitbucket_deployment:{repo}:{d}',
      name: 'Production #3',
      commitSha: 'a',
      production: true,
      successful: true,
      pipelineId: '{p}',
      pipelineKey: 'pipe-key',
      changeReview: 'no-pull-request',
    });
    // Only an absolute http(s) URL becomes a link.
    expect(entity.webLink).toBeUndefined();
  });
});
