import { BitbucketAuthenticator } from './authenticator';
import { RoutingAuthenticator, servedByAccessToken } from './accessTokens';

const REPO = 'GET /repositories/{workspace}/{repo_slug}';

function router(tokens: string[]) {
  const main = new BitbucketAuthenticator(
    [{ kind: 'apiToken', username: 'me@example.com', token: 'api-token' }],
    { now: () => 0, requestToken: () => Promise.reject(new Error('unused')) },
  );
  return new RoutingAuthenticator(main, tokens);
}

describe('RoutingAuthenticator', () => {
  test('repository data goes to the access tokens in turn; permissions and listings to the main credential', async () => {
    const r = router(['at-1', 'at-2']);
    const pr = { url: '/x', endpoint: `${REPO}/pullrequests` };
    expect(await r.headers(pr)).toEqual({ Authorization: 'Bearer at-1' });
    expect(await r.headers(pr)).toEqual({ Authorization: 'Bearer at-2' });
    expect(await r.headers(pr)).toEqual({ Authorization: 'Bearer at-1' });
    const basic = `Basic ${Buffer.from('me@example.com:api-token').toString(
      'base64',
    )}`;
    for (const endpoint of [
      `${REPO}/permissions-config/users`,
      'GET /repositories/{workspace}',
      'GET /workspaces/{workspace}/permissions',
      'GET /1.0/groups/{workspace}',
    ]) {
      expect(await r.headers({ url: '/x', endpoint })).toEqual({
        Authorization: basic,
      });
    }
    expect(r.budgetFor(pr)).toEqual({
      key: 'access-tokens',
      label: 'the 2 Bitbucket access tokens',
      credentials: 2,
    });
    expect(r.secrets()).toEqual(expect.arrayContaining(['at-1', 'at-2']));
  });

  test('without access tokens every request goes to the main credential', async () => {
    const r = router([]);
    const headers = await r.headers({
      url: '/x',
      endpoint: `${REPO}/pullrequests`,
    });
    expect(headers.Authorization).toMatch(/^Basic /);
    expect(
      r.budgetFor({ url: '/x', endpoint: `${REPO}/pullrequests` }).key,
    ).toBe('main');
  });

  test("an access token's 401 is final and its 429 never benches the main credential", async () => {
    const r = router(['at-1']);
    const mainCredential = r.main.currentLabel();
    await expect(
      r.onUnauthorized({ Authorization: 'Bearer at-1' }),
    ).resolves.toBe(false);
    await expect(
      r.onRateLimited(5000, { Authorization: 'Bearer at-1' }),
    ).resolves.toEqual({ rotated: false, waitMs: 5000 });
    expect(r.main.currentLabel()).toBe(mainCredential);
  });

  test.each([
    [`${REPO}/pullrequests`, true],
    [`${REPO}/pullrequests/{pull_request_id}/activity`, true],
    [`${REPO}/pullrequests/{pull_request_id}/commits`, true],
    [`${REPO}/branch-restrictions`, true],
    [`${REPO}/pipelines`, true],
    [`${REPO}/permissions-config/groups`, false],
    [`${REPO}/hooks`, false],
    [`${REPO}/pipelines_config`, true],
    [`${REPO}/pipelines_config/variables`, false],
    [`${REPO}/deploy-keys`, false],
    ['GET /workspaces/{workspace}/hooks', false],
    ['GET /workspaces/{workspace}/pipelines-config/variables', false],
    ['GET /repositories/{workspace}', false],
  ])('servedByAccessToken(%s) = %s', (endpoint, expected) => {
    expect(servedByAccessToken(endpoint)).toBe(expected);
  });
});
