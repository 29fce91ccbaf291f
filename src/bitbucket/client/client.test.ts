import { tableTransport } from '../../http/test-support/fake-transport';
import { BitbucketClient } from './client';
import {
  pullRequestActivity,
  pullRequestCommits,
} from './responses/pullRequests';
import { repoBranchRestrictions } from './responses/repoSettings';
import { workspaceRepositories } from './responses/repositories';
import { workspaceMembers, workspaceProjects } from './responses/workspaces';

/**
 * The Bitbucket client boundary: items are validated before use (an item
 * without its uuid or with a non-numeric PR id is skipped and counted, never
 * dropped silently) and ids from answers never reach a path unsafely.
 */
const BASE = 'https://bitbucket.invalid/2.0';

function fakeTransport(answers: Record<string, unknown>) {
  return tableTransport(BASE, answers);
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const REPO = '{0a0a0a0a-0000-4000-8000-000000000001}';
/** The uuid's braces are encoded in paths. */
const REPO_PATH = '%7B0a0a0a0a-0000-4000-8000-000000000001%7D';

test('a repository without uuid is skipped with a count naming the endpoint; the others are read', async () => {
  const { transport } = fakeTransport({
    '/repositories/acme': {
      values: [
        { uuid: REPO, name: 'api', full_name: 'acme/api' },
        { name: 'no-uuid' },
        null,
        { uuid: null, name: 'null-uuid' },
      ],
    },
  });
  const client = new BitbucketClient(transport, BASE);
  const repos = await all(client.list(workspaceRepositories, ['acme']));
  expect(repos.map((r) => r.uuid)).toEqual([REPO]);
  expect(client.ledger.drain().map((e) => e.message)).toEqual([
    '2 items without uuid skipped from GET /repositories/{workspace}',
    '1 null item skipped from GET /repositories/{workspace}',
  ]);
});

test('a member without user.uuid is counted, not dropped silently', async () => {
  const { transport } = fakeTransport({
    '/workspaces/acme/members': {
      values: [
        { user: { uuid: '{u1}', display_name: 'A', nickname: 7 } },
        { user: null },
      ],
    },
  });
  const client = new BitbucketClient(transport, BASE);
  const members = await all(client.list(workspaceMembers, ['acme']));
  // A number where a string is expected is coerced.
  expect(members.map((m) => m.user?.nickname)).toEqual(['7']);
  expect(client.ledger.drain().map((e) => e.message)).toEqual([
    '1 item without uuid skipped from GET /workspaces/{workspace}/members',
  ]);
});

test('a pull request id "../permissions?" is skipped and never put in a path', async () => {
  const { transport, requested } = fakeTransport({
    [`/repositories/acme/${REPO_PATH}/pullrequests`]: {
      values: [
        { id: '../permissions?', state: 'OPEN' },
        { id: '12', state: 'OPEN', description: 'real description' },
      ],
    },
  });
  const client = new BitbucketClient(transport, BASE);
  const prs = await all(
    client.listPullRequests('acme', REPO, new Date('2024-01-01T00:00:00Z')),
  );
  // A numeric string is read as the number; the other is refused.
  expect(prs.map((pr) => pr.id)).toEqual([12]);
  expect(client.ledger.drain().map((e) => e.message)).toEqual([
    '1 item with an id that is not a number skipped from GET /repositories/{workspace}/{repo_slug}/pullrequests',
  ]);
  await expect(
    all(
      client.list(pullRequestActivity, [
        'acme',
        REPO,
        '../permissions?' as unknown as number,
      ]),
    ),
  ).rejects.toThrow('unsafe id');
  expect(requested).toEqual([`/repositories/acme/${REPO_PATH}/pullrequests`]);
});

test('a repository uuid with ".." is skipped at the listing and refused in a path', async () => {
  const { transport, requested } = fakeTransport({
    '/repositories/acme': { values: [{ uuid: '../../workspaces/acme' }] },
  });
  const client = new BitbucketClient(transport, BASE);
  expect(await all(client.list(workspaceRepositories, ['acme']))).toEqual([]);
  expect(client.ledger.drain().map((e) => e.message)).toEqual([
    '1 item with a uuid unsafe in a URL path (contains ".." or a control character) skipped from GET /repositories/{workspace}',
  ]);
  await expect(
    all(client.list(repoBranchRestrictions, ['acme', '../../workspaces/acme'])),
  ).rejects.toThrow('unsafe id');
  expect(requested).toEqual(['/repositories/acme']);
});

test('a listing page that is null fails that listing with a clear error', async () => {
  const { transport } = fakeTransport({ '/workspaces/acme/projects': null });
  const client = new BitbucketClient(transport, BASE);
  await expect(all(client.list(workspaceProjects, ['acme']))).rejects.toThrow(
    'GET /workspaces/{workspace}/projects answered a page without a "values" array',
  );
});

test('commits without parents and authors with only raw pass validation as they are', async () => {
  const { transport } = fakeTransport({
    [`/repositories/acme/${REPO_PATH}/pullrequests/12/commits`]: {
      values: [
        { hash: 'a'.repeat(40), author: { raw: 'Dev <dev@x.invalid>' } },
      ],
    },
  });
  const client = new BitbucketClient(transport, BASE);
  expect(
    await all(client.list(pullRequestCommits, ['acme', REPO, 12])),
  ).toEqual([{ hash: 'a'.repeat(40), author: { raw: 'Dev <dev@x.invalid>' } }]);
});

test('GET /workspaces/{workspace} answering null fails naming the endpoint', async () => {
  const { transport } = fakeTransport({ '/workspaces/acme': null });
  await expect(
    new BitbucketClient(transport, BASE).getWorkspace('acme'),
  ).rejects.toThrow(
    'Bitbucket GET /workspaces/{workspace} answered an empty body (null or 204) instead of an object',
  );
});
