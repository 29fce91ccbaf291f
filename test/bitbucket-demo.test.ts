import {
  Entity,
  Relationship,
  RelationshipMapping,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../src/config';
import { collectInProcess, CollectResult, countByType } from './collect';
import { DEMO_BITBUCKET_CASES } from './sandbox/bitbucket/demo-cases';
import { labelIds } from './sandbox/bitbucket/ids';
import { Sandbox, startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * The whole Bitbucket collection against the live sandbox (loopback, demo
 * dataset, only Bitbucket configured). Counts and analyses below are written
 * out by hand from the dataset's story (test/sandbox/bitbucket/demo-dataset.ts):
 * 2 workspaces, 7 members, 4 projects, 8 repos, 22 PRs of which 17 were
 * updated in the default 90-day window.
 */

// Ids in the demo are sha1-derived from labels, so they can be named here.
const ids = labelIds('bitbucket-demo');
const user = (nickname: string) => ids.uuid(`user:${nickname}`);
const repo = (fullName: string) => ids.uuid(`repo:${fullName}`);
const commit = (fullName: string, pr: number, label: string) =>
  ids.hash(`${fullName}#${pr}:${label}`);

const NOW = SANDBOX_REFERENCE_TIME + 3600_000;

function bitbucketConfig(sandbox: Sandbox): IntegrationConfig {
  return {
    bitbucketOauthKey: SANDBOX_CREDENTIALS.bitbucketOauthKey,
    bitbucketOauthSecret: SANDBOX_CREDENTIALS.bitbucketOauthSecret,
    bitbucketWorkspace: 'acme-eng,acme-labs',
    bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
    bitbucketTokenUrl: sandbox.bitbucketTokenUrl,
  };
}

function pullRequest(result: CollectResult, repoFullName: string, id: number) {
  const key = `bitbucket_pull_request:${repo(repoFullName)}:${id}`;
  const found = result.entities.find((e) => e._key === key);
  if (!found) throw new Error(`no PR ${key}`);
  return found;
}

/** The approval fields of a PR, with approverIds sorted for comparison. */
function approvalFields(pr: Entity) {
  return {
    approvalStatus: pr.approvalStatus,
    approved: pr.approved,
    validated: pr.validated,
    approvedCommitsRemoved: pr.approvedCommitsRemoved,
    commits: pr.commits,
    commitsApproved: pr.commitsApproved,
    commitsNotApproved: pr.commitsNotApproved,
    commitsByUnknownAuthor: pr.commitsByUnknownAuthor,
    approverIds: [...(pr.approverIds as string[])].sort(),
  };
}

function relationshipKeys(result: CollectResult, _type: string): string[] {
  return result.relationships
    .filter((r: Relationship) => r._type === _type)
    .map((r) => `${r._fromEntityKey} -> ${r._toEntityKey}`)
    .sort();
}

describe('Bitbucket full collection against the demo sandbox', () => {
  let sandbox: Sandbox;
  let result: CollectResult;
  let requests: Record<string, number>;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      dataset: 'demo',
      referenceTime: SANDBOX_REFERENCE_TIME,
    });
    result = await collectInProcess({
      config: bitbucketConfig(sandbox),
      now: NOW,
    });
    requests = sandbox.stats();
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  test('every Bitbucket step succeeds', () => {
    const bitbucketSteps = result.stepResults.filter((s) =>
      s.id.startsWith('bitbucket-'),
    );
    expect(bitbucketSteps.map((s) => [s.id, s.status]).sort()).toEqual(
      [
        'bitbucket-build-group-access-relationships',
        'bitbucket-build-group-user-relationships',
        'bitbucket-build-pipeline-user-relationships',
        'bitbucket-build-project-permission-principals',
        'bitbucket-build-project-repo-relationships',
        'bitbucket-build-pull-request-user-relationships',
        'bitbucket-build-repo-access',
        'bitbucket-build-user-access-relationships',
        'bitbucket-fetch-branch-restrictions',
        'bitbucket-fetch-default-reviewers',
        'bitbucket-fetch-deployments',
        'bitbucket-fetch-environment-pipeline-variables',
        'bitbucket-fetch-environments',
        'bitbucket-fetch-groups',
        'bitbucket-fetch-pipeline-schedules',
        'bitbucket-fetch-pipelines',
        'bitbucket-fetch-project-deploy-keys',
        'bitbucket-fetch-project-permissions',
        'bitbucket-fetch-projects',
        'bitbucket-fetch-pull-requests',
        'bitbucket-fetch-repo-deploy-keys',
        'bitbucket-fetch-repo-permissions',
        'bitbucket-fetch-repo-pipeline-variables',
        'bitbucket-fetch-repo-webhooks',
        'bitbucket-fetch-repos',
        'bitbucket-fetch-users',
        'bitbucket-fetch-workspace-pipeline-variables',
        'bitbucket-fetch-workspace-webhooks',
        'bitbucket-fetch-workspaces',
      ].map((id) => [id, 'success']),
    );
  });

  test('requests per endpoint (the budget of a demo-sized run)', () => {
    // docs/jupiterone.md (Request budget): 1 token per consumer; per workspace 1 workspace +
    // members-with-roles (/permissions, which replaces /members) + projects
    // + repos + 1.0 groups pages; per repo permission
    // users + groups + branch-restriction pages (legacy-billing stops at
    // its first 403) + PR list pages; per PR in the window one activity and
    // one commits page; one deploy-keys page per repository and per project;
    // per repository one pipelines_config, one webhooks and one variables
    // page, and per workspace one webhooks and one variables page.
    // per repo one pipelines, one schedules and one environments page, one variables
    // page per environment (6), and one deployments page per repo with
    // environments (3).
    // Issue 13: per workspace one effective-permissions page; per project
    // one page of user and of group permissions; per repository one page
    // of effective default reviewers, and the effective branching model of
    // the 3 repositories with a branch-type restriction (my-service,
    // web-app, experiments).
    // Validation's workspace read is reused by the step.
    const bb = (endpoint: string) => `bitbucket ${endpoint}`;
    const repoPath = '/repositories/{workspace}/{repo_slug}';
    expect(requests).toEqual({
      [bb('POST /site/oauth2/access_token')]: 2,
      [bb('GET /workspaces/{workspace}')]: 2,
      [bb('GET /workspaces/{workspace}/permissions')]: 2,
      [bb('GET /workspaces/{workspace}/projects')]: 2,
      [bb('GET /repositories/{workspace}')]: 2,
      [bb('GET /1.0/groups/{workspace}')]: 2,
      [bb('GET /workspaces/{workspace}/permissions/repositories')]: 2,
      [bb(
        'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/groups',
      )]: 4,
      [bb(
        'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/users',
      )]: 4,
      [bb(`GET ${repoPath}/effective-branching-model`)]: 3,
      [bb(`GET ${repoPath}/effective-default-reviewers`)]: 8,
      [bb(`GET ${repoPath}/permissions-config/groups`)]: 8,
      [bb(`GET ${repoPath}/permissions-config/users`)]: 7,
      [bb(`GET ${repoPath}/branch-restrictions`)]: 8,
      [bb(`GET ${repoPath}/deploy-keys`)]: 8,
      [bb('GET /workspaces/{workspace}/projects/{project_key}/deploy-keys')]: 4,
      [bb(`GET ${repoPath}/hooks`)]: 8,
      [bb(`GET ${repoPath}/pipelines_config`)]: 8,
      [bb(`GET ${repoPath}/pipelines_config/variables`)]: 8,
      [bb('GET /workspaces/{workspace}/hooks')]: 2,
      [bb('GET /workspaces/{workspace}/pipelines-config/variables')]: 2,
      [bb(`GET ${repoPath}/pullrequests`)]: 8,
      // Per PR where a repository has few PRs for its history, the
      // repository's stream elsewhere (steps/activitySource.ts).
      [bb(`GET ${repoPath}/pullrequests/activity`)]: 3,
      [bb(`GET ${repoPath}/pullrequests/{pull_request_id}/activity`)]: 4,
      [bb(`GET ${repoPath}/pullrequests/{pull_request_id}/commits`)]: 19,
      [bb(`GET ${repoPath}/pipelines`)]: 8,
      [bb(`GET ${repoPath}/pipelines_config/schedules`)]: 8,
      [bb(`GET ${repoPath}/environments`)]: 8,
      [bb(
        `GET ${repoPath}/deployments_config/environments/{environment_uuid}/variables`,
      )]: 6,
      [bb(`GET ${repoPath}/deployments`)]: 3,
      total: 163,
    });
  });

  test('exact entity counts', () => {
    expect(countByType(result.entities)).toEqual({
      bitbucket_branch_protection: 7,
      bitbucket_branch_restriction: 17,
      bitbucket_deploy_key: 5,
      // my-service's pipeline #1 and its deployment are older than the window.
      bitbucket_deployment: 5,
      bitbucket_environment: 6,
      bitbucket_group: 4,
      bitbucket_permission: 20,
      bitbucket_pipeline: 5,
      bitbucket_pipeline_schedule: 2,
      // 2 of workspaces, 2 of repositories, 2 of environments.
      bitbucket_pipeline_variable: 6,
      bitbucket_project: 4,
      bitbucket_pull_request: 19,
      bitbucket_repo: 8,
      bitbucket_user: 7,
      bitbucket_webhook: 5,
      bitbucket_workspace: 2,
    });
  });

  test('exact relationship counts', () => {
    expect(countByType(result.relationships)).toEqual({
      bitbucket_branch_restriction_allows_group: 2,
      bitbucket_branch_restriction_allows_user: 2,
      // All but the hotfix pushed to api-gateway's main without a PR.
      bitbucket_deployment_deployed_pull_request: 4,
      bitbucket_environment_has_deployment: 5,
      bitbucket_environment_has_pipeline_variable: 2,
      bitbucket_group_has_permission: 8,
      bitbucket_group_has_user: 10,
      bitbucket_pipeline_performed_deployment: 5,
      bitbucket_project_allows_permission: 4,
      bitbucket_project_has_deploy_key: 1,
      bitbucket_project_has_repo: 7,
      bitbucket_repo_allows_permission: 16,
      bitbucket_repo_allows_user: 26,
      bitbucket_repo_assigned_user: 5,
      bitbucket_repo_has_branch_protection: 7,
      bitbucket_repo_has_branch_restriction: 17,
      bitbucket_repo_has_deploy_key: 4,
      bitbucket_repo_has_environment: 6,
      bitbucket_repo_has_pipeline: 5,
      bitbucket_repo_has_pipeline_schedule: 2,
      bitbucket_repo_has_pipeline_variable: 2,
      bitbucket_repo_has_pull_request: 19,
      bitbucket_repo_has_webhook: 3,
      bitbucket_user_approved_pull_request: 14,
      bitbucket_user_has_permission: 12,
      bitbucket_user_is_person: 7,
      bitbucket_user_opened_pull_request: 19,
      bitbucket_user_owns_group: 4,
      bitbucket_user_reviewed_pull_request: 19,
      // The deleted contractor's run has no user to link.
      bitbucket_user_triggers_pipeline: 4,
      bitbucket_workspace_has_group: 4,
      bitbucket_workspace_has_pipeline_variable: 2,
      bitbucket_workspace_has_user: 8,
      bitbucket_workspace_has_webhook: 2,
      bitbucket_workspace_owns_project: 4,
      bitbucket_workspace_owns_repo: 8,
    });
  });

  const byKey = () => new Map(result.entities.map((e) => [e._key, e]));
  const ends = (type: string) => {
    const entities = byKey();
    return result.relationships
      .filter((r) => r._type === type)
      .map((r) => ({
        repo: entities.get(String(r._fromEntityKey))?.fullName,
        user: entities.get(String(r._toEntityKey))?.nickname,
        relationship: r,
      }));
  };

  test('effective access: a project admin and a project-group writer', () => {
    const access = ends('bitbucket_repo_allows_user');
    const find = (repo: string, user: string) =>
      access.find((a) => a.repo === repo && a.user === user)?.relationship;
    // grace's only path to experiments is the RND project's admin grant.
    expect(find('acme-labs/experiments', 'grace')).toMatchObject({
      _class: 'ALLOWS',
      permission: 'admin',
      read: true,
      write: true,
      admin: true,
      grantedThrough: 'project',
      grants: 'group:developers:write, project:admin',
      effectivePermission: 'admin',
    });
    // The developers group reads api-gateway but writes to its project.
    expect(find('acme-eng/api-gateway', 'carol')).toMatchObject({
      permission: 'write',
      write: true,
      admin: false,
      grantedThrough: 'project-group',
      grants: 'group:developers:read, project-group:developers:write',
    });
    // dana owns acme-labs, not acme-eng: no access to docs-site.
    expect(find('acme-eng/docs-site', 'dana')).toBeUndefined();
  });

  test('main-branch protection: resolved through globs and the branching model', () => {
    const protection = (name: string) =>
      result.entities.find(
        (e) => e._type === 'bitbucket_branch_protection' && e.name === name,
      );
    expect(protection('My Service:main')).toMatchObject({
      _class: ['ControlPolicy'],
      branch: 'main',
      requiredApprovals: 2,
      mergeChecksEnforced: true,
      approvalsEnforced: true,
      approvalsResetOnChange: true,
      requiredPassingBuilds: 1,
      forcePushBlocked: true,
      deletionBlocked: true,
      branchingModelResolved: true,
      failedChecks: [],
      compliant: true,
    });
    // Deletion blocked through the production branch type (= master).
    expect(protection('web-app:master')).toMatchObject({
      requiredApprovals: 2,
      mergeChecksEnforced: false,
      approvalsEnforced: false,
      deletionBlocked: true,
      compliant: false,
    });
    // The development branch type is 'develop' there, not main.
    expect(protection('experiments:main')).toMatchObject({
      deletionBlocked: false,
      forcePushBlocked: true,
    });
  });

  test('effective default reviewers: project and repository ones', () => {
    expect(
      ends('bitbucket_repo_assigned_user')
        .map((a) => `${a.repo} ${a.user} ${a.relationship.reviewerType}`)
        .sort(),
    ).toEqual([
      'acme-eng/api-gateway bob project',
      'acme-eng/legacy-billing bob project',
      'acme-eng/my-service alice repository',
      'acme-eng/my-service bob project',
      'acme-eng/web-app dana repository',
    ]);
  });

  test('PRs of all four states, and PR data is partial', () => {
    const states = countByType(
      result.entities
        .filter((e) => e._type === 'bitbucket_pull_request')
        .map((e) => ({ _type: String(e.state) })),
    );
    expect(states).toEqual({ DECLINED: 2, MERGED: 7, OPEN: 9, SUPERSEDED: 1 });
    expect([...result.partialTypes].sort()).toEqual([
      'bitbucket_deployment',
      'bitbucket_deployment_deployed_pull_request',
      'bitbucket_environment_has_deployment',
      'bitbucket_pipeline',
      'bitbucket_pipeline_performed_deployment',
      'bitbucket_pull_request',
      'bitbucket_repo_has_pipeline',
      'bitbucket_repo_has_pull_request',
      'bitbucket_user_approved_pull_request',
      'bitbucket_user_opened_pull_request',
      'bitbucket_user_reviewed_pull_request',
      'bitbucket_user_triggers_pipeline',
    ]);
  });

  test('no relationship points at a missing entity', () => {
    const keys = new Set(result.entities.map((e) => e._key));
    const dangling = result.relationships
      .filter((r) => !r._mapping)
      .filter(
        (r) =>
          !keys.has(String(r._fromEntityKey)) ||
          !keys.has(String(r._toEntityKey)),
      );
    expect(dangling).toEqual([]);
  });

  test('the one 403 repository publishes one warn event per admin step, the 403 environment one, the deleted fork one for its PR', () => {
    expect(result.warnEvents.map((e) => e.description).sort()).toEqual([
      // web-app#7 came from a fork deleted since: its commits answer 404.
      `Bitbucket pull request acme-eng/web-app#7 was collected without its approval analysis (approvalStatus "unknown"): commits: 404 Not Found. Check that the credential can read pull requests of 'acme-eng/web-app' (scope pullrequest); the next run retries it if the PR is updated.`,
      `The Pipelines configuration of 1 Bitbucket repository(ies) could not be read: Bitbucket repository 'acme-eng/legacy-billing' (403 Forbidden). Those repositories are collected without pipelinesEnabled; reading it needs repository admin rights on them (OAuth scope repository:admin).`,
      // my-service's Production environment denies its variables.
      `The Pipelines variables of 1 Bitbucket deployment environment(s) could not be read: Bitbucket environment 'acme-eng/my-service/Production' (403 Forbidden). Those were skipped and every other environment is still collected. Reading the variables of a deployment environment needs repository admin rights on its repository and the pipeline scope.`,
      `The Pipelines variables of 1 Bitbucket repository(ies) could not be read: Bitbucket repository 'acme-eng/legacy-billing' (403 Forbidden). Those were skipped and every other repository is still collected. Reading Pipelines variables needs repository admin rights on those repositories and the pipeline scope.`,
      `The branch restrictions of 1 Bitbucket repository(ies) could not be read: Bitbucket repository 'acme-eng/legacy-billing' (403 Forbidden). Those were skipped and every other repository is still collected. Reading branch restrictions needs repository admin rights on those repositories (OAuth scope repository:admin).`,
      `The deploy keys of 1 Bitbucket repository(ies) could not be read: Bitbucket repository 'acme-eng/legacy-billing' (403 Forbidden). Those were skipped and every other repository is still collected. Reading deploy keys needs repository admin rights on those repositories (OAuth scope repository:admin).`,
      `The permissions of 1 Bitbucket repository(ies) could not be read: Bitbucket repository 'acme-eng/legacy-billing' (403 Forbidden). Those were skipped and every other repository is still collected. Reading permissions needs repository admin rights on those repositories (OAuth scope repository:admin).`,
      `The webhooks of 1 Bitbucket repository(ies) could not be read: Bitbucket repository 'acme-eng/legacy-billing' (403 Forbidden). Those were skipped and every other repository is still collected. Reading webhooks needs repository admin rights on those repositories and the webhook scope.`,
    ]);
    // Its PRs are still collected.
    expect(pullRequest(result, 'acme-eng/legacy-billing', 1).state).toBe(
      'MERGED',
    );
  });

  describe('Pipelines, environments and the deploy chain', () => {
    const deployment = (fullName: string, number: number) => {
      const key = `bitbucket_deployment:${repo(fullName)}:${ids.uuid(
        `deployment:${fullName}:${number}`,
      )}`;
      const found = result.entities.find((e) => e._key === key);
      if (!found) throw new Error(`no deployment ${key}`);
      return found;
    };
    const chain = (d: Entity) => ({
      environment: d.environment,
      production: d.production,
      release: d.release,
      changeReview: d.changeReview,
      pullRequestKey: d.pullRequestKey,
      commitSha: d.commitSha,
      deployerId: d.deployerId,
    });
    const prKey = (fullName: string, id: number) =>
      `bitbucket_pull_request:${repo(fullName)}:${id}`;
    const mergeCommitOf = (fullName: string, id: number) =>
      pullRequest(result, fullName, id).mergeCommit;

    test('an approved PR deployed to production (web-app#4 by alice)', () => {
      const d = deployment('acme-eng/web-app', 2);
      expect(chain(d)).toEqual({
        environment: 'Production',
        production: true,
        release: '#41',
        changeReview: 'approved',
        pullRequestKey: prKey('acme-eng/web-app', 4),
        // Bitbucket abbreviates the PR's merge commit; the deployment has
        // the full hash.
        commitSha: expect.stringMatching(
          new RegExp(`^${mergeCommitOf('acme-eng/web-app', 4)}`),
        ),
        deployerId: user('alice'),
      });
      expect(
        relationshipKeys(result, 'bitbucket_deployment_deployed_pull_request'),
      ).toContain(`${d._key} -> ${prKey('acme-eng/web-app', 4)}`);
    });

    test('an unapproved PR deployed to production (api-gateway#4)', () => {
      expect(chain(deployment('acme-eng/api-gateway', 5))).toMatchObject({
        production: true,
        changeReview: 'not-approved',
        pullRequestKey: prKey('acme-eng/api-gateway', 4),
        deployerId: user('bob'),
      });
    });

    test('a hotfix pushed to main and deployed with no pull request', () => {
      const d = deployment('acme-eng/api-gateway', 4);
      expect(chain(d)).toEqual({
        environment: 'Production',
        production: true,
        release: '#16',
        changeReview: 'no-pull-request',
        pullRequestKey: undefined,
        commitSha: ids.hash('acme-eng/api-gateway:direct-hotfix'),
        deployerId: user('carol'),
      });
      expect(
        relationshipKeys(result, 'bitbucket_deployment_deployed_pull_request'),
      ).not.toContainEqual(expect.stringContaining(d._key));
    });

    test('a deploy by a deleted user keeps its ids and links to no user', () => {
      const d = deployment('acme-eng/my-service', 3);
      const contractor = ids.uuid('user:former-contractor');
      expect(chain(d)).toMatchObject({
        changeReview: 'approved',
        pullRequestKey: prKey('acme-eng/my-service', 4),
        deployerId: contractor,
      });
      const pipeline = result.entities.find(
        (e) => e._key === d.pipelineKey,
      ) as Entity;
      expect(pipeline).toMatchObject({
        creatorId: contractor,
        creator: 'Former user',
        triggerType: 'manual',
        buildNumber: 8,
      });
      expect(
        relationshipKeys(result, 'bitbucket_user_triggers_pipeline'),
      ).not.toContainEqual(expect.stringContaining(pipeline._key));
      expect(
        relationshipKeys(result, 'bitbucket_pipeline_performed_deployment'),
      ).toContain(`${pipeline._key} -> ${d._key}`);
    });

    test('environments: type, rank, production and the admin-only restriction', () => {
      const environments = result.entities
        .filter((e) => e._type === 'bitbucket_environment')
        .map((e) => [
          e.repository,
          e.name,
          e.environmentType,
          e.production,
          e.adminOnly,
        ])
        .sort();
      expect(environments).toEqual([
        // The hard case: production, deployable by anyone with write access.
        ['acme-eng/api-gateway', 'Production', 'Production', true, false],
        ['acme-eng/api-gateway', 'Staging', 'Staging', false, false],
        ['acme-eng/my-service', 'Production', 'Production', true, true],
        ['acme-eng/web-app', 'Production', 'Production', true, true],
        ['acme-eng/web-app', 'Staging', 'Staging', false, false],
        ['acme-eng/web-app', 'Test', 'Test', false, false],
      ]);
    });

    test('pipelines of the window only, with trigger, target, state and duration', () => {
      const pipelines = result.entities
        .filter((e) => e._type === 'bitbucket_pipeline')
        .map((e) => [
          e.displayName,
          e.triggerType,
          e.targetType,
          e.refName ?? e.pullRequestId,
          e.result,
          e.durationSeconds,
        ])
        .sort();
      expect(pipelines).toEqual([
        // Named by the repository's display name ("My Service").
        ['My Service #8', 'manual', 'ref', 'main', 'SUCCESSFUL', 420],
        ['api-gateway #16', 'push', 'ref', 'main', 'SUCCESSFUL', 360],
        ['api-gateway #17', 'push', 'ref', 'main', 'SUCCESSFUL', 420],
        ['web-app #40', 'push', 'pullrequest', '3', 'FAILED', 240],
        ['web-app #41', 'manual', 'ref', 'main', 'SUCCESSFUL', 900],
      ]);
    });
  });

  test('deploy keys: public key, SHA-256 fingerprint, use and owner membership', () => {
    const DAY = 86_400_000;
    const keys = result.entities
      .filter((e) => e._type === 'bitbucket_deploy_key')
      .map((e) => ({
        _key: e._key,
        name: e.name,
        scope: e.scope,
        keyType: e.keyType,
        fingerprintSha256: e.fingerprintSha256,
        daysSinceAdded: Math.round(
          (SANDBOX_REFERENCE_TIME - Number(e.addedOn)) / DAY,
        ),
        daysSinceUsed:
          e.lastUsedOn === undefined
            ? undefined
            : Math.round((SANDBOX_REFERENCE_TIME - Number(e.lastUsedOn)) / DAY),
        ownerNickname: e.ownerNickname,
        ownerIsMember: e.ownerIsMember,
      }))
      .sort((a, b) => a._key.localeCompare(b._key));
    const project = ids.uuid('project:acme-eng:PLAT');
    expect(keys).toEqual(
      [
        {
          _key: `bitbucket_deploy_key:${repo('acme-eng/my-service')}:301`,
          name: 'ci-deploy',
          scope: 'repository',
          keyType: 'ssh-ed25519',
          // SHARED_DEPLOY_PUBLIC_KEY, also a CircleCI checkout key.
          fingerprintSha256:
            'SHA256:fYo/QkH17T7Eb6tiik+HAxx20NsH/OBIbTVL6oWmkX8',
          daysSinceAdded: 200,
          daysSinceUsed: 1,
          ownerNickname: 'alice',
          ownerIsMember: true,
        },
        {
          _key: `bitbucket_deploy_key:${repo('acme-eng/web-app')}:302`,
          name: 'legacy-deploy',
          scope: 'repository',
          keyType: 'ssh-ed25519',
          fingerprintSha256:
            'SHA256:QBfWWrM8x/Nw3ohYoRWV2X+QtXOYHylcfeWSKaIWt7Q',
          daysSinceAdded: 400,
          daysSinceUsed: 120,
          ownerNickname: 'bob',
          ownerIsMember: true,
        },
        {
          _key: `bitbucket_deploy_key:${repo('acme-eng/api-gateway')}:303`,
          name: 'release-bot',
          scope: 'repository',
          keyType: 'ssh-ed25519',
          fingerprintSha256:
            'SHA256:iHDIPzNRQL46Fu6m3SzufQAJQL5H87qTyxTG3gMdlSs',
          daysSinceAdded: 30,
          daysSinceUsed: 2,
          // mallory is no member of acme-eng.
          ownerNickname: 'mallory',
          ownerIsMember: false,
        },
        {
          // No label: named by the key's comment; never used.
          _key: `bitbucket_deploy_key:${repo('acme-labs/experiments')}:305`,
          name: 'erin@old-laptop',
          scope: 'repository',
          keyType: 'ssh-rsa',
          fingerprintSha256:
            'SHA256:5RwKQeOxqD02mfSAtFyb/+av6FGBnCTBsPK4UbyTB8M',
          daysSinceAdded: 300,
          daysSinceUsed: undefined,
          ownerNickname: 'erin',
          ownerIsMember: true,
        },
        {
          _key: `bitbucket_deploy_key:${project}:306`,
          name: 'project-deploy',
          scope: 'project',
          keyType: 'ssh-ed25519',
          fingerprintSha256:
            'SHA256:BB9GwpBtCcMxEcBEQTIdxdnj/YB5cUcWJfcwJR1a4sQ',
          daysSinceAdded: 10,
          daysSinceUsed: undefined,
          ownerNickname: 'alice',
          ownerIsMember: true,
        },
      ].sort((a, b) => a._key.localeCompare(b._key)),
    );
    expect(
      relationshipKeys(result, 'bitbucket_project_has_deploy_key'),
    ).toEqual([`${project} -> bitbucket_deploy_key:${project}:306`]);
  });

  test('webhooks: host only, https, secret, certificate verification', () => {
    const hooks = result.entities
      .filter((e) => e._type === 'bitbucket_webhook')
      .map((e) => [
        e.subjectType,
        e.repoFullName ?? e.workspace,
        e.address,
        e.https,
        e.secretSet,
        e.skipCertVerification,
        e.active,
      ])
      .sort();
    expect(hooks).toEqual([
      [
        'repository',
        'acme-eng/my-service',
        'ci.acme.example',
        true,
        true,
        false,
        true,
      ],
      [
        'repository',
        'acme-eng/web-app',
        'legacy-deployer.acme.example:8080',
        false,
        false,
        false,
        true,
      ],
      [
        'repository',
        'acme-labs/experiments',
        'chat.example.org',
        true,
        false,
        false,
        true,
      ],
      ['workspace', 'acme-eng', 'audit.acme.example', true, true, true, true],
      [
        'workspace',
        'acme-labs',
        'metrics.acme.example',
        true,
        true,
        false,
        false,
      ],
    ]);
    // No target URL (paths and queries carry tokens) on the entity or in
    // its raw data: only the host.
    for (const hook of result.entities.filter(
      (e) => e._type === 'bitbucket_webhook',
    )) {
      const json = JSON.stringify(hook);
      expect(json).not.toMatch(/"url"|\/notify|\/hooks\/bitbucket|token=/);
    }
  });

  test('Pipelines variables of workspaces, repositories and environments: key and secured only; Secret when secured', () => {
    const variables = result.entities
      .filter((e) => e._type === 'bitbucket_pipeline_variable')
      .map((e) => [
        e.scope,
        e.repoFullName ?? e.workspace,
        e.key,
        e.secured,
        e._class,
      ])
      .sort();
    expect(variables).toEqual([
      // Environment variables; my-service's Production answers 403, the
      // other environments have none.
      [
        'environment',
        'acme-eng/api-gateway',
        'PAYMENTS_API_KEY',
        false,
        ['Configuration'],
      ],
      [
        'environment',
        'acme-eng/web-app',
        'DATABASE_PASSWORD',
        true,
        ['Configuration', 'Secret'],
      ],
      [
        'repository',
        'acme-eng/my-service',
        'DEPLOY_TOKEN',
        true,
        ['Configuration', 'Secret'],
      ],
      [
        'repository',
        'acme-eng/web-app',
        'AWS_SECRET_ACCESS_KEY',
        false,
        ['Configuration'],
      ],
      ['workspace', 'acme-eng', 'DEFAULT_REGION', false, ['Configuration']],
      ['workspace', 'acme-eng', 'NPM_TOKEN', true, ['Configuration', 'Secret']],
    ]);
    for (const variable of result.entities.filter(
      (e) => e._type === 'bitbucket_pipeline_variable',
    )) {
      expect(JSON.stringify(variable)).not.toMatch(/"value"/);
    }
  });

  test('pipeline schedules: cron, branch and pipeline, the selector read from target or from the top level', () => {
    const schedules = result.entities
      .filter((e) => e._type === 'bitbucket_pipeline_schedule')
      .map((e) => [
        e.repoFullName,
        e.name,
        e.enabled,
        e.cronPattern,
        e.branch,
        e.selectorType,
        e.pipeline,
      ])
      .sort();
    expect(schedules).toEqual([
      [
        'acme-eng/my-service',
        'nightly-security-scan on main',
        true,
        '0 0 2 * * ? *',
        'main',
        'custom',
        'nightly-security-scan',
      ],
      // Answered with the selector at the top level (older answers).
      [
        'acme-eng/web-app',
        'release/* on release/2024',
        false,
        '0 30 6 ? * MON *',
        'release/2024',
        'branches',
        'release/*',
      ],
    ]);
    // Each hangs off its own repository.
    const repoKeys = new Map(
      result.entities
        .filter((e) => e._type === 'bitbucket_repo')
        .map((e) => [e.fullName, e._key]),
    );
    expect(
      relationshipKeys(result, 'bitbucket_repo_has_pipeline_schedule'),
    ).toEqual(
      result.entities
        .filter((e) => e._type === 'bitbucket_pipeline_schedule')
        .map((e) => `${repoKeys.get(e.repoFullName)} -> ${e._key}`)
        .sort(),
    );
  });

  test('pipelinesEnabled from pipelines_config; unknown where it answered 403', () => {
    const enabled = result.entities
      .filter((e) => e._type === 'bitbucket_repo')
      .map((e) => [e.fullName, e.pipelinesEnabled])
      .sort();
    expect(enabled).toEqual([
      ['acme-eng/api-gateway', true],
      ['acme-eng/docs-site', false],
      ['acme-eng/legacy-billing', undefined],
      ['acme-eng/my-service', true],
      ['acme-eng/web-app', true],
      ['acme-labs/experiments', true],
      ['acme-labs/ml-notebooks', false],
      ['acme-labs/web-app-fork', false],
    ]);
  });

  describe('approval analysis of the hard cases', () => {
    const myService = 'acme-eng/my-service';
    const webApp = 'acme-eng/web-app';
    const gateway = 'acme-eng/api-gateway';

    test('approved by another member (repo name differs from slug)', () => {
      const c = (l: string) => commit(myService, 1, l);
      expect(approvalFields(pullRequest(result, myService, 1))).toEqual({
        approvalStatus: 'approved',
        approved: true,
        validated: true,
        approvedCommitsRemoved: false,
        commits: [c('c2'), c('c1')],
        commitsApproved: [c('c2'), c('c1')],
        commitsNotApproved: [],
        commitsByUnknownAuthor: [],
        approverIds: [user('bob')],
      });
    });

    test('self-approved', () => {
      const c = (l: string) => commit(myService, 2, l);
      expect(approvalFields(pullRequest(result, myService, 2))).toEqual({
        approvalStatus: 'not-approved',
        approved: false,
        validated: true,
        approvedCommitsRemoved: false,
        commits: [c('c1')],
        commitsApproved: [],
        commitsNotApproved: [c('c1')],
        commitsByUnknownAuthor: [],
        approverIds: [user('frank')],
      });
    });

    test('commit pushed after approval', () => {
      const c = (l: string) => commit(myService, 3, l);
      expect(approvalFields(pullRequest(result, myService, 3))).toEqual({
        approvalStatus: 'not-approved',
        approved: false,
        validated: true,
        approvedCommitsRemoved: false,
        commits: [c('c2'), c('c1')],
        commitsApproved: [c('c1')],
        commitsNotApproved: [c('c2')],
        commitsByUnknownAuthor: [],
        approverIds: [user('bob')],
      });
    });

    test('force-pushed after approval', () => {
      const c = (l: string) => commit(webApp, 2, l);
      expect(approvalFields(pullRequest(result, webApp, 2))).toEqual({
        approvalStatus: 'not-approved',
        approved: false,
        validated: true,
        approvedCommitsRemoved: true,
        commits: [c('c2-rewritten'), c('c1-rewritten')],
        commitsApproved: [],
        commitsNotApproved: [c('c2-rewritten'), c('c1-rewritten')],
        commitsByUnknownAuthor: [],
        approverIds: [user('alice')],
      });
    });

    test('unknown commit authors', () => {
      const c = (l: string) => commit(gateway, 1, l);
      expect(approvalFields(pullRequest(result, gateway, 1))).toEqual({
        approvalStatus: 'not-approved',
        approved: false,
        validated: false,
        approvedCommitsRemoved: false,
        commits: [c('c3'), c('c2'), c('c1')],
        commitsApproved: [c('c3'), c('c1')],
        commitsNotApproved: [c('c2')],
        commitsByUnknownAuthor: [c('c3'), c('c2')],
        approverIds: [user('alice')],
      });
    });

    test('PR from a fork', () => {
      const c = (l: string) => commit(webApp, 3, l);
      const pr = pullRequest(result, webApp, 3);
      expect(approvalFields(pr)).toEqual({
        approvalStatus: 'approved',
        approved: true,
        validated: true,
        approvedCommitsRemoved: false,
        commits: [c('c2'), c('c1')],
        commitsApproved: [c('c2'), c('c1')],
        commitsNotApproved: [],
        commitsByUnknownAuthor: [],
        approverIds: [user('alice')],
      });
      expect(pr).toMatchObject({
        fromFork: true,
        sourceRepoId: repo('acme-labs/web-app-fork'),
        repoId: repo(webApp),
      });
    });
  });

  test("the explicit expectations above agree with the sandbox's own table", () => {
    // A second opinion only: the tests above state every value by hand.
    expect(DEMO_BITBUCKET_CASES).toHaveLength(6);
    for (const demoCase of DEMO_BITBUCKET_CASES) {
      const pr = pullRequest(
        result,
        `${demoCase.workspace}/${demoCase.repoSlug}`,
        demoCase.pullRequestId,
      );
      const fields: Partial<ReturnType<typeof approvalFields>> =
        approvalFields(pr);
      delete fields.approvalStatus;
      expect({ case: demoCase.name, ...fields }).toEqual({
        case: demoCase.name,
        ...demoCase.expected,
        approverIds: [...demoCase.expected.approverIds].sort(),
      });
    }
  });

  test('PR user relationships: OPENED, REVIEWED and APPROVED of one PR', () => {
    const key = `bitbucket_pull_request:${repo('acme-eng/my-service')}:1`;
    const of = (_type: string) =>
      relationshipKeys(result, _type).filter((k) => k.endsWith(key));
    expect(of('bitbucket_user_opened_pull_request')).toEqual([
      `${user('alice')} -> ${key}`,
    ]);
    expect(of('bitbucket_user_approved_pull_request')).toEqual([
      `${user('bob')} -> ${key}`,
    ]);
    // bob approved; carol is a requested reviewer (role REVIEWER) who
    // only commented: both reviewed.
    expect(of('bitbucket_user_reviewed_pull_request')).toEqual(
      [`${user('bob')} -> ${key}`, `${user('carol')} -> ${key}`].sort(),
    );
  });

  test('users: nickname as username, one entity per user, mapped to Person', () => {
    const alice = result.entities.find((e) => e._key === user('alice'));
    expect(alice).toMatchObject({
      _type: 'bitbucket_user',
      _class: ['User'],
      nickname: 'alice',
      username: 'alice',
      displayName: 'Alice Anders',
      active: true,
    });
    const mappings = result.relationships
      .filter((r) => r._type === 'bitbucket_user_is_person')
      .map((r) => r._mapping as RelationshipMapping);
    expect(mappings.find((m) => m.sourceEntityKey === user('alice'))).toEqual({
      relationshipDirection: 'FORWARD',
      sourceEntityKey: user('alice'),
      targetFilterKeys: [['_class', 'bitbucketNickname']],
      targetEntity: { _class: 'Person', bitbucketNickname: 'alice' },
      skipTargetCreation: true,
    });
  });

  test('workspace roles on workspace HAS user: owners are the admins', () => {
    const workspace = (slug: string) => ids.uuid(`workspace:${slug}`);
    const roles = result.relationships
      .filter((r) => r._type === 'bitbucket_workspace_has_user')
      .map((r) => [r._fromEntityKey, r._toEntityKey, r.permission, r.admin])
      .sort();
    const eng = workspace('acme-eng');
    const labs = workspace('acme-labs');
    expect(roles).toEqual(
      [
        [eng, user('alice'), 'owner', true],
        [eng, user('bob'), 'member', false],
        [eng, user('carol'), 'collaborator', false],
        [eng, user('dana'), 'member', false],
        [eng, user('frank'), 'member', false],
        // dana is one entity with a different role in each workspace.
        [labs, user('dana'), 'owner', true],
        [labs, user('erin'), 'member', false],
        [labs, user('grace'), 'member', false],
      ].sort(),
    );
    const dana = result.entities.find((e) => e._key === user('dana'));
    expect(dana?.permission).toBeUndefined();
  });
});

