/**
 * Bitbucket authentication as the sandbox simulates it:
 *
 * - OAuth 2.0 client credentials (narrative "authentication"): `POST
 *   /site/oauth2/access_token` with HTTP Basic `key:secret` and
 *   `grant_type=client_credentials`; the token is then sent as
 *   `Authorization: Bearer`. "Our access tokens expire in one hour. When this
 *   happens you'll get 401 responses." (lifetime here: tokenTtlSeconds).
 * - Atlassian API tokens: HTTP Basic `email:apiToken` on every call.
 *
 * The credential identity reported to the core is the consumer key (or the
 * API-token username): Bitbucket rate-limits OAuth consumers "regardless of
 * which user created the consumer" (vendor-apis.md §2.1).
 *
 * Token-endpoint errors follow RFC 6749 §5.2 (`{"error", "error_description"}`);
 * bad client credentials answer 400 `invalid_client` (the vendor's status for
 * this case is not documented; 400 is what the sandbox chooses).
 */
import { SeededRandom } from '../random';
import { SANDBOX_CREDENTIALS, SandboxRequest, SandboxResponse } from '../types';
import { bitbucketError } from './errors';

/** Full read set of the integration, including `repository:admin`. */
export const DEFAULT_SCOPES = [
  'account',
  'project',
  'repository',
  'repository:admin',
  'project:admin',
  'pullrequest',
  'webhook',
  'pipeline',
];

/**
 * Scopes implied by a granted scope (narrative "Scopes"): `pullrequest` and
 * `project` imply `repository`; `:write` scopes imply their read scope.
 * `repository:admin` "doesn't implicitly grant the repository ... scopes".
 */
const IMPLIED: Record<string, string[]> = {
  pullrequest: ['repository'],
  'pullrequest:write': ['pullrequest', 'repository:write', 'repository'],
  project: ['repository'],
  'repository:write': ['repository'],
  'account:write': ['account'],
  'pipeline:write': ['pipeline'],
  'snippet:write': ['snippet'],
  'issue:write': ['issue'],
};

/**
 * Scopes of the sandbox's workspace access tokens: repository data with
 * admin (branch restrictions). Access tokens cannot read permissions
 * endpoints, members or groups: those answer them 403 (ACCESS_TOKEN_REFUSED).
 */
export const ACCESS_TOKEN_SCOPES = [
  'repository',
  'repository:admin',
  'pullrequest',
  'pipeline',
];
/** Endpoints that refuse access tokens whatever their scopes. */
export const ACCESS_TOKEN_REFUSED = /permissions|members|\/1\.0\/groups/;

export interface Caller {
  /** Consumer key, API-token username, or `access-token-N`. */
  credential: string;
  /** A workspace access token (answers carry X-RateLimit-* headers). */
  accessToken?: boolean;
  /** Scopes as granted (space separated in the token response). */
  grantedScopes: string[];
  /** Granted plus implied scopes. */
  effectiveScopes: Set<string>;
}

interface IssuedToken {
  key: string;
  scopes: string[];
  expiresAt: number;
}

export interface AuthOptions {
  now(): number;
  tokenTtlSeconds: number;
  scopesByKey?: Record<string, string[]>;
}

function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim());
}

function decodeBasic(header: string | undefined): [string, string] | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function effective(scopes: string[]): Set<string> {
  const result = new Set(scopes);
  for (const scope of scopes) {
    for (const implied of IMPLIED[scope] ?? []) result.add(implied);
  }
  return result;
}

function oauthError(
  status: number,
  error: string,
  description: string,
): SandboxResponse {
  return { status, body: { error, error_description: description } };
}

export class BitbucketAuth {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly consumers: Map<string, string>;
  // Deterministic tokens keep recordings stable; they only need to be unique.
  private readonly rng = new SeededRandom(0xb17b0c4e);

  constructor(private readonly options: AuthOptions) {
    const keys = splitList(SANDBOX_CREDENTIALS.bitbucketOauthKey);
    const secrets = splitList(SANDBOX_CREDENTIALS.bitbucketOauthSecret);
    this.consumers = new Map(keys.map((key, i) => [key, secrets[i]]));
  }

  private scopesOf(identity: string): string[] {
    return this.options.scopesByKey?.[identity] ?? DEFAULT_SCOPES;
  }

