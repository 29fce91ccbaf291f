import {
  flattenPages,
  HttpTransport,
  isHttpStatus,
  paginate,
} from '../../http';
import { bitbucketPages } from './pages';
import {
  BitbucketEffectiveRepositoryPermission,
  BitbucketProjectGroupPermission,
  BitbucketProjectUserPermission,
  BitbucketRepositoryGroupPermission,
  BitbucketRepositoryUserPermission,
  effectiveRepoPermissionShape,
  groupPermissionShape,
  userPermissionShape,
} from './responses/access';
import {
  BitbucketDeployment,
  BitbucketEnvironment,
  BitbucketPipeline,
  deploymentShape,
  environmentShape,
  pipelineShape,
} from './responses/pipelines';
import {
  BitbucketCommit,
  BitbucketPullRequest,
  BitbucketPullRequestActivity,
  BitbucketPullRequestState,
  activityShape,
  commitShape,
  pullRequestShape,
  repositoryActivityShape,
} from './responses/pullRequests';
import {
  BitbucketBranchRestriction,
  BitbucketDefaultReviewer,
  BitbucketDeployKey,
  BitbucketEffectiveBranchingModel,
  BitbucketPipelineVariable,
  BitbucketPipelinesConfig,
  BitbucketWebhook,
  branchRestrictionShape,
  defaultReviewerShape,
  deployKeyShape,
  effectiveBranchingModelShape,
  pipelineVariableShape,
  pipelinesConfigShape,
  webhookShape,
} from './responses/repoSettings';
import { BitbucketRepository, repositoryShape } from './responses/repositories';
import {
  BitbucketProject,
  BitbucketV1Group,
  BitbucketWorkspace,
  BitbucketWorkspaceMembership,
  membershipShape,
  projectShape,
  v1GroupShape,
  workspaceShape,
} from './responses/workspaces';
import {
  checkArray,
  checkItem,
  checkItems,
  checkObject,
  isSafePathValue,
  ItemShape,
  unsafePathError,
  ShapeLedger,
} from '../../responseShape';

/**
 * Page sizes: Bitbucket's global maximum is 100 ("the minimum length is 10
 * and the maximum is 100"), but the pull-request list answers 400 "Invalid
 * pagelen" above 50 (observed, docs/vendor-apis.md §2.2). Activity declares no
 * limit of its own, so it gets the global maximum like every other list: a
 * PR with 51-100 activity entries then costs one request, not two. The
 * transport's paginator falls back to 50 if an endpoint ever rejects 100.
 */
