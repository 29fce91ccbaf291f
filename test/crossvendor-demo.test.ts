import {
  Entity,
  Relationship,
  RelationshipMapping,
  StepResultStatus,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../src/config';
import { CrossVendorSteps } from '../src/crossvendor/metadata';
import { collectInProcess, CollectResult } from './collect';
import { Sandbox, startSandbox } from './sandbox/server';
import { SHARED_DEPLOY_KEY_FINGERPRINT_SHA256 } from './sandbox/demo-public-keys';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * The links between the vendors, on the sandbox demo dataset: CircleCI org
 * bb/acme-eng builds three repositories of Bitbucket workspace acme-eng, and
 * org gh/sandbox-gh-org builds two GitHub repositories.
 */
const NOW = SANDBOX_REFERENCE_TIME + 3600_000;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    dataset: 'demo',
    referenceTime: SANDBOX_REFERENCE_TIME,
  });
});
afterAll(() => sandbox.close());

function circleciConfig(): IntegrationConfig {
  return {
    circleciApiKey: SANDBOX_CREDENTIALS.circleciApiKey,
    circleciBaseUrl: sandbox.circleciBaseUrl,
  };
}

function bothConfig(): IntegrationConfig {
  return {
    ...circleciConfig(),
    bitbucketOauthKey: SANDBOX_CREDENTIALS.bitbucketOauthKey,
    bitbucketOauthSecret: SANDBOX_CREDENTIALS.bitbucketOauthSecret,
    bitbucketWorkspace: 'acme-eng,acme-labs',
    bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
    bitbucketTokenUrl: sandbox.bitbucketTokenUrl,
  };
}

/** Readable "from -> to" pairs of one relationship type. */
function links(
  result: CollectResult,
  _type: string,
  describe: (entity: Entity | undefined) => unknown,
): string[] {
  const byKey = new Map(result.entities.map((e) => [e._key, e]));
  return result.relationships
    .filter((r) => r._type === _type)
    .map(
      (r) =>
        `${describe(byKey.get(String(r._fromEntityKey)))} -> ${describe(
          byKey.get(String(r._toEntityKey)),
        )}${r.matchedOn ? ` (${r.matchedOn})` : ''}`,
    )
    .sort();
}

function mappings(result: CollectResult): Array<[string, unknown]> {
  const byKey = new Map(result.entities.map((e) => [e._key, e]));
  return result.relationships
    .filter((r) => r._type === 'circleci_project_is_code_repo')
    .map((r: Relationship) => {
      const mapping = r._mapping as RelationshipMapping;
      expect(mapping.targetFilterKeys).toEqual([['_class', 'webLink']]);
      expect(mapping.skipTargetCreation).toBe(true);
      return [
        String(byKey.get(mapping.sourceEntityKey)?.slug),
        mapping.targetEntity,
      ] as [string, unknown];
    })
    .sort(([a], [b]) => a.localeCompare(b));
}

const label = (entity: Entity | undefined) =>
  entity?.fullName ??
  entity?.slug ??
  (entity?._type === 'bitbucket_pull_request'
    ? `${entity.repositoryFullName}#${entity.id}`
    : entity?._type === 'circleci_pipeline'
    ? `${entity.projectSlug}#${entity.number}`
    : entity?.username);

