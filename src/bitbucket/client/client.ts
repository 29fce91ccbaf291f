import {
  flattenPages,
  HttpTransport,
  isHttpStatus,
  paginate,
} from '../../http';
import { bitbucketPages } from './pages';
import { BitbucketListing, ListingQuery, PAGELEN } from './listing';
import {
  BitbucketEffectiveRepositoryPermission,
  effectiveAccess,
} from './responses/access';
import {
  BitbucketPullRequest,
  BitbucketPullRequestState,
  pullRequests,
} from './responses/pullRequests';
import {
  BitbucketEffectiveBranchingModel,
  BitbucketPipelinesConfig,
  effectiveBranchingModelShape,
  pipelinesConfigShape,
} from './responses/repoSettings';
import {
  BitbucketV1Group,
  BitbucketWorkspace,
  v1GroupShape,
  workspaceShape,
  workspaceMembers,
} from './responses/workspaces';
import {
  checkArrayItems,
  checkItems,
  checkObject,
  isSafePathValue,
  ItemShape,
  ShapeLedger,
  unsafePathError,
} from '../../responseShape';

export { PAGELEN } from './listing';

export const ALL_PULL_REQUEST_STATES: BitbucketPullRequestState[] = [
  'OPEN',
  'MERGED',
  'DECLINED',
  'SUPERSEDED',
];

/**
 * `{uuid}` (braces included) or a slug, URL-encoded as a path segment. A
 * value containing `..` or a control character is refused: a dot segment
 * survives encoding and URL parsers resolve it into another endpoint.
 */
function segment(value: string): string {
  if (typeof value !== 'string' || !isSafePathValue(value)) {
    throw unsafePathError('Bitbucket', 'a repository or workspace path', value);
  }
  return encodeURIComponent(value);
}

/** A pull-request id in a path: a positive integer only. */
function pullRequestSegment(id: number): string {
  if (!Number.isSafeInteger(id) || id < 0) {
    throw unsafePathError('Bitbucket', 'a pull request path', id);
  }
  return String(id);
}

/** A path id: a uuid or slug (segment), or a pull-request id. */
export type PathId = string | number;

/**
 * The endpoint's path (`GET /repositories/{workspace}/{repo_slug}/hooks`
 * without the method) with its `{...}` placeholders filled by `ids` in
 * order, each encoded as one segment: the endpoint names the path once.
 */
function pathOf(endpoint: string, ids: PathId[]): string {
  let next = 0;
  return endpoint.replace(/^[A-Z]+ /, '').replace(/\{\w+\}/g, () => {
    const id = ids[next++];
    return typeof id === 'number' ? pullRequestSegment(id) : segment(id);
  });
}

/** Reads shared by every client of one run (see withTransport). */
class RunMemo {
  readonly memberUuids = new Map<string, Promise<Set<string>>>();
  readonly workspaces = new Map<string, Promise<BitbucketWorkspace>>();
  /** Items skipped by validation this run; the step boundary reports them. */
  readonly ledger = new ShapeLedger();
}

/**
 * Typed access to the Bitbucket Cloud 2.0 endpoints this integration uses.
 * Lists stream page by page; nothing collects a whole listing.
 */
export class BitbucketClient {
  constructor(
    readonly transport: HttpTransport,
    private readonly baseUrl: string,
    private readonly memo: RunMemo = new RunMemo(),
  ) {}

  get ledger(): ShapeLedger {
    return this.memo.ledger;
  }

  /** The same client (and run memo) over another transport, e.g. a counter. */
  withTransport(transport: HttpTransport): BitbucketClient {
    return new BitbucketClient(transport, this.baseUrl, this.memo);
  }