describe('Bitbucket pull-request window', () => {
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

  function prKeys(result: CollectResult): string[] {
    return result.entities
      .filter((e) => e._type === 'bitbucket_pull_request')
      .map((e) => String(e.displayName))
      .sort();
  }

  function prListQueries(): URLSearchParams[] {
    return sandbox
      .requestLog()
      .filter((e) => e.endpoint.endsWith('/{repo_slug}/pullrequests'))
      .map((e) => new URL(e.path, sandbox.origin).searchParams);
  }

  test('a later run starts at the last successful start (minus overlap), however long ago', async () => {
    const lastSuccess = NOW - 3 * 24 * 3600_000;
    const result = await collectInProcess({
      config: bitbucketConfig(sandbox),
      now: NOW,
      lastSuccessfulStartedOn: lastSuccess,
    });
    // Updated 4 hours, 20 hours, 1, 1.8 and 2 days before the reference time.
    expect(prKeys(result)).toEqual([
      'api-gateway/3',
      'api-gateway/4',
      'experiments/1',
      'web-app/1',
      'web-app/7',
    ]);
    const queries = prListQueries();
    expect(queries).toHaveLength(8);
    for (const query of queries) {
      expect(query.getAll('state')).toEqual([
        'OPEN',
        'MERGED',
        'DECLINED',
        'SUPERSEDED',
      ]);
      expect(query.get('q')).toBe(
        `updated_on>=${new Date(lastSuccess - 10 * 60_000).toISOString()}`,
      );
      expect(query.get('sort')).toBe('-updated_on');
      expect(query.get('pagelen')).toBe('50');
      expect(query.get('fields')).toBe(
        '+values.reviewers,+values.participants',
      );
    }
  });

  test('an outage longer than the lookback leaves no gap', async () => {
    const lastSuccess = NOW - 400 * 24 * 3600_000;
    const result = await collectInProcess({
      config: bitbucketConfig(sandbox),
      now: NOW,
      lastSuccessfulStartedOn: lastSuccess,
    });
    // Every PR of the demo, the ones older than 90 days included.
    expect(prKeys(result)).toHaveLength(24);
  });

  test('the first run reaches back bitbucketPullRequestLookbackDays', async () => {
    const result = await collectInProcess({
      config: {
        ...bitbucketConfig(sandbox),
        bitbucketPullRequestLookbackDays: '6',
      },
      now: NOW,
    });
    expect(prKeys(result)).toEqual([
      'My Service/3',
      'api-gateway/1',
      'api-gateway/3',
      'api-gateway/4',
      'docs-site/1',
      'experiments/1',
      'web-app/1',
      'web-app/3',
      'web-app/7',
    ]);
  });

  test('bitbucketIngestPullRequests=false disables both PR steps', async () => {
    const result = await collectInProcess({
      config: {
        ...bitbucketConfig(sandbox),
        bitbucketIngestPullRequests: false,
      },
      now: NOW,
    });
    const status = Object.fromEntries(
      result.stepResults.map((s) => [s.id, s.status]),
    );
    expect(status['bitbucket-fetch-pull-requests']).toBe('disabled');
    expect(status['bitbucket-build-pull-request-user-relationships']).toBe(
      'disabled',
    );
    expect(status['bitbucket-fetch-repos']).toBe('success');
    expect(prKeys(result)).toEqual([]);
  });

  test('switching users and groups off keeps repositories and PRs', async () => {
    const result = await collectInProcess({
      config: bitbucketConfig(sandbox),
      now: NOW,
      disabledSources: ['bitbucket-users', 'bitbucket-groups'],
    });
    const counts = countByType(result.entities);
    expect(counts.bitbucket_repo).toBe(8);
    expect(counts.bitbucket_pull_request).toBe(19);
    expect(counts.bitbucket_user).toBeUndefined();
  });
});
