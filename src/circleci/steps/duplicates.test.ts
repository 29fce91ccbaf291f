import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { createMockStepExecutionContext } from '@jupiterone/integration-sdk-testing';
import { IntegrationConfig } from '../../config';
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

let server: Server;
let baseUrl: string;
const requests: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${url.pathname}${url.search}`);
    const send = (body: unknown) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/v2/me') return send(me);
    if (url.pathname === '/api/v2/me/collaborations') return send([org, org]);
    if (url.pathname === '/api/v2/project/gh/acme/api/pipeline') {
      return url.searchParams.get('page-token') === 't2'
        ? send({ items: [pipeline], next_page_token: null })
        : send({ items: [pipeline, pipeline], next_page_token: 't2' });
    }
    res.statusCode = 404;
    send({ message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function contextWith(
  entities = [] as ReturnType<typeof createProjectEntity>[],
) {
  const instanceConfig: IntegrationConfig = {
    circleciApiKey: 'test-token',
    circleciBaseUrl: baseUrl,
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
  requests.length = 0;
  await fetchPipelines(context);
  expect(context.jobState.collectedEntities.map((e) => e._key)).toEqual([
    'circleci_pipeline:p-1',
  ]);
  expect(context.jobState.collectedRelationships).toHaveLength(1);
  expect(requests).toEqual([
    '/api/v2/project/gh/acme/api/pipeline',
    '/api/v2/project/gh/acme/api/pipeline?page-token=t2',
  ]);
});
