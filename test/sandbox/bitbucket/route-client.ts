/**
 * Calls a VendorSimulator's route() directly, the way the sandbox server
 * would, so tests need no HTTP server. Used by the Bitbucket unit and
 * contract tests.
 */
import { SANDBOX_CREDENTIALS, VendorSimulator } from '../types';

export const TEST_ORIGIN = 'http://127.0.0.1:18080';

export interface RoutedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Endpoint label when a route matched (undefined for direct answers). */
  endpoint?: string;
  credential?: string;
}

export interface RouteClient {
  request(
    method: string,
    pathOrUrl: string,
    options?: { headers?: Record<string, string>; body?: string },
  ): Promise<RoutedResponse>;
  /** Requests a client-credentials token for a consumer. */
  token(key?: string, secret?: string): Promise<string>;
  /** GET with `Authorization: Bearer <token>`. */
  get(pathOrUrl: string, token: string): Promise<RoutedResponse>;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export function createRouteClient(simulator: VendorSimulator): RouteClient {
  const request: RouteClient['request'] = async (
    method,
    pathOrUrl,
    options,
  ) => {
    const url = new URL(
      pathOrUrl.startsWith('http')
        ? pathOrUrl
        : `${TEST_ORIGIN}${simulator.prefix}${pathOrUrl}`,
    );
    if (!url.pathname.startsWith(simulator.prefix)) {
      throw new Error(`${url.href} is not below ${simulator.prefix}`);
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(options?.headers ?? {})) {
      headers[name.toLowerCase()] = value;
    }
    const routed = simulator.route({
      method,
      url,
      path: url.pathname.slice(simulator.prefix.length),
      headers,
      body: options?.body ?? '',
    });
    if ('handle' in routed) {
      const response = await routed.handle();
      return {
        status: response.status,
        headers: response.headers ?? {},
        body: response.body,
        endpoint: routed.endpoint,
        credential: routed.credential,
      };
    }
    return {
      status: routed.status,
      headers: routed.headers ?? {},
      body: routed.body,
    };
  };

  const [firstKey] = SANDBOX_CREDENTIALS.bitbucketOauthKey.split(',');
  const [firstSecret] = SANDBOX_CREDENTIALS.bitbucketOauthSecret.split(',');

  return {
    request,
    async token(key = firstKey, secret = firstSecret) {
      const response = await request('POST', '/site/oauth2/access_token', {
        headers: {
          authorization: basicAuth(key, secret),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      const body = response.body as { access_token?: string };
      if (response.status !== 200 || !body.access_token) {
        throw new Error(
          `token request failed: ${JSON.stringify(response.body)}`,
        );
      }
      return body.access_token;
    },
    get(pathOrUrl, token) {
      return request('GET', pathOrUrl, {
        headers: { authorization: `Bearer ${token}` },
      });
    },
  };
}

/** Follows `next` links from a first page, returning every page body. */
export async function collectPages(
  client: RouteClient,
  firstPath: string,
  token: string,
): Promise<Array<{ values: unknown[]; next?: string; pagelen: number }>> {
  const pages: Array<{ values: unknown[]; next?: string; pagelen: number }> =
    [];
  let next: string | undefined = firstPath;
  const seen = new Set<string>();
  while (next) {
    if (seen.has(next)) throw new Error(`next link repeats: ${next}`);
    seen.add(next);
    const response = await client.get(next, token);
    if (response.status !== 200) {
      throw new Error(
        `${next} answered ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    const page = response.body as {
      values: unknown[];
      next?: string;
      pagelen: number;
    };
    pages.push(page);
    next = page.next;
  }
  return pages;
}
