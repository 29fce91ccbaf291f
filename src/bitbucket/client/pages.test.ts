import { paginate } from '../../http';
import {
  collect,
  collectUntilError,
  pagedServer,
} from '../../http/test-support/pages';
import { reply } from '../../http/test-support/scripted-server';
import { bitbucketPages } from './pages';

/**
 * The Bitbucket page format on the generic paginator, over real HTTP. The
 * other-origin guard belongs to the paginator and is tested there
 * (src/http/pagination.test.ts).
 */
describe('bitbucketPages', () => {
  test('follows next links until there is none', async () => {
    const { server, transport } = await pagedServer(
      (_req, index) =>
        reply.json(200, {
          values: [index],
          ...(index < 2
            ? {
                next: `${server?.origin}/2.0/repositories/ws?pagelen=100&page=${
                  index + 2
                }`,
              }
            : {}),
        }),
      'Bitbucket',
    );
    const pages = await collect(
      paginate<number>(
        transport,
        {
          url: 'repositories/ws?pagelen=100',
          endpoint: 'GET /repositories/{workspace}',
        },
        bitbucketPages,
      ),
    );
    expect(pages).toEqual([[0], [1], [2]]);
    expect(server.requests.map((r) => r.url)).toEqual(
      ['', '&page=2', '&page=3'].map(
        (page) => `/2.0/repositories/ws?pagelen=100${page}`,
      ),
    );
  });

  test('refuses a next link already visited', async () => {
    const { server, transport } = await pagedServer(
      () =>
        reply.json(200, {
          values: ['x'],
          next: `${server?.origin}/2.0/workspaces/ws/members?page=2`,
        }),
      'Bitbucket',
    );
    const { read, err } = await collectUntilError(
      paginate(
        transport,
        {
          url: 'workspaces/ws/members',
          endpoint: 'GET /workspaces/{workspace}/members',
        },
        bitbucketPages,
      ),
    );
    expect(read).toEqual([['x'], ['x']]);
    expect((err as Error).message).toBe(
      `GET /workspaces/{workspace}/members: the next link repeated a page already read (${server.origin}/2.0/workspaces/ws/members); stopping to avoid an endless listing`,
    );
    expect(server.requests).toHaveLength(2);
  });

  test('retries the first page with pagelen=50 after "Invalid pagelen"', async () => {
    const { server, logger, transport } = await pagedServer(
      [
        reply.json(400, {
          type: 'error',
          error: { message: 'Invalid pagelen' },
        }),
        reply.json(200, { values: [1, 2] }),
      ],
      'Bitbucket',
    );
    const pages = await collect(
      paginate(
        transport,
        {
          url: 'repositories/ws/repo/pullrequests?pagelen=100&state=OPEN',
          endpoint: 'GET /repositories/{workspace}/{repo_slug}/pullrequests',
        },
        bitbucketPages,
      ),
    );
    expect(pages).toEqual([[1, 2]]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/2.0/repositories/ws/repo/pullrequests?pagelen=100&state=OPEN',
      '/2.0/repositories/ws/repo/pullrequests?pagelen=50&state=OPEN',
    ]);
    expect(logger.calls).toEqual([
      {
        level: 'warn',
        fields: {
          endpoint: 'GET /repositories/{workspace}/{repo_slug}/pullrequests',
          pagelen: 50,
        },
        msg: 'GET /repositories/{workspace}/{repo_slug}/pullrequests: Bitbucket rejected the page length (Invalid pagelen); retrying with pagelen=50',
      },
    ]);
  });

  test('any other 400 is an error', async () => {
    const { server, transport } = await pagedServer(
      [reply.json(400, { type: 'error', error: { message: 'Invalid query' } })],
      'Bitbucket',
    );
    const { err } = await collectUntilError(
      paginate(
        transport,
        {
          url: 'repositories/ws/repo/pullrequests?q=bad',
          endpoint: 'GET /pullrequests',
        },
        bitbucketPages,
      ),
    );
    expect(err).toMatchObject({ status: 400 });
    expect(server.requests).toHaveLength(1);
  });
});
