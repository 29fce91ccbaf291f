import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from '../types';
import { generateBitbucketDataset } from './dataset';
import { BitbucketData } from './model';
import { iso } from './render';
import {
  basicAuth,
  collectPages,
  createRouteClient,
  RouteClient,
  TEST_ORIGIN,
} from './route-client';
import {
  BitbucketSimulatorOptions,
  createBitbucketSimulator,
} from './simulator';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const [KEY_1, KEY_2] = SANDBOX_CREDENTIALS.bitbucketOauthKey.split(',');
const [SECRET_1, SECRET_2] =
  SANDBOX_CREDENTIALS.bitbucketOauthSecret.split(',');

function demoData(): BitbucketData {
  return generateBitbucketDataset({
    kind: 'demo',
    seed: 1,
    referenceTime: SANDBOX_REFERENCE_TIME,
  }).data;
}

function setup(options: Partial<BitbucketSimulatorOptions> = {}): {
  client: RouteClient;
  clock: { now: number };
  data: BitbucketData;
} {
  const clock = { now: SANDBOX_REFERENCE_TIME };
  const data = demoData();
  const simulator = createBitbucketSimulator(data, {
    now: () => clock.now,
    tokenTtlSeconds: 3600,
    ...options,
  });
  return { client: createRouteClient(simulator), clock, data };
}

type Page = {
  values: Array<Record<string, unknown>>;
  next?: string;
  page?: number;
  size?: number;
  pagelen: number;
};

const repoUuid = (data: BitbucketData, fullName: string): string => {
  const repo = data.repos.find(
    (r) => `${r.workspaceSlug}/${r.slug}` === fullName,
  );
  if (!repo) throw new Error(fullName);
  return repo.uuid;
};

describe('Bitbucket simulator: OAuth client credentials', () => {
  test('issues a bearer token with the consumer scopes and lifetime', async () => {
    const { client } = setup();
    const response = await client.request('POST', '/site/oauth2/access_token', {
      headers: { authorization: basicAuth(KEY_1, SECRET_1) },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    expect(response.endpoint).toBe('POST /site/oauth2/access_token');
    expect(response.credential).toBe(KEY_1);
    expect(response.body).toEqual({
      access_token: expect.stringMatching(/^sandbox-bb-[0-9a-f]{40}$/),
      scopes:
        'account project repository repository:admin project:admin pullrequest webhook pipeline',
      expires_in: 3600,
      token_type: 'bearer',
      state: 'client_credentials',
      refresh_token: expect.any(String),
    });
  });

  test('every request gets a fresh token; the second consumer pair works too', async () => {
    const { client } = setup();
    const first = await client.token();
    const second = await client.token();
    const third = await client.token(KEY_2, SECRET_2);
    expect(new Set([first, second, third]).size).toBe(3);
    const user = await client.get('/2.0/user', third);
    expect(user.credential).toBe(KEY_2);
  });

  test('bad client credentials answer 400 invalid_client', async () => {
    const { client } = setup();
    const response = await client.request('POST', '/site/oauth2/access_token', {
      headers: { authorization: basicAuth(KEY_1, SECRET_2) },
      body: 'grant_type=client_credentials',
    });
    expect(response).toMatchObject({
      status: 400,
      body: {
        error: 'invalid_client',
        error_description: 'Invalid OAuth client credentials',
      },
    });
  });

  test('an unsupported grant answers 400 unsupported_grant_type', async () => {
    const { client } = setup();
    const response = await client.request('POST', '/site/oauth2/access_token', {
      headers: { authorization: basicAuth(KEY_1, SECRET_1) },
      body: 'grant_type=password',
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Unsupported grant type: password',
    });
  });

  test('a token is valid up to its ttl and answers 401 after it', async () => {
    const { client, clock } = setup({ tokenTtlSeconds: 60 });
    const token = await client.token();
    clock.now += 60_000;
    expect((await client.get('/2.0/workspaces/acme-eng', token)).status).toBe(
      200,
    );
    clock.now += 1;
    const expired = await client.get('/2.0/workspaces/acme-eng', token);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      type: 'error',
      error: {
        message:
          'Access token expired. Use your refresh token to obtain a new access token.',
      },
    });
    // A new token works again.
    const fresh = await client.token();
    expect((await client.get('/2.0/workspaces/acme-eng', fresh)).status).toBe(
      200,
    );
  });

  test('unknown tokens and missing credentials answer 401 directly', async () => {
    const { client } = setup();
    const unknown = await client.get('/2.0/workspaces/acme-eng', 'nope');
    expect(unknown.status).toBe(401);
    expect(unknown.endpoint).toBeUndefined();
    expect(unknown.body).toEqual({
      type: 'error',
      error: {
        message: 'Token is invalid or not supported for this endpoint.',
      },
    });
    const anonymous = await client.request('GET', '/2.0/workspaces/acme-eng');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({
      type: 'error',
      error: { message: 'Authentication required' },
    });
  });
});

