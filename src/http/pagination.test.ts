import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';
import { flattenPages, PageFormat, paginate } from './pagination';
import { collect, collectUntilError, pagedServer } from './test-support/pages';
import { reply } from './test-support/scripted-server';

/**
 * The generic paginator's own guards, with a minimal page format (`{ items,
 * next }`, next a URL relative to the page); each vendor's format is tested
 * beside its client (src/{circleci,bitbucket}/client/pages.test.ts).
 */
const plainPages: PageFormat = {
  itemsKey: 'items',
  next: (page, { url }) =>
    typeof page.next === 'string' ? new URL(page.next, url) : undefined,
  repeated: (next, { pageNumber }) =>
    `repeated ${next.pathname} on page ${pageNumber}`,
};

const request = { url: 'things', endpoint: 'GET /things' };

test('reads every page until the format finds no next page', async () => {
  const { server, transport } = await pagedServer(
    [
      reply.json(200, { items: [1, 2], next: 'things?page=2' }),
      reply.json(200, { items: [], next: 'things?page=3' }),
      reply.json(200, { items: [3] }),
    ],
    'CircleCI',
  );
  const items: number[] = [];
  for await (const item of flattenPages(
    paginate<number>(transport, request, plainPages),
  )) {
    items.push(item);
  }
  expect(items).toEqual([1, 2, 3]);
  expect(server.requests.map((r) => r.url)).toEqual([
    '/api/v2/things',
    '/api/v2/things?page=2',
    '/api/v2/things?page=3',
  ]);
});

test('a next page on another origin is refused before it is requested', async () => {
  const { server, transport } = await pagedServer(
    [
      reply.json(200, {
        items: [1],
        next: 'https://evil.example/x?token=s3cret',
      }),
    ],
    'CircleCI',
  );
  const { read, err } = await collectUntilError(
    paginate(transport, request, plainPages),
  );
  expect(read).toEqual([[1]]);
  expect(err).toBeInstanceOf(IntegrationProviderAPIError);
  expect((err as Error).message).toBe(
    `GET /things: the next link points to another origin (https://evil.example, expected ${server.origin}); not following it`,
  );
  expect(JSON.stringify(err)).not.toContain('s3cret');
  expect(server.requests).toHaveLength(1);
});

test('a next page already read ends the listing with the format’s message', async () => {
  const { server, transport } = await pagedServer(
    [
      reply.json(200, { items: [1], next: 'things?page=2' }),
      reply.json(200, { items: [2], next: 'things' }),
    ],
    'CircleCI',
  );
  const { read, err } = await collectUntilError(
    paginate(transport, request, plainPages),
  );
  expect(read).toEqual([[1], [2]]);
  expect(err).toMatchObject({
    status: 'PAGINATION_ERROR',
    message: 'repeated /api/v2/things on page 2',
  });
  expect(server.requests).toHaveLength(2);
});

test('a page without the items array is an error naming the key', async () => {
  const { transport } = await pagedServer(
    [reply.json(200, { values: [1] })],
    'CircleCI',
  );
  const { err } = await collectUntilError(
    paginate(transport, request, plainPages),
  );
  expect(err).toMatchObject({
    message: 'GET /things answered a page without a "items" array',
  });
});

test('a failure the format does not recover from fails the listing', async () => {
  const { transport } = await pagedServer(
    [reply.json(404, { message: 'nope' })],
    'CircleCI',
  );
  const recover = jest.fn(() => undefined);
  const { err } = await collectUntilError(
    paginate(transport, request, { ...plainPages, recover }),
  );
  expect(err).toMatchObject({ status: 404 });
  expect(recover).toHaveBeenCalledTimes(1);
});

describe('page cap', () => {
  test('endless empty pages with fresh next pages stop at the transport’s cap with an error naming the endpoint', async () => {
    let served = 0;
    const { server, transport } = await pagedServer(
      () => {
        served += 1;
        return reply.json(200, {
          items: [],
          next: `things?page=${served + 1}`,
        });
      },
      'CircleCI',
      { maxPages: 5 },
    );
    const { read, err } = await collectUntilError(
      paginate(transport, request, plainPages),
    );
    expect(read).toHaveLength(5);
    expect(served).toBe(5);
    expect(err).toBeInstanceOf(IntegrationProviderAPIError);
    expect((err as Error).message).toBe(
      `GET /things: more than 5 pages (the cap on one listing; empty pages count); stopping the listing at GET ${server.origin}/api/v2/things instead of following next links without end`,
    );
  });

  test('a request’s own cap wins over the transport’s default', async () => {
    let served = 0;
    const { transport } = await pagedServer(() => {
      served += 1;
      return reply.json(200, {
        items: [served],
        next: `things?page=${served + 1}`,
      });
    }, 'Bitbucket');
    expect(transport.maxPages).toBe(10_000);
    const { read, err } = await collectUntilError(
      paginate(transport, { ...request, maxPages: 3 }, plainPages),
    );
    expect(read).toEqual([[1], [2], [3]]);
    expect(served).toBe(3);
    expect((err as Error).message).toMatch(
      /^GET \/things: more than 3 pages \(the cap on one listing; empty pages count\)/,
    );
  });

  test('a listing of exactly the cap ends normally', async () => {
    let served = 0;
    const { transport } = await pagedServer(
      () => {
        served += 1;
        return reply.json(200, {
          items: [served],
          ...(served < 3 ? { next: `things?page=${served + 1}` } : {}),
        });
      },
      'CircleCI',
      { maxPages: 3 },
    );
    const pages = await collect(
      paginate<number>(transport, request, plainPages),
    );
    expect(pages).toEqual([[1], [2], [3]]);
  });
});
