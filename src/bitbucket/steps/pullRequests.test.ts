import { createMockStepExecutionContext } from '@jupiterone/integration-sdk-testing';
import { IntegrationConfig } from '../../config';
import {
  reply,
  ScriptedServer,
  startScriptedServer,
} from '../../http/test-support/scripted-server';
import { pullRequestHandlers } from './pullRequests';

/**
 * The PR step against a scripted loopback server: the PR list returns one
 * PR on two pages (as Bitbucket does when a PR is updated mid-listing under
 * sort=-updated_on), and the step must ingest it once.
 */

const REPO = '{4e90f000-0000-4000-a000-000000000002}';
const WS = '{0b5e0000-0000-4000-a000-000000000004}';

function pr(id: number) {
  return {
    id,
    title: `PR ${id}`,
    state: 'OPEN',
    author: { uuid: '{a11ce000-0000-4000-a000-000000000001}' },
    source: { branch: { name: `f${id}` }, repository: { uuid: REPO } },
    destination: {
      branch: { name: 'main' },
      repository: { uuid: REPO, name: 'svc', full_name: 'eng/svc' },
    },
    updated_on: '2026-11-01T00:00:00Z',
  };
}

let server: ScriptedServer;

beforeAll(async () => {
  server = await startScriptedServer((req) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.endsWith('/access_token')) {
      return reply.json(200, {
        access_token: 't',
        expires_in: 3600,
        scopes: 'account',
      });
    }
    if (url.pathname.endsWith('/members')) {
      return reply.json(200, {
        values: [{ user: { uuid: pr(1).author.uuid } }],
      });
    }
    if (url.pathname.endsWith('/pullrequests')) {
      if (url.searchParams.get('page') === '2') {
        return reply.json(200, { values: [pr(2), pr(3)] });
      }
      const next = new URL(`${server.origin}${url.pathname}${url.search}`);
      next.searchParams.set('page', '2');
      return reply.json(200, { values: [pr(1), pr(2)], next: next.href });
    }
    if (/\/(activity|commits)$/.test(url.pathname)) {
      return reply.json(200, { values: [] });
    }
    return reply.json(404, {
      type: 'error',
      error: { message: 'not scripted' },
    });
  });
});

afterAll(() => server.close());

test('a PR listed on two pages is ingested once, with one detail fetch', async () => {
  const instanceConfig: IntegrationConfig = {
    bitbucketOauthKey: 'k',
    bitbucketOauthSecret: 's',
    bitbucketWorkspace: 'eng',
    bitbucketBaseUrl: `${server.origin}/2.0`,
    bitbucketTokenUrl: `${server.origin}/site/oauth2/access_token`,
  };
  const context = createMockStepExecutionContext<IntegrationConfig>({
    instanceConfig,
    entities: [
      {
        _key: WS,
        _type: 'bitbucket_workspace',
        _class: ['Account'],
        slug: 'eng',
      },
      {
        _key: REPO,
        _type: 'bitbucket_repo',
        _class: ['CodeRepo'],
        name: 'svc',
        fullName: 'eng/svc',
        workspace: 'eng',
        workspaceId: WS,
      },
    ],
  });
  await pullRequestHandlers.PULL_REQUESTS(context);
  const keys = context.jobState.collectedEntities.map((e) => e._key).sort();
  expect(keys).toEqual(
    [1, 2, 3].map((id) => `bitbucket_pull_request:${REPO}:${id}`),
  );
  expect(
    server.requests.filter((r) =>
      r.url.split('?')[0].endsWith('/pullrequests/2/activity'),
    ),
  ).toHaveLength(1);
  expect(context.jobState.collectedRelationships).toHaveLength(3);
});