describe('Bitbucket simulator: API tokens and scopes', () => {
  test('Basic email:apiToken authenticates as that username', async () => {
    const { client } = setup();
    const response = await client.request('GET', '/2.0/repositories/acme-eng', {
      headers: {
        authorization: basicAuth(
          SANDBOX_CREDENTIALS.bitbucketUsername,
          SANDBOX_CREDENTIALS.bitbucketApiToken,
        ),
      },
    });
    expect(response.status).toBe(200);
    expect(response.credential).toBe(SANDBOX_CREDENTIALS.bitbucketUsername);
    const wrong = await client.request('GET', '/2.0/repositories/acme-eng', {
      headers: {
        authorization: basicAuth(SANDBOX_CREDENTIALS.bitbucketUsername, 'x'),
      },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      type: 'error',
      error: { message: 'Invalid credentials' },
    });
  });

  test('a token without repository:admin gets 403 on permissions, PRs still work', async () => {
    const { client } = setup({
      scopesByKey: { [KEY_2]: ['account', 'project', 'pullrequest'] },
    });
    const token = await client.token(KEY_2, SECRET_2);
    const denied = await client.get(
      '/2.0/repositories/acme-eng/my-service/permissions-config/users',
      token,
    );
    expect(denied.status).toBe(403);
    expect(denied.headers['X-Accepted-OAuth-Scopes']).toBe('repository:admin');
    expect(denied.body).toEqual({
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail:
          'This API requires the scope repository:admin; the credential grants: account project pullrequest',
        data: {
          required: ['repository:admin'],
          granted: ['account', 'project', 'pullrequest'],
        },
      },
    });
    expect(
      (
        await client.get(
          '/2.0/repositories/acme-eng/my-service/branch-restrictions',
          token,
        )
      ).status,
    ).toBe(403);
    // pullrequest and project imply repository (narrative "Scopes").
    expect(
      (
        await client.get(
          '/2.0/repositories/acme-eng/my-service/pullrequests',
          token,
        )
      ).status,
    ).toBe(200);
    expect((await client.get('/2.0/repositories/acme-eng', token)).status).toBe(
      200,
    );
    // The other consumer keeps the default full read set.
    const full = await client.token(KEY_1, SECRET_1);
    expect(
      (
        await client.get(
          '/2.0/repositories/acme-eng/my-service/permissions-config/users',
          full,
        )
      ).status,
    ).toBe(200);
  });

  test('each endpoint checks its own scope', async () => {
    const { client } = setup({ scopesByKey: { [KEY_1]: ['repository'] } });
    const token = await client.token();
    const statusOf = async (path: string): Promise<number> =>
      (await client.get(path, token)).status;
    expect(await statusOf('/2.0/repositories/acme-eng')).toBe(200);
    expect(
      await statusOf('/2.0/repositories/acme-eng/my-service/pullrequests'),
    ).toBe(403);
    expect(await statusOf('/2.0/workspaces/acme-eng/projects')).toBe(403);
    expect(await statusOf('/2.0/workspaces/acme-eng/members')).toBe(403);
    expect(await statusOf('/1.0/groups/acme-eng')).toBe(403);
    // GET /workspaces/{workspace} declares no scope.
    expect(await statusOf('/2.0/workspaces/acme-eng')).toBe(200);
  });
});

