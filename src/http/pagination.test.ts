import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';
import {
  flattenPages,
  paginateBitbucket,
  paginateCircleCI,
} from './pagination';
import { captureLogger } from './test-support/capture-logger';
import { InstantClock } from './test-support/fake-clock';
import {
  reply,
  ScriptedServer,
  startScriptedServer,
} from './test-support/scripted-server';
import { createTransport } from './transport';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(
  script: Parameters<typeof startScriptedServer>[0],
  vendor: 'CircleCI' | 'Bitbucket',
) {
  server = await startScriptedServer(script);
  const logger = captureLogger();
  const basePath = vendor === 'CircleCI' ? '/api/v2' : '/2.0';
  const transport = createTransport({
    vendor,
    baseUrl: `${server.origin}${basePath}`,
    clock: new InstantClock(),
    random: () => 0.5,
    logger,
  });
  return { server, logger, transport };
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Collects until the listing throws; returns the pages read and the error. */
async function collectUntilError<T>(pages: AsyncIterable<T[]>) {
  const read: T[][] = [];
  try {
    for await (const page of pages) read.push(page);
  } catch (err) {
    return { read, err };
  }
  throw new Error('expected the listing to fail');
}

describe('paginateCircleCI', () => {
  test.each([
    ['pipeline', '/api/v2/pipeline', '?'],
    ['pipeline?org-slug=gh%2Facme', '/api/v2/pipeline?org-slug=gh%2Facme', '&'],
  ])(
    'follows next_page_token across 3 pages from %s',
    async (firstUrl, firstPath, separator) => {
      const { server, transport } = await setup(
        [
          reply.json(200, { items: [1, 2], next_page_token: 'tok/2+' }),
          reply.json(200, { items: [3], next_page_token: 'tok3' }),
          reply.json(200, { items: [4], next_page_token: null }),
        ],
        'CircleCI',
      );
      const pages = await collect(
        paginateCircleCI<number>(transport, {
          url: firstUrl,
          endpoint: 'GET /pipeline',
        }),
      );
      expect(pages).toEqual([[1, 2], [3], [4]]);
      expect(server.requests.map((r) => r.url)).toEqual([
        firstPath,
        `${firstPath}${separator}page-token=tok%2F2%2B`,
        `${firstPath}${separator}page-token=tok3`,
      ]);
    },
  );

  test('replaces the page token instead of appending a second one', async () => {
    const { server, transport } = await setup(
      [
        reply.json(200, { items: [1], next_page_token: 'b' }),
        reply.json(200, { items: [2] }),
      ],
      'CircleCI',
    );
    await collect(
      paginateCircleCI(transport, {
        url: 'context?owner-slug=gh%2Facme&page-token=a',
        endpoint: 'GET /context',
      }),
    );
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v2/context?owner-slug=gh%2Facme&page-token=a',
      '/api/v2/context?owner-slug=gh%2Facme&page-token=b',
    ]);
  });

  test('refuses a page token that repeats', async () => {
    const { server, transport } = await setup(
      [
        reply.json(200, { items: [1], next_page_token: 't2' }),
        reply.json(200, { items: [2], next_page_token: 't3' }),
        reply.json(200, { items: [3], next_page_token: 't2' }),
      ],
      'CircleCI',
    );
    const { read, err } = await collectUntilError(
      paginateCircleCI<number>(transport, {
        url: 'pipeline?org-slug=gh%2Facme',
        endpoint: 'GET /pipeline',
      }),
    );
    expect(read).toEqual([[1], [2], [3]]);
    expect(err).toBeInstanceOf(IntegrationProviderAPIError);
    expect(err).toMatchObject({
      endpoint: `GET ${server.origin}/api/v2/pipeline`,
      message:
        'GET /pipeline: the page token repeated on page 3; stopping to avoid an endless listing',
    });
    expect(server.requests).toHaveLength(3);
  });

  test('a 404 on a later page ends the listing with one warning', async () => {
    const { server, logger, transport } = await setup(
      [
        reply.json(200, { items: [1], next_page_token: 'bad' }),
        reply.json(404, { message: 'Not found' }),
      ],
      'CircleCI',
    );
    const pages = await collect(
      paginateCircleCI<number>(transport, {
        url: 'pipeline',
        endpoint: 'GET /pipeline',
        endOnLaterPageNotFound: true,
      }),
    );
    expect(pages).toEqual([[1]]);
    expect(server.requests).toHaveLength(2);
    const warnings = logger.calls.filter((c) => c.level === 'warn');
    expect(warnings).toEqual([
      {
        level: 'warn',
        fields: { endpoint: 'GET /pipeline', page: 2 },
        msg: 'GET /pipeline: page 2 answered 404 Not Found (invalid next_page_token, circleci-docs#6472); ending the listing with the pages already read',
      },
    ]);
  });

  test('a 404 on a later page of another listing is an error', async () => {
    const { transport } = await setup(
      [
        reply.json(200, { items: [1], next_page_token: 'next' }),
        reply.json(404, { message: 'Not found' }),
      ],
      'CircleCI',
    );
    const err = await collect(
      paginateCircleCI<number>(transport, {
        url: 'workflow/w1/job',
        endpoint: 'GET /workflow/{id}/job',
      }),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 404 });
  });

  test('a 404 on the first page is an error', async () => {
    const { transport } = await setup(
      [reply.json(404, { message: 'Organization not found' })],
      'CircleCI',
    );
    const { read, err } = await collectUntilError(
      paginateCircleCI(transport, { url: 'context', endpoint: 'GET /context' }),
    );
    expect(read).toEqual([]);
    expect(err).toMatchObject({ status: 404 });
  });

  test('a page without items is an error', async () => {
    const { transport } = await setup(
      [reply.json(200, { message: 'odd' })],
      'CircleCI',
    );
    const { err } = await collectUntilError(
      paginateCircleCI(transport, { url: 'me', endpoint: 'GET /me' }),
    );
    expect(err).toMatchObject({
      message: 'GET /me answered a page without a "items" array',
    });
  });
});