  /** The consumer key named by a token request (for the request budget). */
  tokenRequestIdentity(req: SandboxRequest): string | undefined {
    const basic = decodeBasic(req.headers.authorization);
    if (basic) return basic[0];
    return new URLSearchParams(req.body).get('client_id') ?? undefined;
  }

  /** `POST /site/oauth2/access_token`. */
  issueToken(req: SandboxRequest): SandboxResponse {
    if (req.method !== 'POST') {
      return oauthError(405, 'invalid_request', 'Use POST to request a token');
    }
    const form = new URLSearchParams(req.body);
    const basic = decodeBasic(req.headers.authorization);
    const key = basic?.[0] ?? form.get('client_id') ?? undefined;
    const secret = basic?.[1] ?? form.get('client_secret') ?? undefined;
    if (!key || secret === undefined || this.consumers.get(key) !== secret) {
      return oauthError(
        400,
        'invalid_client',
        'Invalid OAuth client credentials',
      );
    }
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') {
      return oauthError(
        400,
        'unsupported_grant_type',
        grantType
          ? `Unsupported grant type: ${grantType}`
          : 'Missing grant_type parameter',
      );
    }
    const scopes = this.scopesOf(key);
    const accessToken = `sandbox-bb-${this.rng.hex(40)}`;
    this.tokens.set(accessToken, {
      key,
      scopes,
      expiresAt: this.options.now() + this.options.tokenTtlSeconds * 1000,
    });
    return {
      status: 200,
      body: {
        access_token: accessToken,
        scopes: scopes.join(' '),
        expires_in: this.options.tokenTtlSeconds,
        token_type: 'bearer',
        state: 'client_credentials',
        refresh_token: `sandbox-bb-refresh-${this.rng.hex(24)}`,
      },
    };
  }

  /** Resolves the caller of an API request, or the vendor's 401. */
  authenticate(req: SandboxRequest): Caller | SandboxResponse {
    const header = req.headers.authorization;
    const unauthorized = (message: string): SandboxResponse =>
      bitbucketError(
        401,
        message,
        {},
        {
          'WWW-Authenticate': 'Bearer realm="Bitbucket.org API"',
        },
      );
    if (!header) return unauthorized('Authentication required');
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    const accessTokens = splitList(SANDBOX_CREDENTIALS.bitbucketAccessToken);
    const accessIndex = bearer ? accessTokens.indexOf(bearer[1]) : -1;
    if (accessIndex >= 0) {
      return {
        credential: `access-token-${accessIndex + 1}`,
        accessToken: true,
        grantedScopes: ACCESS_TOKEN_SCOPES,
        effectiveScopes: effective(ACCESS_TOKEN_SCOPES),
      };
    }
    if (bearer) {
      const token = this.tokens.get(bearer[1]);
      if (!token) {
        return unauthorized(
          'Token is invalid or not supported for this endpoint.',
        );
      }
      if (this.options.now() > token.expiresAt) {
        return unauthorized(
          'Access token expired. Use your refresh token to obtain a new access token.',
        );
      }
      return {
        credential: token.key,
        grantedScopes: token.scopes,
        effectiveScopes: effective(token.scopes),
      };
    }
    const basic = decodeBasic(header);
    if (
      basic &&
      basic[0] === SANDBOX_CREDENTIALS.bitbucketUsername &&
      basic[1] === SANDBOX_CREDENTIALS.bitbucketApiToken
    ) {
      const scopes = this.scopesOf(basic[0]);
      return {
        credential: basic[0],
        grantedScopes: scopes,
        effectiveScopes: effective(scopes),
      };
    }
    return unauthorized('Invalid credentials');
  }
}

/** The vendor's 403 for a token lacking an endpoint's OAuth scope. */
export function missingScope(
  caller: Caller,
  required: string,
): SandboxResponse {
  return bitbucketError(
    403,
    'Your credentials lack one or more required privilege scopes.',
    {
      detail: `This API requires the scope ${required}; the credential grants: ${
        caller.grantedScopes.join(' ') || '(none)'
      }`,
      data: { required: [required], granted: caller.grantedScopes },
    },
    { 'X-Accepted-OAuth-Scopes': required },
  );
}