describe('Bitbucket simulator: pagination', () => {
  let client: RouteClient;
  let token: string;
  beforeAll(async () => {
    client = setup().client;
    token = await client.token();
  });

  test.each([
    ['/2.0/repositories/acme-eng?pagelen=9'],
    ['/2.0/repositories/acme-eng?pagelen=101'],
    ['/2.0/repositories/acme-eng?pagelen=ten'],
    ['/2.0/workspaces/acme-eng/members?pagelen=101'],
    ['/2.0/repositories/acme-eng/my-service/pullrequests?pagelen=51'],
    ['/2.0/repositories/acme-eng/my-service/pullrequests?pagelen=100'],
  ])('%s answers 400 Invalid pagelen', async (path) => {
    const response = await client.get(path, token);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      type: 'error',
      error: { message: 'Invalid pagelen' },
    });
  });

  test('pagelen 10 and 100 are accepted; the PR list accepts 50', async () => {
    expect(
      (await client.get('/2.0/repositories/acme-eng?pagelen=10', token)).status,
    ).toBe(200);
    expect(
      (await client.get('/2.0/repositories/acme-eng?pagelen=100', token))
        .status,
    ).toBe(200);
    const prs = await client.get(
      '/2.0/repositories/acme-eng/my-service/pullrequests?pagelen=50',
      token,
    );
    expect((prs.body as Page).pagelen).toBe(50);
  });

  test('defaults: 10 for repositories, 50 for members and projects', async () => {
    expect(
      ((await client.get('/2.0/repositories/acme-eng', token)).body as Page)
        .pagelen,
    ).toBe(10);
    expect(
      (
        (await client.get('/2.0/workspaces/acme-eng/members', token))
          .body as Page
      ).pagelen,
    ).toBe(50);
    expect(
      (
        (await client.get('/2.0/workspaces/acme-eng/projects', token))
          .body as Page
      ).pagelen,
    ).toBe(50);
  });

  test('a page-size cap yields next links on the request origin until the last page', async () => {
    const capped = setup({ pageSizeCap: 2 }).client;
    const cappedToken = await capped.token();
    const first = await capped.get(
      '/2.0/repositories/acme-eng?pagelen=50',
      cappedToken,
    );
    expect(first.body).toMatchObject({ size: 5, page: 1, pagelen: 2 });
    expect((first.body as Page).next).toBe(
      `${TEST_ORIGIN}/bitbucket/2.0/repositories/acme-eng?pagelen=50&page=2`,
    );
    const pages = await collectPages(
      capped,
      '/2.0/repositories/acme-eng?pagelen=50',
      cappedToken,
    );
    expect(pages.map((p) => p.values.length)).toEqual([2, 2, 1]);
    expect(pages[2].next).toBeUndefined();
    const slugs = pages.flatMap((p) =>
      (p.values as Array<{ slug: string }>).map((r) => r.slug),
    );
    expect(slugs).toEqual([
      'my-service',
      'web-app',
      'api-gateway',
      'legacy-billing',
      'docs-site',
    ]);
  });

  test('commit lists page with an opaque cursor and no size', async () => {
    const capped = setup({ pageSizeCap: 2 }).client;
    const cappedToken = await capped.token();
    const pages = await collectPages(
      capped,
      '/2.0/repositories/acme-eng/api-gateway/pullrequests/1/commits',
      cappedToken,
    );
    expect(pages.map((p) => p.values.length)).toEqual([2, 1]);
    expect(pages[0]).not.toHaveProperty('size');
    expect(pages[0].next).toMatch(
      /^http:\/\/127\.0\.0\.1:18080\/bitbucket\/2\.0\/repositories\/acme-eng\/api-gateway\/pullrequests\/1\/commits\?page=[A-Za-z0-9_-]+$/,
    );
  });
});