describe('paginateBitbucket', () => {
  test('follows next links until there is none', async () => {
    const { server, transport } = await setup(
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
    const items: number[] = [];
    for await (const item of flattenPages(
      paginateBitbucket<number>(transport, {
        url: 'repositories/ws?pagelen=100',
        endpoint: 'GET /repositories/{workspace}',
      }),
    )) {
      items.push(item);
    }
    expect(items).toEqual([0, 1, 2]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/2.0/repositories/ws?pagelen=100',
      '/2.0/repositories/ws?pagelen=100&page=2',
      '/2.0/repositories/ws?pagelen=100&page=3',
    ]);
  });

  test('refuses a next link on another origin without naming its query', async () => {
    const { server, transport } = await setup(
      [
        reply.json(200, {
          values: [1],
          next: 'https://evil.example/2.0/repositories/ws?access_token=abc123&page=2',
        }),
      ],
      'Bitbucket',
    );
    const { read, err } = await collectUntilError(
      paginateBitbucket(transport, {
        url: 'repositories/ws',
        endpoint: 'GET /repositories/{workspace}',
      }),
    );
    expect(read).toEqual([[1]]);
    expect(err).toBeInstanceOf(IntegrationProviderAPIError);
    expect((err as Error).message).toBe(
      `GET /repositories/{workspace}: the next link points to another origin (https://evil.example, expected ${server.origin}); not following it`,
    );
    expect(JSON.stringify(err)).not.toContain('abc123');
    expect(server.requests).toHaveLength(1);
  });

  test('refuses a next link already visited', async () => {
    const { server, transport } = await setup(
      () =>
        reply.json(200, {
          values: ['x'],
          next: `${server?.origin}/2.0/workspaces/ws/members?page=2`,
        }),
      'Bitbucket',
    );
    const { read, err } = await collectUntilError(
      paginateBitbucket(transport, {
        url: 'workspaces/ws/members',
        endpoint: 'GET /workspaces/{workspace}/members',
      }),
    );
    expect(read).toEqual([['x'], ['x']]);
    expect((err as Error).message).toBe(
      `GET /workspaces/{workspace}/members: the next link repeated a page already read (${server.origin}/2.0/workspaces/ws/members); stopping to avoid an endless listing`,
    );
    expect(server.requests).toHaveLength(2);
  });

  test('retries the first page with pagelen=50 after "Invalid pagelen"', async () => {
    const { server, logger, transport } = await setup(
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
      paginateBitbucket(transport, {
        url: 'repositories/ws/repo/pullrequests?pagelen=100&state=OPEN',
        endpoint: 'GET /repositories/{workspace}/{repo_slug}/pullrequests',
      }),
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
    const { server, transport } = await setup(
      [reply.json(400, { type: 'error', error: { message: 'Invalid query' } })],
      'Bitbucket',
    );
    const { err } = await collectUntilError(
      paginateBitbucket(transport, {
        url: 'repositories/ws/repo/pullrequests?q=bad',
        endpoint: 'GET /pullrequests',
      }),
    );
    expect(err).toMatchObject({ status: 400 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('page cap', () => {
  test('CircleCI: endless empty pages with fresh tokens stop at the cap with an error naming the endpoint', async () => {
    let served = 0;
    server = await startScriptedServer(() => {
      served += 1;
      return reply.json(200, { items: [], next_page_token: `t${served}` });
    });
    const transport = createTransport({
      vendor: 'CircleCI',
      baseUrl: `${server.origin}/api/v2`,
      clock: new InstantClock(),
      maxPages: 5,
    });
    const { read, err } = await collectUntilError(
      paginateCircleCI(transport, {
        url: 'project/gh%2Facme%2Fapi/pipeline',
        endpoint: 'GET /project/{project-slug}/pipeline',
      }),
    );
    expect(read).toHaveLength(5);
    expect(served).toBe(5);
    expect(err).toBeInstanceOf(IntegrationProviderAPIError);
    expect((err as Error).message).toBe(
      `GET /project/{project-slug}/pipeline: more than 5 pages (the cap on one listing; empty pages count); stopping the listing at GET ${server.origin}/api/v2/project/gh%2Facme%2Fapi/pipeline instead of following next links without end`,
    );
  });

  test('Bitbucket: endless fresh next links stop at the per-listing cap', async () => {
    let served = 0;
    const origin = () => (server as ScriptedServer).origin;
    server = await startScriptedServer(() => {
      served += 1;
      return reply.json(200, {
        values: [{ n: served }],
        next: `${origin()}/2.0/repositories/ws?page=${served + 1}`,
      });
    });
    const transport = createTransport({
      vendor: 'Bitbucket',
      baseUrl: `${server.origin}/2.0`,
      clock: new InstantClock(),
    });
    expect(transport.maxPages).toBe(10_000);
    const { read, err } = await collectUntilError(
      paginateBitbucket(transport, {
        url: 'repositories/ws',
        endpoint: 'GET /repositories/{workspace}',
        maxPages: 3,
      }),
    );
    expect(read).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
    expect(served).toBe(3);
    expect((err as Error).message).toMatch(
      /^GET \/repositories\/\{workspace\}: more than 3 pages \(the cap on one listing; empty pages count\)/,
    );
  });

  test('a listing of exactly the cap ends normally', async () => {
    let served = 0;
    server = await startScriptedServer(() => {
      served += 1;
      return reply.json(200, {
        items: [served],
        next_page_token: served < 3 ? `t${served}` : null,
      });
    });
    const transport = createTransport({
      vendor: 'CircleCI',
      baseUrl: `${server.origin}/api/v2`,
      clock: new InstantClock(),
      maxPages: 3,
    });
    const pages = await collect(
      paginateCircleCI<number>(transport, {
        url: 'pipeline',
        endpoint: 'GET /pipeline',
      }),
    );
    expect(pages).toEqual([[1], [2], [3]]);
  });
});
