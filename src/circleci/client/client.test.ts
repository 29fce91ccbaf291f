import { tableTransport } from '../../http/test-support/fake-transport';
import { CircleCIClient, projectSlugPath } from './client';
import {
  pipelineWorkflows,
  projectPipelines,
  workflowJobs,
} from './responses/pipelines';

/**
 * The client boundary: every answer is validated before use, and ids from
 * answers never reach a URL path unencoded or unsafe. A fake transport
 * answers from a table of paths and records what was requested.
 */
function fakeTransport(answers: Record<string, unknown>) {
  return tableTransport('https://circleci.invalid/api/v2', answers);
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const ORG = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  vcs_type: 'github',
  name: 'acme',
  avatar_url: 'https://avatars.invalid/acme',
  slug: 'gh/acme',
};

test('GET /me answering a null body (204) fails with an error naming the endpoint, not a TypeError', async () => {
  const { transport } = fakeTransport({ '/me': null });
  await expect(new CircleCIClient(transport).getMe()).rejects.toThrow(
    'CircleCI GET /me answered an empty body (null or 204) instead of an object',
  );
});

test('GET /me without an id fails naming the missing field', async () => {
  const { transport } = fakeTransport({ '/me': { login: 'x', name: 'X' } });
  await expect(new CircleCIClient(transport).getMe()).rejects.toThrow(
    'CircleCI GET /me answered an object without id',
  );
});

test('a null item and an item without slug in /me/collaborations are skipped and counted once each', async () => {
  const { transport } = fakeTransport({
    '/me/collaborations': [ORG, null, { ...ORG, slug: undefined }],
  });
  const client = new CircleCIClient(transport);
  expect(await client.listCollaborations()).toEqual([ORG]);
  expect(client.ledger.drain()).toEqual([
    {
      message: '1 null item skipped from GET /me/collaborations',
      first: true,
    },
    {
      message: '1 item without slug skipped from GET /me/collaborations',
      first: true,
    },
  ]);
  // Memoised: a second read neither requests nor counts again.
  await client.listCollaborations();
  expect(client.ledger.drain()).toEqual([]);
});

test('/me/collaborations answering an object instead of a list fails clearly', async () => {
  const { transport } = fakeTransport({ '/me/collaborations': { items: [] } });
  await expect(
    new CircleCIClient(transport).listCollaborations(),
  ).rejects.toThrow(
    'CircleCI GET /me/collaborations answered an object instead of a list',
  );
});

test('a number where a string is expected is coerced; an object there is dropped', async () => {
  const { transport } = fakeTransport({
    '/project/gh/acme/api/pipeline': {
      items: [
        {
          id: 'p1',
          number: '7',
          project_slug: 'gh/acme/api',
          created_at: '2024-01-01T00:00:00Z',
          state: 'created',
          errors: [null, { type: 'config', message: 'bad' }],
          trigger: {
            type: 'webhook',
            received_at: 12345,
            actor: { login: 42, avatar_url: null },
          },
          vcs: { branch: { name: 'main' }, revision: 'abc' },
        },
      ],
      next_page_token: null,
    },
  });
  const [pipeline] = await all(
    new CircleCIClient(transport).list(projectPipelines, ['gh/acme/api']),
  );
  expect(pipeline.number).toBe(7);
  expect(pipeline.trigger?.actor?.login).toBe('42');
  expect(pipeline.trigger?.received_at).toBe('12345');
  expect(pipeline.errors).toEqual([{ type: 'config', message: 'bad' }]);
  expect(pipeline.vcs).toEqual({ revision: 'abc' });
});

test('listing items without id are skipped and counted per endpoint', async () => {
  const { transport } = fakeTransport({
    '/pipeline/p1/workflow': {
      items: [{ name: 'a' }, { id: '', name: 'b' }, { id: 'w1', name: 'c' }],
      next_page_token: null,
    },
  });
  const client = new CircleCIClient(transport);
  expect(
    (await all(client.list(pipelineWorkflows, ['p1']))).map((w) => w.id),
  ).toEqual(['w1']);
  expect(client.ledger.drain()).toEqual([
    {
      message:
        '2 items without id skipped from GET /pipeline/{pipeline-id}/workflow',
      first: true,
    },
  ]);
});

test('a workflow id with ".." from an answer is skipped, never requested', async () => {
  const { transport, requested } = fakeTransport({
    '/pipeline/p1/workflow': {
      items: [{ id: '../../me', name: 'x' }],
      next_page_token: null,
    },
  });
  const client = new CircleCIClient(transport);
  expect(await all(client.list(pipelineWorkflows, ['p1']))).toEqual([]);
  await expect(all(client.list(workflowJobs, ['../../me']))).rejects.toThrow(
    'unsafe id',
  );
  expect(requested).toEqual(['/pipeline/p1/workflow']);
});

test('project slugs keep their two separators, each segment encoded; a project named ../../../me is refused', () => {
  expect(projectSlugPath('gh/acme/api service')).toBe('gh/acme/api%20service');
  expect(projectSlugPath('circleci/0a1b/9f8e')).toBe('circleci/0a1b/9f8e');
  expect(() => projectSlugPath('gh/acme/../../../me')).toThrow('unsafe id');
  expect(() => projectSlugPath('gh/acme/..')).toThrow('unsafe id');
  expect(() => projectSlugPath('gh/acme/a\nb')).toThrow('unsafe id');
});

test('getProject never requests an unsafe slug', async () => {
  const { transport, requested } = fakeTransport({});
  await expect(
    new CircleCIClient(transport).getProject('gh/acme/../../../me'),
  ).rejects.toThrow('unsafe id');
  expect(requested).toEqual([]);
});