export const PAGELEN = {
  default: 100,
  pullRequests: 50,
  activity: 100,
  commits: 100,
} as const;

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
type PathId = string | number;

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
   * A listing's valid items; others are skipped and counted in the ledger.
   * `ids` fill the endpoint's path template in order (pathOf).
   */
  private async *list<T>(
    endpoint: string,
    ids: PathId[],
    shape: ItemShape,
    params: Record<string, string | string[]> = {
      pagelen: String(PAGELEN.default),
    },
  ): AsyncGenerator<T> {
    // The path is built on the first read, so an unsafe id fails the
    // listing (never a sync throw where an iterable was expected).
    const url = this.url(pathOf(endpoint, ids), params);
    yield* checkItems<T>(
      flattenPages(
        paginate<unknown>(this.transport, { url, endpoint }, bitbucketPages),
      ),
      shape,
      endpoint,
      this.memo.ledger,
    );
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

  listMembers(workspace: string): AsyncIterable<BitbucketWorkspaceMembership> {
    return this.list(
      'GET /workspaces/{workspace}/members',
      [workspace],
      membershipShape,
    );
  }

  /**
   * The members with their workspace role (owner / collaborator / member):
   * the same memberships as listMembers plus `permission`, for the same
   * `account` scope, so the users step needs only this one.
   */
  listWorkspacePermissions(
    workspace: string,
  ): AsyncIterable<BitbucketWorkspaceMembership> {
    return this.list(
      'GET /workspaces/{workspace}/permissions',
      [workspace],
      membershipShape,
    );
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
        for await (const member of this.listMembers(workspace)) {
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

  listProjects(workspace: string): AsyncIterable<BitbucketProject> {
    return this.list(
      'GET /workspaces/{workspace}/projects',
      [workspace],
      projectShape,
    );
  }

  listRepositories(workspace: string): AsyncIterable<BitbucketRepository> {
    return this.list(
      'GET /repositories/{workspace}',
      [workspace],
      repositoryShape,
    );
  }

  listUserPermissions(
    workspace: string,
    repoUuid: string,
  ): AsyncIterable<BitbucketRepositoryUserPermission> {
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/permissions-config/users',
      [workspace, repoUuid],
      userPermissionShape,
    );
  }

  listGroupPermissions(
    workspace: string,
    repoUuid: string,
  ): AsyncIterable<BitbucketRepositoryGroupPermission> {
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/permissions-config/groups',
      [workspace, repoUuid],
      groupPermissionShape,
    );
  }

  listBranchRestrictions(
    workspace: string,
    repoUuid: string,
  ): AsyncIterable<BitbucketBranchRestriction> {
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/branch-restrictions',
      [workspace, repoUuid],
      branchRestrictionShape,
    );
  }

  /** Deploy keys of a repository (public keys; repository admin only). */
  listRepoDeployKeys(
    workspace: string,
    repoUuid: string,
  ): AsyncIterable<BitbucketDeployKey> {
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/deploy-keys',
      [workspace, repoUuid],
      deployKeyShape,
    );
  }

  /** Deploy keys of a project (public keys; project admin only). */
  listProjectDeployKeys(
    workspace: string,
    projectKey: string,
  ): AsyncIterable<BitbucketDeployKey> {
    return this.list(
      'GET /workspaces/{workspace}/projects/{project_key}/deploy-keys',
      [workspace, projectKey],
      deployKeyShape,
    );
  }

  /** Webhooks of a repository (needs the webhook scope and repository admin). */
  listRepoWebhooks(
    workspace: string,
    repoUuid: string,
  ): AsyncIterable<BitbucketWebhook> {
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/hooks',
      [workspace, repoUuid],
      webhookShape,
    );
  }

  /** Webhooks of a workspace (needs the webhook scope; owners only). */
  listWorkspaceWebhooks(workspace: string): AsyncIterable<BitbucketWebhook> {
    return this.list(
      'GET /workspaces/{workspace}/hooks',
      [workspace],
      webhookShape,
    );
  }

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

  /** Pipelines variables of a workspace: key and `secured`, never a value. */
  listWorkspacePipelineVariables(
    workspace: string,
  ): AsyncIterable<BitbucketPipelineVariable> {
    return this.listVariables(
      'GET /workspaces/{workspace}/pipelines-config/variables',
      [workspace],
    );
  }

  /** Pipelines variables of a repository: key and `secured`, never a value. */
  listRepoPipelineVariables(
    workspace: string,
    repoUuid: string,
  ): AsyncIterable<BitbucketPipelineVariable> {
    return this.listVariables(
      'GET /repositories/{workspace}/{repo_slug}/pipelines_config/variables',
      [workspace, repoUuid],
    );
  }

  /**
   * Pipelines variables of one deployment environment of a repository: key
   * and `secured`, never a value (`pipeline` scope, repository admin).
   */
  listEnvironmentPipelineVariables(
    workspace: string,
    repoUuid: string,
    environmentUuid: string,
  ): AsyncIterable<BitbucketPipelineVariable> {
    return this.listVariables(
      'GET /repositories/{workspace}/{repo_slug}/deployments_config/environments/{environment_uuid}/variables',
      [workspace, repoUuid, environmentUuid],
    );
  }

  /**
   * Any Pipelines variable listing (workspace, repository, deployment
   * environment). `fields=-values.value` asks Bitbucket to leave the values
   * out (the API returns an unsecured variable's value); whatever arrives
   * anyway is dropped here, before anything else sees the item.
   */
  async *listVariables(
    endpoint: string,
    ids: PathId[],
  ): AsyncGenerator<BitbucketPipelineVariable> {
    for await (const variable of this.list<
      BitbucketPipelineVariable & { value?: unknown }
    >(endpoint, ids, pipelineVariableShape, {
      pagelen: String(PAGELEN.default),
      fields: '-values.value',
    })) {
      delete variable.value;
      yield variable;
    }
  }

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
    return this.list(
      'GET /workspaces/{workspace}/permissions/repositories',
      [workspace],
      effectiveRepoPermissionShape,
      {
        pagelen: String(PAGELEN.default),
        ...(minimum ? { q: `permission>"${minimum}"` } : {}),
      },
    );
  }

  listProjectUserPermissions(
    workspace: string,
    projectKey: string,
  ): AsyncIterable<BitbucketProjectUserPermission> {
    return this.list(
      'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/users',
      [workspace, projectKey],
      userPermissionShape,
    );
  }

  listProjectGroupPermissions(
    workspace: string,
    projectKey: string,
  ): AsyncIterable<BitbucketProjectGroupPermission> {
    return this.list(
      'GET /workspaces/{workspace}/projects/{project_key}/permissions-config/groups',
      [workspace, projectKey],
      groupPermissionShape,
    );
  }

  /**
   * The repository's default reviewers with those inherited from its
   * project (`reviewer_type` says which).
   */
  listEffectiveDefaultReviewers(
    workspace: string,
    repoUuid: string,
  ): AsyncIterable<BitbucketDefaultReviewer> {
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/effective-default-reviewers',
      [workspace, repoUuid],
      defaultReviewerShape,
    );
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
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/pullrequests',
      [workspace, repoUuid],
      pullRequestShape,
      {
        state: ALL_PULL_REQUEST_STATES,
        q: `updated_on>=${since.toISOString()}`,
        sort: '-updated_on',
        pagelen: String(PAGELEN.pullRequests),
        fields: '+values.reviewers,+values.participants',
      },
    );
  }

  listPullRequestActivity(
    workspace: string,
    repoUuid: string,
    pullRequestId: number,
  ): AsyncIterable<BitbucketPullRequestActivity> {
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/activity',
      [workspace, repoUuid, pullRequestId],
      activityShape,
      { pagelen: String(PAGELEN.activity) },
    );
  }

  /**
   * The activity of every pull request of the repository, newest first:
   * one listing instead of one per PR (the caller stops reading once it has
   * what it needs; see steps/activitySource.ts). Entries without a pull
   * request id are skipped and counted like any other item without an id.
   */
  listRepositoryPullRequestActivity(
    workspace: string,
    repoUuid: string,
  ): AsyncIterable<BitbucketPullRequestActivity> {
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/pullrequests/activity',
      [workspace, repoUuid],
      repositoryActivityShape,
      { pagelen: String(PAGELEN.activity) },
    );
  }

  listPullRequestCommits(
    workspace: string,
    repoUuid: string,
    pullRequestId: number,
  ): AsyncIterable<BitbucketCommit> {
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/commits',
      [workspace, repoUuid, pullRequestId],
      commitShape,
      { pagelen: String(PAGELEN.commits) },
    );
  }

  /**
   * Pipeline runs, newest first (`sort=-created_on`, which the Pipelines
   * list supports, with its declared maximum pagelen of 100). The caller
   * stops reading at its window, which ends the listing: no later page is
   * requested. Needs the `pipeline` scope; a repository with Pipelines
   * never enabled answers an empty list.
   */
  listPipelines(
    workspace: string,
    repoUuid: string,
  ): AsyncIterable<BitbucketPipeline> {
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/pipelines',
      [workspace, repoUuid],
      pipelineShape,
      { sort: '-created_on', pagelen: String(PAGELEN.default) },
    );
  }

  /** Deployment environments (Test, Staging, Production...). `pipeline` scope. */
  listEnvironments(
    workspace: string,
    repoUuid: string,
  ): AsyncIterable<BitbucketEnvironment> {
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/environments',
      [workspace, repoUuid],
      environmentShape,
    );
  }

  /**
   * Deployments, newest first (`sort=-state.started_on`): the caller stops
   * at its window like the pipelines listing. `pipeline` scope.
   */
  listDeployments(
    workspace: string,
    repoUuid: string,
  ): AsyncIterable<BitbucketDeployment> {
    return this.list(
      'GET /repositories/{workspace}/{repo_slug}/deployments',
      [workspace, repoUuid],
      deploymentShape,
      { sort: '-state.started_on', pagelen: String(PAGELEN.default) },
    );
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
      return checkArray(body, 'Bitbucket', endpoint).flatMap((raw) => {
        const group = checkItem<BitbucketV1Group>(
          raw,
          v1GroupShape,
          endpoint,
          this.memo.ledger,
        );
        return group ? [group] : [];
      });
    } catch (err) {
      if (isHttpStatus(err, 404, 410)) return undefined;
      throw err;
    }
  }
}