describe('Bitbucket simulator: pull requests', () => {
  let client: RouteClient;
  let token: string;
  beforeAll(async () => {
    client = setup().client;
    token = await client.token();
  });
  const list = async (query: string): Promise<Page> => {
    const response = await client.get(
      `/2.0/repositories/acme-eng/my-service/pullrequests${query}`,
      token,
    );
    expect(response.status).toBe(200);
    return response.body as Page;
  };
  const ids = (page: Page): unknown[] => page.values.map((pr) => pr.id);

  test('lists only OPEN pull requests by default', async () => {
    const page = await list('');
    expect(ids(page)).toEqual([3, 2, 1]);
    expect(page.values.every((pr) => pr.state === 'OPEN')).toBe(true);
  });

  test('state is repeatable', async () => {
    expect(ids(await list('?state=MERGED&state=DECLINED'))).toEqual([6, 5, 4]);
    expect(
      ids(
        await list('?state=OPEN&state=MERGED&state=DECLINED&state=SUPERSEDED'),
      ),
    ).toEqual([6, 5, 4, 3, 2, 1]);
    const invalid = await client.get(
      '/2.0/repositories/acme-eng/my-service/pullrequests?state=CLOSED',
      token,
    );
    expect(invalid.status).toBe(400);
  });

  test('the collection omits reviewers and participants unless fields adds them', async () => {
    const plain = await list('');
    expect(plain.values[0]).not.toHaveProperty('reviewers');
    expect(plain.values[0]).not.toHaveProperty('participants');

    const reviewers = await list('?fields=%2Bvalues.reviewers');
    expect(reviewers.values[0]).toHaveProperty('reviewers');
    expect(reviewers.values[0]).not.toHaveProperty('participants');
    expect(reviewers.values[0]).toHaveProperty('title');

    const both = await list(
      '?fields=%2Bvalues.reviewers%2C%2Bvalues.participants',
    );
    const pr1 = both.values.find((pr) => pr.id === 1) as {
      reviewers: Array<{ nickname: string }>;
      participants: Array<{
        user: { nickname: string };
        role: string;
        approved: boolean;
        state?: string;
      }>;
    };
    expect(pr1.reviewers.map((r) => r.nickname)).toEqual(['bob', 'carol']);
    expect(
      pr1.participants.map((p) => [
        p.user.nickname,
        p.role,
        p.approved,
        p.state,
      ]),
    ).toEqual([
      ['bob', 'REVIEWER', true, 'approved'],
      ['carol', 'REVIEWER', false, undefined],
    ]);

    // A literal "+" decodes to a space: the token names no field, so the
    // "only these fields" mode returns nothing at all (narrative warns).
    const unencoded = await client.get(
      '/2.0/repositories/acme-eng/my-service/pullrequests?fields=+values.reviewers',
      token,
    );
    expect(unencoded.body).toEqual({});
  });

  test('fields selects only the listed fields', async () => {
    const page = await list('?fields=values.id,values.reviewers.nickname');
    expect(page).toEqual({
      values: [
        { id: 3, reviewers: [{ nickname: 'bob' }] },
        { id: 2, reviewers: [{ nickname: 'alice' }] },
        { id: 1, reviewers: [{ nickname: 'bob' }, { nickname: 'carol' }] },
      ],
    });
  });

  test('q filters on updated_on with > and >= and combines with AND', async () => {
    const pr2Updated = SANDBOX_REFERENCE_TIME - 8 * DAY + HOUR;
    const at = iso(pr2Updated);
    expect(
      ids(await list(`?q=${encodeURIComponent(`updated_on > ${at}`)}`)),
    ).toEqual([3]);
    expect(
      ids(await list(`?q=${encodeURIComponent(`updated_on >= ${at}`)}`)),
    ).toEqual([3, 2]);
    const since = new Date(SANDBOX_REFERENCE_TIME - 90 * DAY).toISOString();
    expect(
      ids(
        await list(
          `?state=MERGED&state=DECLINED&q=${encodeURIComponent(
            `updated_on > ${since} AND state != "DECLINED"`,
          )}`,
        ),
      ),
    ).toEqual([4]);
    // q naming state selects states itself.
    expect(
      ids(await list(`?q=${encodeURIComponent('state = "MERGED"')}`)),
    ).toEqual([6, 4]);
  });

  test('q accepts the compact form the integration sends (no spaces, Z offset)', async () => {
    const since = new Date(SANDBOX_REFERENCE_TIME - 8 * DAY + HOUR);
    const query = new URLSearchParams({
      q: `updated_on>=${since.toISOString()}`,
    });
    expect(ids(await list(`?${query.toString()}`))).toEqual([3, 2]);
  });

  test('sort orders by a field, - for descending', async () => {
    expect(
      ids(
        await list('?state=MERGED&state=DECLINED&state=OPEN&sort=-updated_on'),
      ),
    ).toEqual([3, 2, 1, 5, 4, 6]);
    expect(ids(await list('?sort=id'))).toEqual([1, 2, 3]);
  });

  test('an unparsable q answers 400', async () => {
    // An unencoded "+" in the offset decodes to a space.
    const response = await client.get(
      '/2.0/repositories/acme-eng/my-service/pullrequests?q=updated_on > 2026-08-01T00:00:00+00:00',
      token,
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      type: 'error',
      error: { message: "Invalid query: unexpected character ':'" },
    });
  });

  test('a pull request by id carries reviewers and participants', async () => {
    const response = await client.get(
      '/2.0/repositories/acme-eng/web-app/pullrequests/4',
      token,
    );
    expect(response.status).toBe(200);
    const pr = response.body as Record<string, unknown>;
    expect(pr).toMatchObject({
      id: 4,
      state: 'MERGED',
      closed_by: { nickname: 'bob' },
      merge_commit: { hash: expect.stringMatching(/^[0-9a-f]{12}$/) },
    });
    expect(pr.reviewers).toHaveLength(2);
    expect(pr.participants).toHaveLength(2);
    const missing = await client.get(
      '/2.0/repositories/acme-eng/web-app/pullrequests/99',
      token,
    );
    expect(missing.status).toBe(404);
  });
});

