import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';
import { paginate } from '../../http';
import {
  collect,
  collectUntilError,
  pagedServer,
} from '../../http/test-support/pages';
import { reply } from '../../http/test-support/scripted-server';
import { circleciPages, CircleCIPageOptions } from './pages';

/** The CircleCI page format on the generic paginator, over real HTTP. */
describe('circleciPages', () => {
  test.each([
    ['pipeline', '/api/v2/pipeline', '?'],
    ['pipeline?org-slug=gh%2Facme', '/api/v2/pipeline?org-slug=gh%2Facme', '&'],
  ])(
    'follows next_page_token across 3 pages from %s',
    async (firstUrl, firstPath, separator) => {
      const { server, transport } = await pagedServer(
        [
          reply.json(200, { items: [1, 2], next_page_token: 'tok/2+' }),
          reply.json(200, { items: [3], next_page_token: 'tok3' }),
          reply.json(200, { items: [4], next_page_token: null }),
        ],
        'CircleCI',
      );
      const pages = await collect(
        paginate<number>(
          transport,
          {
            url: firstUrl,
            endpoint: 'GET /pipeline',
          },
          circleciPages(),
        ),
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
    const { server, transport } = await pagedServer(
      [
        reply.json(200, { items: [1], next_page_token: 'b' }),
        reply.json(200, { items: [2] }),
      ],
      'CircleCI',
    );
    await collect(
      paginate(
        transport,
        {
          url: 'context?owner-slug=gh%2Facme&page-token=a',
          endpoint: 'GET /context',
        },
        circleciPages(),
      ),
    );
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v2/context?owner-slug=gh%2Facme&page-token=a',
      '/api/v2/context?owner-slug=gh%2Facme&page-token=b',
    ]);
  });

  test('refuses a page token that repeats', async () => {
    const { server, transport } = await pagedServer(
      [
        reply.json(200, { items: [1], next_page_token: 't2' }),
        reply.json(200, { items: [2], next_page_token: 't3' }),
        reply.json(200, { items: [3], next_page_token: 't2' }),
      ],
      'CircleCI',
    );
    const { read, err } = await collectUntilError(
      paginate<number>(
        transport,
        {
          url: 'pipeline?org-slug=gh%2Facme',
          endpoint: 'GET /pipeline',
        },
        circleciPages(),
      ),
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

  /** A listing whose second page answers 404. */
  async function laterPageNotFound(
    request: { url: string; endpoint: string },
    options?: CircleCIPageOptions,
  ) {
    const setup = await pagedServer(
      [
        reply.json(200, { items: [1], next_page_token: 'next' }),
        reply.json(404, { message: 'Not found' }),
      ],
      'CircleCI',
    );
    const read = collect(
      paginate<number>(setup.transport, request, circleciPages(options)),
    );
    return { ...setup, read };
  }

  test('a 404 on a later page ends the listing with one warning', async () => {
    const { server, logger, read } = await laterPageNotFound(
      { url: 'pipeline', endpoint: 'GET /pipeline' },
      { endOnLaterPageNotFound: true },
    );
    expect(await read).toEqual([[1]]);
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
    const { read } = await laterPageNotFound({
      url: 'workflow/w1/job',
      endpoint: 'GET /workflow/{id}/job',
    });
    const err = await read.catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 404 });
  });

  test('a 404 on the first page is an error', async () => {
    const { transport } = await pagedServer(
      [reply.json(404, { message: 'Organization not found' })],
      'CircleCI',
    );
    const { read, err } = await collectUntilError(
      paginate(
        transport,
        { url: 'context', endpoint: 'GET /context' },
        circleciPages(),
      ),
    );
    expect(read).toEqual([]);
    expect(err).toMatchObject({ status: 404 });
  });

  test('a page without items is an error', async () => {
    const { transport } = await pagedServer(
      [reply.json(200, { message: 'odd' })],
      'CircleCI',
    );
    const { err } = await collectUntilError(
      paginate(transport, { url: 'me', endpoint: 'GET /me' }, circleciPages()),
    );
    expect(err).toMatchObject({
      message: 'GET /me answered a page without a "items" array',
    });
  });
});
