import { createMockStepExecutionContext } from '@jupiterone/integration-sdk-testing';
import { IntegrationConfig } from '../../config';
import {
  reply,
  ScriptedServer,
  startScriptedServer,
} from '../../http/test-support/scripted-server';
import { createProjectEntity } from '../converters/project';
import { fetchPipelines } from './pipelines';
import { fetchUserGroups } from './userGroups';

/**
 * The API may repeat an item (a collaboration listed twice, a pipeline on
 * two pages while new pipelines shift the list): the step must neither fail
 * nor write it twice.
 */
const NOW = Date.parse('2026-11-01T12:00:00Z');
const me = { id: 'u-1', login: 'alice', name: 'Alice', avatar_url: null };
const org = {
  id: 'org-1',
  'vcs-type': 'github',
  name: 'acme',
  avatar_url: '',
  slug: 'gh/acme',
};
const pipeline = {
  id: 'p-1',
  errors: [],
  project_slug: 'gh/acme/api',
  number: 1,
  state: 'created',
  created_at: '2026-11-01T10:00:00Z',
  trigger: {
    type: 'webhook',
    received_at: '2026-11-01T10:00:00Z',
    actor: { login: 'alice', avatar_url: null },
  },
};

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer((req) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/v2/me') return reply.json(200, me);
    if (url.pathname === '/api/v2/me/collaborations') {
      return reply.json(200, [org, org]);
    }
    if (url.pathname === '/api/v2/project/gh/acme/api/pipeline') {
      return url.searchParams.get('page-token') === 't2'
        ? reply.json(200, { items: [pipeline], next_page_token: null })
        : reply.json(200, {
            items: [pipeline, pipeline],
            next_page_token: 't2',
          });
    }
    return reply.json(404, { message: 'Not Found' });
  });
});
afterAll(() => server.close());

function contextWith(
  entities = [] as ReturnType<typeof createProjectEntity>[],
) {
  const instanceConfig: IntegrationConfig = {
    circleciApiKey: 'test-token',
    circleciBaseUrl: `${server.origin}/api/v2`,
  };
  const context = createMockStepExecutionContext<IntegrationConfig>({
    instanceConfig,
    entities,
  });
  context.executionHistory = { current: { startedOn: NOW } };
  return context;
}

test('a collaboration listed twice gives one group and one of each relationship', async () => {
  const context = contextWith();
  await fetchUserGroups(context);
  expect(context.jobState.collectedEntities.map((e) => e._key)).toEqual([
    'circleci_user_group:org-1',
  ]);
  expect(
    context.jobState.collectedRelationships.map((r) => r._type).sort(),
  ).toEqual([
    'circleci_account_has_user_group',
    'circleci_user_group_has_user',
  ]);
});

test('a pipeline repeated within and across pages is written once', async () => {
  const project = createProjectEntity({
    id: 'proj-1',
    slug: 'gh/acme/api',
    name: 'api',
    organization_name: 'acme',
    organization_slug: 'gh/acme',
    organization_id: 'org-1',
    vcs_info: {
      vcs_url: 'https://github.com/acme/api',
      provider: 'GitHub',
      default_branch: 'main',
    },
  });
  const context = contextWith([project]);
  const before = server.requests.length;
  await fetchPipelines(context);
  expect(context.jobState.collectedEntities.map((e) => e._key)).toEqual([
    'circleci_pipeline:p-1',
  ]);
  expect(context.jobState.collectedRelationships).toHaveLength(1);
  expect(server.requests.slice(before).map((r) => r.url)).toEqual([
    '/api/v2/project/gh/acme/api/pipeline',
    '/api/v2/project/gh/acme/api/pipeline?page-token=t2',
  ]);
});