  private url(path: string, params: Record<string, string | string[]> = {}) {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(params)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        url.searchParams.append(name, v);
      }
    }
    return url;
  }

  /**
   * A listing's valid items (others are skipped and counted in the
   * ledger): `ids` fill its endpoint's path template in order (pathOf),
   * `query` replaces its own (a window or filter of the caller), and its
   * `omit` fields are dropped from every item.
   */
  async *list<T>(
    listing: BitbucketListing<T>,
    ids: PathId[],
    query: ListingQuery = listing.query,
  ): AsyncGenerator<T> {
    const { endpoint, shape, omit } = listing;
    // The path is built on the first read, so an unsafe id fails the
    // listing (never a sync throw where an iterable was expected).
    const url = this.url(pathOf(endpoint, ids), query);
    const items = checkItems<T>(
      flattenPages(
        paginate<unknown>(this.transport, { url, endpoint }, bitbucketPages),
      ),
      shape,
      endpoint,
      this.memo.ledger,
    );
    for await (const item of items) {
      for (const field of omit) {
        delete (item as Record<string, unknown>)[field];
      }
      yield item;
    }
  }

  /** One object read, checked against its shape. */
  private async get<T>(
    endpoint: string,
    ids: PathId[],
    shape: ItemShape,
  ): Promise<T> {
    const { body } = await this.transport.requestJson<unknown>({
      url: this.url(pathOf(endpoint, ids)),
      endpoint,
    });
    return checkObject<T>(body, shape, 'Bitbucket', endpoint);
  }

  /** Read once per run: validation and the workspaces step share it. */
  getWorkspace(workspace: string): Promise<BitbucketWorkspace> {
    let found = this.memo.workspaces.get(workspace);
    if (!found) {
      found = this.get<BitbucketWorkspace>(
        'GET /workspaces/{workspace}',
        [workspace],
        workspaceShape,
      );
      this.memo.workspaces.set(workspace, found);
      found.catch(() => this.memo.workspaces.delete(workspace));
    }
    return found;
  }

  /**
   * uuids of a workspace's members, listed once per run (the users step
   * may hand its listing over with rememberMembers to save the requests).
   */
  getMemberUuids(workspace: string): Promise<Set<string>> {
    let found = this.memo.memberUuids.get(workspace);
    if (!found) {
      found = (async () => {
        const uuids = new Set<string>();
        for await (const member of this.list(workspaceMembers, [workspace])) {
          if (member.user?.uuid) uuids.add(member.user.uuid);
        }
        return uuids;
      })();
      this.memo.memberUuids.set(workspace, found);
      found.catch(() => this.memo.memberUuids.delete(workspace));
    }
    return found;
  }

  /**
   * Called by the users step as it starts listing a workspace's members:
   * a concurrent getMemberUuids waits for that listing instead of making
   * its own requests. Returns the callback that completes it.
   */
  shareMemberListing(workspace: string): (uuids: Set<string> | Error) => void {
    if (this.memo.memberUuids.has(workspace)) return () => undefined;
    let settle: (uuids: Set<string> | Error) => void = () => undefined;
    const listing = new Promise<Set<string>>((resolve, reject) => {
      settle = (uuids) =>
        uuids instanceof Error ? reject(uuids) : resolve(uuids);
    });
    listing.catch(() => this.memo.memberUuids.delete(workspace));
    this.memo.memberUuids.set(workspace, listing);
    return settle;
  }

  /** Deploy keys of a project (public keys; project admin only). */
  /** Webhooks of a workspace (needs the webhook scope; owners only). */
  /** Whether Pipelines is enabled on a repository (repository admin only). */
  getPipelinesConfig(
    workspace: string,
    repoUuid: string,
  ): Promise<BitbucketPipelinesConfig> {
    return this.get(
      'GET /repositories/{workspace}/{repo_slug}/pipelines_config',
      [workspace, repoUuid],
      pipelinesConfigShape,
    );
  }

  /** Pipelines variables of a repository: key and `secured`, never a value. */
  /**
   * Every user's effective (highest) permission on every repository of the
   * workspace, in one workspace-wide listing; admin-only. `minimum` keeps
   * only permissions above it (`q=permission>"read"`: Bitbucket orders
   * read < write < admin), which in a workspace where everyone reads
   * everything saves most of the pages.
   */
  listEffectiveRepositoryPermissions(
    workspace: string,
    minimum?: 'read' | 'write',
  ): AsyncIterable<BitbucketEffectiveRepositoryPermission> {
    return this.list(effectiveAccess, [workspace], {
      pagelen: String(PAGELEN.default),
      ...(minimum ? { q: `permission>"${minimum}"` } : {}),
    });
  }

  /** Which branches the development and production branch types name. */
  getEffectiveBranchingModel(
    workspace: string,
    repoUuid: string,
  ): Promise<BitbucketEffectiveBranchingModel> {
    return this.get(
      'GET /repositories/{workspace}/{repo_slug}/effective-branching-model',
      [workspace, repoUuid],
      effectiveBranchingModelShape,
    );
  }

  /**
   * PRs of every state updated since `since`, newest update first. The
   * list omits reviewers and participants unless `fields` adds them, which
   * saves one detail request per PR.
   */
  listPullRequests(
    workspace: string,
    repoUuid: string,
    since: Date,
  ): AsyncIterable<BitbucketPullRequest> {
    return this.list(pullRequests, [workspace, repoUuid], {
      state: ALL_PULL_REQUEST_STATES,
      q: `updated_on>=${since.toISOString()}`,
      sort: '-updated_on',
      pagelen: String(PAGELEN.pullRequests),
      fields: '+values.reviewers,+values.participants',
    });
  }

  /**
   * API 1.0 groups with members and owner. Atlassian keeps `/1.0/groups`
   * only as "temporary support"; undefined means it answered 404/410 (gone).
   */
  async listV1Groups(
    workspace: string,
  ): Promise<BitbucketV1Group[] | undefined> {
    const base = this.baseUrl.replace(/\/2\.0$/, '/1.0');
    try {
      const endpoint = 'GET /1.0/groups/{workspace}';
      const { body } = await this.transport.requestJson<unknown>({
        url: new URL(`${base}/groups/${segment(workspace)}`),
        endpoint,
      });
      return checkArrayItems<BitbucketV1Group>(
        body,
        v1GroupShape,
        'Bitbucket',
        endpoint,
        this.memo.ledger,
      );
    } catch (err) {
      if (isHttpStatus(err, 404, 410)) return undefined;
      throw err;
    }
  }
}
