import { BudgetShare } from '../../http/pacing';
import {
  Authenticator,
  RateLimitAdvice,
  RequestOptions,
} from '../../http/types';
import { BitbucketAuthenticator } from './authenticator';

/**
 * Bitbucket's documented hourly budget per OAuth consumer or user for
 * repository data ("1,000 requests per hour"); access tokens get a scaled
 * limit (1,000 + 10 per paid seat above 100, at most 10,000), which their
 * answers name in `X-RateLimit-Limit` (docs/vendor-apis.md §2.1). The pacer
 * starts every credential at this and follows the header when it comes.
 */
export const BITBUCKET_HOURLY_BUDGET = 1000;
export const BITBUCKET_BUDGET_WINDOW_MS = 3600_000;

/**
 * Repository data that workspace, project and repository access tokens may
 * read: pull requests with their activity and commits, commits, branch
 * restrictions, pipelines (and the Pipelines configuration object),
 * deployments and environments. Permissions, members, groups, projects and
 * the repository listing stay with the OAuth consumer or API token (access
 * tokens cannot read permissions endpoints, and the workspace-level listings
 * describe the workspace, not a repo). So do the admin listings whose steps
 * check the main credential's scopes before asking: deploy keys, webhooks
 * (`/hooks`, scope `webhook`) and Pipelines variables
 * (`/pipelines_config/variables`, scope `pipeline`), like permissions-config.
 */
const REPOSITORY_DATA =
  /^GET \/repositories\/\{workspace\}\/\{repo_slug\}\/(pullrequests|commits?|branch-restrictions|pipelines|pipelines_config(?!\/variables)|deployments|environments|refs)(\/|$)/;

/** Whether a request (by its endpoint label) goes with an access token. */
export function servedByAccessToken(endpoint: string): boolean {
  return REPOSITORY_DATA.test(endpoint);
}

/** What validation reports: which requests each credential serves. */
export const ACCESS_TOKEN_SERVES =
  'pull requests, their activity and commits, branch restrictions, pipelines, deployments and environments';
export const MAIN_CREDENTIAL_SERVES =
  'the workspace, its members and permissions, groups, projects, the repository listing and repository permissions';

function sentAuthorization(headers: Record<string, string> | undefined) {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'authorization') return value;
  }
  return undefined;
}

/**
 * Routes each request to the credential meant for it: repository data to
 * the access tokens (round robin, so their budgets add up), everything else
 * to the OAuth consumers / API token (BitbucketAuthenticator, with its token
 * refresh and rotation). With no access token every request goes to the
 * main credential, exactly as before.
 */
export class RoutingAuthenticator implements Authenticator {
  private next = 0;

  constructor(
    readonly main: BitbucketAuthenticator,
    private readonly accessTokens: string[],
  ) {}

  /** The credential a request is sent with, for logs and tests. */
  credentialFor(request: Pick<RequestOptions, 'endpoint'>): string {
    return this.routesToToken(request)
      ? 'access token'
      : this.main.currentLabel();
  }

  accessTokenCount(): number {
    return this.accessTokens.length;
  }

  async headers(request?: RequestOptions): Promise<Record<string, string>> {
    if (request && this.routesToToken(request)) {
      const token = this.accessTokens[this.next % this.accessTokens.length];
      this.next += 1;
      return { Authorization: `Bearer ${token}` };
    }
    return this.main.headers();
  }

  budgetFor(request: RequestOptions): BudgetShare {
    if (this.routesToToken(request)) {
      return {
        key: 'access-tokens',
        label:
          this.accessTokens.length === 1
            ? 'the Bitbucket access token'
            : `the ${this.accessTokens.length} Bitbucket access tokens`,
        credentials: this.accessTokens.length,
      };
    }
    const count = this.main.count();
    return {
      key: 'main',
      label:
        count === 1
          ? this.main.currentLabel()
          : `the ${count} Bitbucket OAuth consumers / API token`,
      credentials: count,
    };
  }

  /** An access token does not refresh: its 401 is final. */
  onUnauthorized(sentHeaders: Record<string, string>): Promise<boolean> {
    if (this.isAccessToken(sentAuthorization(sentHeaders))) {
      return Promise.resolve(false);
    }
    return this.main.onUnauthorized(sentHeaders);
  }

  /**
   * An access token's 429 is the pacer's business (it closes that budget);
   * the OAuth consumers rotate as before.
   */
  onRateLimited(
    retryAfterMs: number | undefined,
    sentHeaders: Record<string, string>,
  ): Promise<RateLimitAdvice> {
    if (this.isAccessToken(sentAuthorization(sentHeaders))) {
      return Promise.resolve({ rotated: false, waitMs: retryAfterMs });
    }
    return this.main.onRateLimited(retryAfterMs, sentHeaders);
  }

  secrets(): string[] {
    return [...this.main.secrets(), ...this.accessTokens];
  }

  private routesToToken(request: Pick<RequestOptions, 'endpoint'>): boolean {
    return (
      this.accessTokens.length > 0 && servedByAccessToken(request.endpoint)
    );
  }

  private isAccessToken(authorization: string | undefined): boolean {
    return this.accessTokens.some(
      (token) => authorization === `Bearer ${token}`,
    );
  }
}