describe('Bitbucket simulator: addressing and errors', () => {
  let setupResult: ReturnType<typeof setup>;
  let token: string;
  beforeAll(async () => {
    setupResult = setup();
    token = await setupResult.client.token();
  });

  test('repositories can be addressed by {uuid}, with the workspace slug, uuid or {}', async () => {
    const { client, data } = setupResult;
    const uuid = encodeURIComponent(repoUuid(data, 'acme-eng/my-service'));
    const workspaceUuid = encodeURIComponent(data.workspaces[0].uuid);
    for (const workspace of ['acme-eng', workspaceUuid, '%7B%7D']) {
      const response = await client.get(
        `/2.0/repositories/${workspace}/${uuid}/pullrequests/1/activity`,
        token,
      );
      expect(response.status).toBe(200);
    }
    const repo = await client.get(`/2.0/repositories/acme-eng/${uuid}`, token);
    expect(repo.body).toMatchObject({
      slug: 'my-service',
      name: 'My Service',
      full_name: 'acme-eng/my-service',
    });
    const wrongWorkspace = await client.get(
      `/2.0/repositories/acme-labs/${uuid}`,
      token,
    );
    expect(wrongWorkspace.status).toBe(404);
  });

  test('workspaces can be addressed by slug or {uuid}', async () => {
    const { client, data } = setupResult;
    const byUuid = await client.get(
      `/2.0/workspaces/${encodeURIComponent(data.workspaces[1].uuid)}`,
      token,
    );
    expect(byUuid.body).toMatchObject({ slug: 'acme-labs', type: 'workspace' });
    const unknown = await setupResult.client.get('/2.0/workspaces/nope', token);
    expect(unknown).toMatchObject({
      status: 404,
      body: {
        type: 'error',
        error: { message: "No workspace with identifier 'nope'." },
      },
    });
  });

  test('the repo the caller does not administer answers 403 on admin endpoints only', async () => {
    const { client } = setupResult;
    for (const path of [
      'permissions-config/users',
      'permissions-config/groups',
      'branch-restrictions',
    ]) {
      const response = await client.get(
        `/2.0/repositories/acme-eng/legacy-billing/${path}`,
        token,
      );
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({
        type: 'error',
        error: { message: 'Access denied' },
      });
    }
    const prs = await client.get(
      '/2.0/repositories/acme-eng/legacy-billing/pullrequests?state=MERGED',
      token,
    );
    expect(prs.status).toBe(200);
  });

  test('unknown paths and repositories answer 404 in the vendor shape', async () => {
    const { client } = setupResult;
    const unknown = await client.get('/2.0/nothing/here', token);
    expect(unknown.status).toBe(404);
    expect(unknown.endpoint).toBeUndefined();
    expect(unknown.body).toMatchObject({
      type: 'error',
      error: { message: 'Resource not found' },
    });
    const repo = await client.get('/2.0/repositories/acme-eng/nope', token);
    expect(repo).toMatchObject({
      status: 404,
      body: { error: { message: 'Repository acme-eng/nope not found' } },
    });
  });

  test('endpoint labels are the spec path templates', async () => {
    const { client } = setupResult;
    const response = await client.get(
      '/2.0/repositories/acme-eng/my-service/pullrequests/1/commits',
      token,
    );
    expect(response.endpoint).toBe(
      'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/commits',
    );
    expect(response.credential).toBe(KEY_1);
  });

  test('GET /1.0/groups/{workspace} lists groups with owner and members', async () => {
    const { client } = setupResult;
    const response = await client.get('/1.0/groups/acme-labs', token);
    expect(response.endpoint).toBe('GET /1.0/groups/{workspace}');
    expect(response.body).toEqual([
      expect.objectContaining({
        name: 'Developers',
        slug: 'developers',
        permission: 'write',
        auto_add: true,
        owner: expect.objectContaining({ nickname: 'dana' }),
        members: ['dana', 'erin', 'grace'].map((nickname) =>
          expect.objectContaining({ nickname }),
        ),
      }),
    ]);
  });

  test('the groups API can be switched off like a removed 1.0 API', async () => {
    const client = setup({ groupsApiAvailable: false }).client;
    const response = await client.get(
      '/1.0/groups/acme-eng',
      await client.token(),
    );
    expect(response.status).toBe(410);
    expect(response.body).toMatchObject({
      type: 'error',
      error: { message: 'Resource removed' },
    });
  });

  test('workspace members and permissions (q on permission)', async () => {
    const { client } = setupResult;
    const members = await client.get(
      '/2.0/workspaces/acme-labs/members',
      token,
    );
    expect(
      (
        members.body as { values: Array<{ user: { nickname: string } }> }
      ).values.map((m) => m.user.nickname),
    ).toEqual(['dana', 'erin', 'grace']);
    const owners = await client.get(
      `/2.0/workspaces/acme-eng/permissions?q=${encodeURIComponent(
        'permission="owner"',
      )}`,
      token,
    );
    expect(owners.body).toMatchObject({
      size: 1,
      values: [{ permission: 'owner', user: { nickname: 'alice' } }],
    });
    const access = await client.get('/2.0/user/workspaces', token);
    expect(
      (
        access.body as { values: Array<{ workspace: { slug: string } }> }
      ).values.map((a) => a.workspace.slug),
    ).toEqual(['acme-eng', 'acme-labs']);
  });

  test('GET /2.0/user answers the consumer owner', async () => {
    const { client } = setupResult;
    const response = await client.get('/2.0/user', token);
    expect(response.body).toMatchObject({
      type: 'user',
      nickname: 'alice',
      display_name: 'Alice Anders',
      account_status: 'active',
    });
  });

  test('commits/{revision}?exclude= lists the source branch commits not on main', async () => {
    const { client } = setupResult;
    const viaPr = await client.get(
      '/2.0/repositories/acme-eng/my-service/pullrequests/3/commits',
      token,
    );
    const viaLog = await client.get(
      '/2.0/repositories/acme-eng/my-service/commits/feature%2Ftenant-cache?exclude=main',
      token,
    );
    const hashes = (body: unknown): string[] =>
      (body as { values: Array<{ hash: string }> }).values.map((c) => c.hash);
    expect(viaLog.status).toBe(200);
    expect(hashes(viaLog.body)).toEqual(hashes(viaPr.body));
    expect(hashes(viaLog.body)).toHaveLength(2);
    const all = await client.get(
      '/2.0/repositories/acme-eng/my-service/commits/main',
      token,
    );
    // 3 base commits + 2 merge commits + the 2 merged PRs' commits.
    expect(hashes(all.body)).toHaveLength(7);
  });

  test('a non-GET method on an API path answers 405', async () => {
    const { client } = setupResult;
    const response = await client.request(
      'DELETE',
      '/2.0/repositories/acme-eng/my-service',
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(response.status).toBe(405);
  });
});