test('both vendors: projects, pipelines and users are joined to their Bitbucket counterparts', async () => {
  const result = await collectInProcess({ config: bothConfig(), now: NOW });
  expect(
    result.stepResults.filter((s) => s.status === StepResultStatus.FAILURE),
  ).toEqual([]);

  expect(links(result, 'circleci_project_is_bitbucket_repo', label)).toEqual([
    'bb/acme-eng/api-gateway -> acme-eng/api-gateway',
    'bb/acme-eng/my-service -> acme-eng/my-service',
    'bb/acme-eng/web-app -> acme-eng/web-app',
  ]);
  // GitHub projects are not in Bitbucket: mapped to whichever integration has them
  expect(mappings(result)).toEqual([
    [
      'gh/sandbox-gh-org/gh-api',
      {
        _class: 'CodeRepo',
        webLink: 'https://github.com/sandbox-gh-org/gh-api',
      },
    ],
    [
      'gh/sandbox-gh-org/gh-web',
      {
        _class: 'CodeRepo',
        webLink: 'https://github.com/sandbox-gh-org/gh-web',
      },
    ],
  ]);

  const pipelineLinks = links(
    result,
    'circleci_pipeline_evaluates_bitbucket_pull_request',
    label,
  );
  expect(pipelineLinks).toHaveLength(4);
  expect(pipelineLinks.map((l) => l.replace(/#\d+ ->/, ' ->'))).toEqual([
    'bb/acme-eng/api-gateway -> acme-eng/api-gateway#4 (merge_commit)',
    'bb/acme-eng/my-service -> acme-eng/my-service#1 (source_commit)',
    'bb/acme-eng/my-service -> acme-eng/my-service#4 (merge_commit)',
    'bb/acme-eng/web-app -> acme-eng/web-app#4 (merge_commit)',
  ]);
  // every linked pipeline really built that PR's commit
  const byKey = new Map(result.entities.map((e) => [e._key, e]));
  for (const rel of result.relationships.filter(
    (r) => r._type === 'circleci_pipeline_evaluates_bitbucket_pull_request',
  )) {
    const pipeline = byKey.get(String(rel._fromEntityKey));
    const pr = byKey.get(String(rel._toEntityKey));
    const prCommit = String(
      rel.matchedOn === 'merge_commit' ? pr?.mergeCommit : pr?.sourceCommit,
    );
    expect(String(pipeline?.vcsRevision).startsWith(prCommit)).toBe(true);
  }

  // users of org bb/acme-eng whose login is a unique acme-eng nickname;
  // the GitHub org's users (octo-*) are never matched
  const nickname = (e: Entity | undefined) => e?.nickname ?? e?.username;
  expect(links(result, 'circleci_user_is_bitbucket_user', nickname)).toEqual([
    'alice -> alice',
    'bob -> bob',
    'carol -> carol',
  ]);
});

test('CircleCI alone: every project maps to a CodeRepo by its VCS URL, nothing links directly', async () => {
  const result = await collectInProcess({ config: circleciConfig(), now: NOW });
  expect(result.stepResults).toContainEqual({
    id: CrossVendorSteps.PROJECT_CODE_REPO_MAPPING.id,
    status: StepResultStatus.SUCCESS,
  });
  expect(mappings(result).map(([slug, target]) => [slug, target])).toEqual([
    [
      'bb/acme-eng/api-gateway',
      {
        _class: 'CodeRepo',
        webLink: 'https://bitbucket.org/acme-eng/api-gateway',
      },
    ],
    [
      'bb/acme-eng/my-service',
      {
        _class: 'CodeRepo',
        webLink: 'https://bitbucket.org/acme-eng/my-service',
      },
    ],
    [
      'bb/acme-eng/web-app',
      { _class: 'CodeRepo', webLink: 'https://bitbucket.org/acme-eng/web-app' },
    ],
    [
      'gh/sandbox-gh-org/gh-api',
      {
        _class: 'CodeRepo',
        webLink: 'https://github.com/sandbox-gh-org/gh-api',
      },
    ],
    [
      'gh/sandbox-gh-org/gh-web',
      {
        _class: 'CodeRepo',
        webLink: 'https://github.com/sandbox-gh-org/gh-web',
      },
    ],
  ]);
  expect(
    result.relationships.filter((r) => /_bitbucket_/.test(r._type)),
  ).toEqual([]);
});

test('without pull requests the pipelines are not linked, the rest still is', async () => {
  const result = await collectInProcess({
    config: { ...bothConfig(), bitbucketIngestPullRequests: false },
    now: NOW,
  });
  const types = new Set(result.relationships.map((r) => r._type));
  expect(types.has('circleci_pipeline_evaluates_bitbucket_pull_request')).toBe(
    false,
  );
  expect(types.has('circleci_project_is_bitbucket_repo')).toBe(true);
  expect(types.has('circleci_user_is_bitbucket_user')).toBe(true);
});

test('both vendors: a CircleCI checkout key IS the Bitbucket deploy key with the same public key', async () => {
  const result = await collectInProcess({ config: bothConfig(), now: NOW });
  const keyLabel = (e: Entity | undefined) =>
    e?._type === 'circleci_checkout_key'
      ? `${String(e.projectSlug)} ${String(e.type)}`
      : `${String(e?.repoFullName ?? e?.projectKey)} ${String(e?.label)}`;
  // my-service's CircleCI deploy key is acme-eng/my-service's ci-deploy key.
  // Near miss: api-gateway's CircleCI deploy key, whose public key no
  // Bitbucket key has (api-gateway's release-bot key is another one).
  expect(
    links(result, 'circleci_checkout_key_is_bitbucket_deploy_key', keyLabel),
  ).toEqual([
    'bb/acme-eng/my-service deploy-key -> acme-eng/my-service ci-deploy',
  ]);
  const byKey = new Map(result.entities.map((e) => [e._key, e]));
  const link = result.relationships.find(
    (r) => r._type === 'circleci_checkout_key_is_bitbucket_deploy_key',
  );
  expect([
    byKey.get(String(link?._fromEntityKey))?.fingerprintSha256,
    byKey.get(String(link?._toEntityKey))?.fingerprintSha256,
    link?.fingerprintSha256,
  ]).toEqual(Array(3).fill(SHARED_DEPLOY_KEY_FINGERPRINT_SHA256));
  expect(result.stepResults).toContainEqual({
    id: CrossVendorSteps.CHECKOUT_KEY_DEPLOY_KEY.id,
    status: StepResultStatus.SUCCESS,
  });
});

test('the deploy chain: each CircleCI deploy links to the pull request whose commit it deployed, with its changeReview', async () => {
  const result = await collectInProcess({ config: bothConfig(), now: NOW });
  expect(
    result.stepResults
      .filter((s) => s.id.includes('deploys'))
      .map((s) => [s.id, s.status])
      .sort(),
  ).toEqual([
    ['circleci-fetch-deploys', StepResultStatus.DISABLED],
    [
      'cross-vendor-fetch-circleci-deploys-with-pull-requests',
      StepResultStatus.SUCCESS,
    ],
  ]);
  const byKey = new Map(result.entities.map((e) => [e._key, e]));
  const deploys = result.entities.filter((e) => e._type === 'circleci_deploy');
  const prLabel = (key: unknown) => {
    const pr = byKey.get(String(key));
    return pr ? `${pr.repositoryFullName}#${pr.id} ${pr.approvalStatus}` : key;
  };
  expect(
    deploys
      .map((d) => [d.displayName, d.changeReview, prLabel(d.pullRequestKey)])
      .sort(),
  ).toEqual([
    // unapproved PR deployed to production
    [
      'api-gateway 2.7.1 in production',
      'not-approved',
      'acme-eng/api-gateway#4 not-approved',
    ],
    // pipeline outside the window, not live: commit unknown
    ['my-service 1.3.0 in production', 'unknown', undefined],
    // pipeline outside the window, live: commit read, built no known PR
    ['my-service 1.3.0 in staging', 'no-pull-request', undefined],
    // approved PR deployed to production
    [
      'my-service 1.4.0 in production',
      'approved',
      'acme-eng/my-service#4 approved',
    ],
    [
      'web-app 2026.11.30 in staging',
      'approved',
      'acme-eng/web-app#4 approved',
    ],
    // hotfix pushed straight to master, no PR
    ['web-app 2026.11.30-hotfix in production', 'no-pull-request', undefined],
  ]);
  // One DEPLOYED relationship per linked deploy, to the same PR, carrying
  // the commit; the PR's merge commit is the deployed commit.
  const deployed = result.relationships.filter(
    (r) => r._type === 'circleci_deploy_deployed_bitbucket_pull_request',
  );
  expect(deployed).toHaveLength(3);
  for (const rel of deployed) {
    const deploy = byKey.get(String(rel._fromEntityKey));
    const pr = byKey.get(String(rel._toEntityKey));
    expect(rel._class).toBe('DEPLOYED');
    expect(deploy?.pullRequestKey).toBe(rel._toEntityKey);
    expect(rel.commit).toBe(deploy?.commitSha);
    expect(String(deploy?.commitSha).startsWith(String(pr?.mergeCommit))).toBe(
      true,
    );
  }
});
