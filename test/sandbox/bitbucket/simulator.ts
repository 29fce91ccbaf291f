/**
 * The Bitbucket Cloud simulator: routes requests below `/bitbucket` to the
 * OAuth token endpoint, API 2.0 (`/2.0/...`) and the API 1.0 groups endpoint
 * (`/1.0/groups/{workspace}`), answering from a BitbucketData like the vendor
 * does (see the spec in test/sandbox/contract/specs and docs/vendor-apis.md §2).
 */
import {
  SandboxRequest,
  SandboxResponse,
  VendorRouteMatch,
  VendorSimulator,
} from '../types';
import {
  ACCESS_TOKEN_REFUSED,
  BitbucketAuth,
  Caller,
  missingScope,
} from './auth';
import {
  matchesQuery,
  parseQuery,
  Query,
  queryMentions,
  QueryError,
  sortDocuments,
} from './bbql';
import { commitLog } from './commit-log';
import { indexData } from './data-index';
import {
  bitbucketError,
  repositoryNotFound,
  unknownPath,
  workspaceNotFound,
} from './errors';
import {
  effectiveDefaultReviewers,
  effectivePermissions,
  permissionRank,
} from './effective-access';
import { applyFields, fieldsRequest, FieldsSpec, parseFields } from './fields';
import {
  BitbucketData,
  BbProject,
  BbPullRequest,
  BbRepo,
  BbWorkspace,
} from './model';
import {
  buildPage,
  MAX_PAGELEN,
  PagingRules,
  readPageWindow,
} from './pagination';
import {
  ListingRoute,
  ListingRouteOf,
  OwnerKind,
  ownerKey,
  Owners,
} from './listings/listing';
import { CHILD_LISTINGS } from './listings/registry';
import { JsonObject, Renderer } from './render';
import { repositoryActivityLog } from './repository-activity';
import { PipelinesRenderer } from './render-pipelines';

export interface BitbucketSimulatorOptions {
  now(): number;
  tokenTtlSeconds: number;
  /** Caps the served page size below the requested pagelen. */
  pageSizeCap?: number;
  /** Granted scopes per consumer key or API-token username. */
  scopesByKey?: Record<string, string[]>;
  /** Whether `/1.0/groups/{workspace}` still answers (default true). */
  groupsApiAvailable?: boolean;
  /** X-RateLimit-Limit on access-token answers (default 1,000 per hour). */
  accessTokenLimit?: number;
}

export const BITBUCKET_PREFIX = '/bitbucket';

/** Observed maximum of the PR list (vendor-apis.md §2.2), below the global 100. */
const PULL_REQUEST_MAX_PAGELEN = 50;

interface RequestContext {
  req: SandboxRequest;
  caller: Caller;
  params: Record<string, string>;
  renderer: Renderer;
  fields?: FieldsSpec;
}

interface RouteDefinition {
  method: 'GET' | 'POST';
  /** Path below the prefix, with `{param}` segments. */
  path: string;
  /** Spec path template used in the endpoint label. */
  label: string;
  /** OAuth scope the spec's `security` names for the operation. */
  scope?: string;
  handle(context: RequestContext): SandboxResponse;
}

type Handler = RouteDefinition['handle'];

function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

function ok(body: unknown, fields?: FieldsSpec): SandboxResponse {
  return { status: 200, body: applyFields(body, fields) };
}

function isUuid(value: string): boolean {
  return /^\{[0-9a-f-]*\}$/i.test(value);
}

/**
 * Bitbucket orders permissions (`q=permission>"read"` keeps write and
 * admin), which a string comparison would not: the query and the
 * documents compare the permission's rank instead.
 */
function rankPermissions(query: Query): Query {
  switch (query.kind) {
    case 'and':
    case 'or':
      return {
        ...query,
        left: rankPermissions(query.left),
        right: rankPermissions(query.right),
      };
    case 'compare':
      return query.path === 'permission' && typeof query.value === 'string'
        ? { ...query, value: permissionRank(query.value) }
        : query;
    case 'in':
      return query.path === 'permission'
        ? {
            ...query,
            values: query.values.map((v) =>
              typeof v === 'string' ? permissionRank(v) : v,
            ),
          }
        : query;
  }
}

export function createBitbucketSimulator(
  data: BitbucketData,
  options: BitbucketSimulatorOptions,
): VendorSimulator {
  const index = indexData(data);
  /** Rendered effective-permission listings (the data never changes). */
  const effectiveListings = new Map<string, JsonObject[]>();
  const auth = new BitbucketAuth(options);
  const accessTokenLimit = options.accessTokenLimit ?? 1000;
  const groupsApiAvailable = options.groupsApiAvailable ?? true;
  const rules = (
    kind: PagingRules['kind'],
    defaultPagelen: number,
    maxPagelen = MAX_PAGELEN,
  ): PagingRules => ({
    kind,
    defaultPagelen,
    maxPagelen,
    cap: options.pageSizeCap,
  });

  const paginate = (
    context: RequestContext,
    items: readonly unknown[],
    paging: PagingRules,
  ): SandboxResponse => {
    const window = readPageWindow(context.req.url, paging);
    if ('status' in window) return window;
    return ok(
      buildPage(items, window, context.req.url, paging.kind),
      context.fields,
    );
  };

  /** Applies `q` and `sort` (BBQL) to rendered documents. */
  const filterAndSort = (
    context: RequestContext,
    documents: JsonObject[],
    query: Query | undefined,
  ): JsonObject[] => {
    const filtered = query
      ? documents.filter((document) => matchesQuery(document, query))
      : documents;
    const sort = context.req.url.searchParams.get('sort');
    return sort ? sortDocuments(filtered, sort) : filtered;
  };

  const readQuery = (
    context: RequestContext,
  ): Query | undefined | SandboxResponse => {
    const q = context.req.url.searchParams.get('q');
    if (q === null || q.trim() === '') return undefined;
    try {
      return parseQuery(q);
    } catch (error) {
      if (error instanceof QueryError) {
        return bitbucketError(400, `Invalid query: ${error.message}`, {
          detail: `Could not parse the filter "${q}"`,
        });
      }
      throw error;
    }
  };

  // Slugs and uuids are lower case in Bitbucket; lookups ignore case.
  const findWorkspace = (id: string): BbWorkspace | undefined =>
    index.workspaces.get(id.toLowerCase());

  const withWorkspace =
    (
      handler: (
        context: RequestContext,
        workspace: BbWorkspace,
      ) => SandboxResponse,
    ): Handler =>
    (context) => {
      const workspace = findWorkspace(context.params.workspace);
      if (!workspace) return workspaceNotFound(context.params.workspace);
      return handler(context, workspace);
    };

  /**
   * Resolves `{workspace}/{repo_slug}`. The repo may be named by `{uuid}`, in
   * which case the workspace may be its slug, its uuid or empty (`{}`), as
   * the narrative "uri-uuid" shows.
   */
  const resolveRepo = (context: RequestContext): BbRepo | SandboxResponse => {
    const { workspace, repo_slug: repoSlug } = context.params;
    let repo: BbRepo | undefined;
    if (isUuid(repoSlug)) {
      const candidate = index.repos.get(repoSlug.toLowerCase());
      const owner = candidate && index.workspaces.get(candidate.workspaceSlug);
      if (
        candidate &&
        owner &&
        (workspace === '{}' ||
          workspace === owner.slug ||
          workspace === owner.uuid)
      ) {
        repo = candidate;
      }
    } else {
      const owner = findWorkspace(workspace);
      repo = owner
        ? index.repos.get(`${owner.slug}/${repoSlug.toLowerCase()}`)
        : undefined;
    }
    return repo ?? repositoryNotFound(workspace, repoSlug);
  };

  const withRepo =
    (
      handler: (context: RequestContext, repo: BbRepo) => SandboxResponse,
    ): Handler =>
    (context) => {
      const repo = resolveRepo(context);
      if ('status' in repo) return repo;
      return handler(context, repo);
    };

  /** The repository admin endpoints answer 403 on a repo the caller does not administer. */
  const withAdminRepo = (
    handler: (context: RequestContext, repo: BbRepo) => SandboxResponse,
  ): Handler =>
    withRepo((context, repo) =>
      repo.adminForbidden
        ? bitbucketError(403, 'Access denied', {
            detail: `You must be an administrator of ${repo.workspaceSlug}/${repo.slug} to access its permissions and branch restrictions.`,
          })
        : handler(context, repo),
    );

  /** `{workspace}/projects/{project_key}`; the key is case-sensitive. */
  const withAdminProject =
    (
      handler: (context: RequestContext, project: BbProject) => SandboxResponse,
    ): Handler =>
    (context) => {
      const workspace = findWorkspace(context.params.workspace);
      if (!workspace) return workspaceNotFound(context.params.workspace);
      const project = (
        index.projectsByWorkspace.get(workspace.slug) ?? []
      ).find((p) => p.key === context.params.project_key);
      if (!project) {
        return bitbucketError(
          404,
          `Project ${context.params.project_key} not found`,
        );
      }
      if (project.adminForbidden) {
        return bitbucketError(403, 'Access denied', {
          detail: `You must be an administrator of project ${project.key} to access its permissions.`,
        });
      }
      return handler(context, project);
    };

  const withPullRequest = (
    handler: (
      context: RequestContext,
      repo: BbRepo,
      pr: BbPullRequest,
    ) => SandboxResponse,
  ): Handler =>
    withRepo((context, repo) => {
      const id = context.params.pull_request_id;
      const pr = /^\d+$/.test(id)
        ? (index.pullRequestsByRepo.get(repo.uuid) ?? []).find(
            (candidate) => candidate.id === Number(id),
          )
        : undefined;
      if (!pr) return bitbucketError(404, `Pull request ${id} not found`);
      return handler(context, repo, pr);
    });

  const pipelinesRenderer = (context: RequestContext) =>
    new PipelinesRenderer(
      context.renderer,
      index,
      `${context.req.url.origin}${BITBUCKET_PREFIX}/2.0`,
    );

  /**
   * A child listing's route (listings/listing.ts): resolves the owner the
   * path names (404 when unknown, 403 on a repository the caller does not
   * administer when the listing needs it, or when the owner denies it) and
   * pages the owner's records.
   */
  const listingRoute = (route: ListingRoute<unknown>): RouteDefinition => {
    const byOwner = index.listings.get(route.path) ?? new Map();
    /** The owner's records, paged, unless the owner denies the listing. */
    const serve = <K extends OwnerKind>(
      owned: ListingRouteOf<unknown, K>,
      context: RequestContext,
      owner: Owners[K],
      key: string,
      repo?: BbRepo,
    ): SandboxResponse => {
      const detail = owned.denied?.(owner, repo);
      if (detail !== undefined) {
        return bitbucketError(403, 'Access denied', { detail });
      }
      return paginate(
        context,
        (byOwner.get(key) ?? []).map((record: unknown) =>
          owned.render(record, owner, context.renderer),
        ),
        rules('list', owned.defaultPagelen),
      );
    };
    const inRepo = route.repositoryAdmin ? withAdminRepo : withRepo;
    const handle = ((): Handler => {
      switch (route.owner) {
        case 'workspace':
          return withWorkspace((context, workspace) =>
            serve(
              route,
              context,
              workspace,
              ownerKey.workspace(workspace.slug),
            ),
          );
        case 'project':
          // Named by key or by uuid.
          return withWorkspace((context, workspace) => {
            const wanted = context.params.project_key;
            const project = (
              index.projectsByWorkspace.get(workspace.slug) ?? []
            ).find((p) => p.key === wanted || p.uuid === wanted);
            return project
              ? serve(
                  route,
                  context,
                  project,
                  ownerKey.project(workspace.slug, project.key),
                )
              : bitbucketError(404, `Project ${wanted} not found`);
          });
        case 'repository':
          return inRepo((context, repo) =>
            serve(route, context, repo, ownerKey.repository(repo.uuid), repo),
          );
        case 'environment':
          return inRepo((context, repo) => {
            const wanted = context.params.environment_uuid;
            const environment = (
              index.environmentsByRepo.get(repo.uuid) ?? []
            ).find((e) => e.uuid === wanted);
            return environment
              ? serve(
                  route,
                  context,
                  environment,
                  ownerKey.environment(environment.uuid),
                  repo,
                )
              : bitbucketError(404, `Environment ${wanted} not found`);
          });
      }
    })();
    return {
      method: 'GET',
      path: `/2.0${route.path}`,
      label: route.path,
      scope: route.scope,
      handle,
    };
  };

  const routes: RouteDefinition[] = [
    {
      method: 'GET',
      path: '/2.0/user',
      label: '/user',
      scope: 'account',
      handle: (context) => {
        // The consumer's owner / the API token's account: the first owner of
        // the first workspace plays that role in the sandbox.
        const owner =
          data.memberships.find((m) => m.permission === 'owner') ??
          data.memberships[0];
        return ok(context.renderer.currentUser(owner.userUuid), context.fields);
      },
    },
    {
      method: 'GET',
      path: '/2.0/user/workspaces',
      label: '/user/workspaces',
      scope: 'account',
      handle: (context) =>
        paginate(
          context,
          data.workspaces.map((workspace) =>
            context.renderer.workspaceAccess(workspace, true),
          ),
          rules('list', 10),
        ),
    },
    {
      method: 'GET',
      path: '/2.0/workspaces/{workspace}',
      label: '/workspaces/{workspace}',
      handle: withWorkspace((context, workspace) =>
        ok(context.renderer.workspace(workspace), context.fields),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/workspaces/{workspace}/members',
      label: '/workspaces/{workspace}/members',
      scope: 'account',
      handle: withWorkspace((context, workspace) =>
        paginate(
          context,
          (index.membershipsByWorkspace.get(workspace.slug) ?? []).map((m) =>
            context.renderer.membership(m, false),
          ),
          rules('list', 50),
        ),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/workspaces/{workspace}/permissions',
      label: '/workspaces/{workspace}/permissions',
      scope: 'account',
      handle: withWorkspace((context, workspace) => {
        const query = readQuery(context);
        if (query && 'status' in query) return query;
        const documents = (
          index.membershipsByWorkspace.get(workspace.slug) ?? []
        ).map((m) => context.renderer.membership(m, true));
        return paginate(
          context,
          query
            ? documents.filter((document) => matchesQuery(document, query))
            : documents,
          rules('list', 50),
        );
      }),
    },
    {
      method: 'GET',
      path: '/2.0/workspaces/{workspace}/permissions/repositories',
      label: '/workspaces/{workspace}/permissions/repositories',
      scope: 'account',
      // "Only users with admin permission for the team may access this resource."
      handle: withWorkspace((context, workspace) => {
        if (workspace.repositoryPermissionsForbidden) {
          return bitbucketError(403, 'Access denied', {
            detail: `You must be an administrator of ${workspace.slug} to list its repository permissions.`,
          });
        }
        const query = readQuery(context);
        if (query && 'status' in query) return query;
        // Every page of one listing filters the same grants: computed once
        // per workspace, query, sort and origin (re-rendering tens of thousands
        // of grants per page made the estate profile's sandbox quadratic).
        const { searchParams, origin } = context.req.url;
        const cacheKey = [
          workspace.slug,
          searchParams.get('q'),
          searchParams.get('sort'),
          origin,
        ].join('\n');
        const cached = effectiveListings.get(cacheKey);
        if (cached) {
          return paginate(context, cached, rules('list', 10));
        }
        const ranked = query ? rankPermissions(query) : undefined;
        const documents = (index.reposByWorkspace.get(workspace.slug) ?? [])
          .flatMap((repo) =>
            [...effectivePermissions(index, repo)].map(
              ([userUuid, permission]) =>
                context.renderer.repositoryPermission(
                  repo,
                  userUuid,
                  permission,
                ),
            ),
          )
          .filter(
            (document) =>
              !ranked ||
              matchesQuery(
                {
                  ...document,
                  permission: permissionRank(String(document.permission)),
                },
                ranked,
              ),
          );
        const listed = filterAndSort(context, documents, undefined);
        effectiveListings.set(cacheKey, listed);
        return paginate(context, listed, rules('list', 10));
      }),
    },
    {
      method: 'GET',
      path: '/2.0/workspaces/{workspace}/projects/{project_key}/permissions-config/users',
      label:
        '/workspaces/{workspace}/projects/{project_key}/permissions-config/users',
      scope: 'project:admin',
      // "This endpoint does not support BBQL features."
      handle: withAdminProject((context, project) =>
        paginate(
          context,
          (project.userPermissions ?? []).map((p) =>
            context.renderer.projectUserPermission(
              project,
              p.userUuid,
              p.permission,
            ),
          ),
          rules('list', 10),
        ),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/workspaces/{workspace}/projects/{project_key}/permissions-config/groups',
      label:
        '/workspaces/{workspace}/projects/{project_key}/permissions-config/groups',
      scope: 'project:admin',
      handle: withAdminProject((context, project) =>
        paginate(
          context,
          (project.groupPermissions ?? []).map((p) =>
            context.renderer.projectGroupPermission(
              project,
              p.groupSlug,
              p.permission,
            ),
          ),
          rules('list', 10),
        ),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/workspaces/{workspace}/projects',
      label: '/workspaces/{workspace}/projects',
      scope: 'project',
      handle: withWorkspace((context, workspace) =>
        paginate(
          context,
          (index.projectsByWorkspace.get(workspace.slug) ?? []).map((p) =>
            context.renderer.project(p),
          ),
          rules('list', 50),
        ),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}',
      label: '/repositories/{workspace}',
      scope: 'repository',
      handle: withWorkspace((context, workspace) => {
        const query = readQuery(context);
        if (query && 'status' in query) return query;
        const documents = (
          index.reposByWorkspace.get(workspace.slug) ?? []
        ).map((repo) => context.renderer.repository(repo));
        return paginate(
          context,
          filterAndSort(context, documents, query),
          rules('list', 10),
        );
      }),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}',
      label: '/repositories/{workspace}/{repo_slug}',
      scope: 'repository',
      handle: withRepo((context, repo) =>
        ok(context.renderer.repository(repo), context.fields),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/permissions-config/users',
      label: '/repositories/{workspace}/{repo_slug}/permissions-config/users',
      scope: 'repository:admin',
      // "This endpoint does not support BBQL features": q and sort are ignored.
      handle: withAdminRepo((context, repo) =>
        paginate(
          context,
          repo.userPermissions.map((p) =>
            context.renderer.userPermission(repo, p.userUuid, p.permission),
          ),
          rules('list', 10),
        ),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/permissions-config/groups',
      label: '/repositories/{workspace}/{repo_slug}/permissions-config/groups',
      scope: 'repository:admin',
      handle: withAdminRepo((context, repo) =>
        paginate(
          context,
          repo.groupPermissions.map((p) =>
            context.renderer.groupPermission(repo, p.groupSlug, p.permission),
          ),
          rules('list', 10),
        ),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/branch-restrictions',
      label: '/repositories/{workspace}/{repo_slug}/branch-restrictions',
      scope: 'repository:admin',
      handle: withAdminRepo((context, repo) => {
        const { searchParams } = context.req.url;
        const kind = searchParams.get('kind');
        const pattern = searchParams.get('pattern');
        return paginate(
          context,
          repo.branchRestrictions
            .filter(
              (r) =>
                (kind === null || r.kind === kind) &&
                (pattern === null || r.pattern === pattern),
            )
            .map((r) => context.renderer.branchRestriction(repo, r)),
          rules('list', 10),
        );
      }),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/pipelines_config',
      label: '/repositories/{workspace}/{repo_slug}/pipelines_config',
      scope: 'repository:admin',
      handle: withAdminRepo((context, repo) =>
        ok(context.renderer.pipelinesConfig(repo), context.fields),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/effective-branching-model',
      label: '/repositories/{workspace}/{repo_slug}/effective-branching-model',
      scope: 'repository',
      handle: withRepo((context, repo) =>
        ok(context.renderer.effectiveBranchingModel(repo), context.fields),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/effective-default-reviewers',
      label:
        '/repositories/{workspace}/{repo_slug}/effective-default-reviewers',
      scope: 'pullrequest',
      handle: withRepo((context, repo) =>
        paginate(
          context,
          effectiveDefaultReviewers(index, repo).map((r) =>
            context.renderer.defaultReviewer(r.userUuid, r.reviewerType),
          ),
          rules('list', 20),
        ),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/pullrequests',
      label: '/repositories/{workspace}/{repo_slug}/pullrequests',
      scope: 'pullrequest',
      handle: withRepo((context, repo) => {
        const query = readQuery(context);
        if (query && 'status' in query) return query;
        const states = context.req.url.searchParams
          .getAll('state')
          .map((state) => state.toUpperCase());
        const invalid = states.find(
          (state) =>
            !['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'].includes(state),
        );
        if (invalid) {
          return bitbucketError(400, `Invalid state: ${invalid}`);
        }
        // "By default only open pull requests are returned"; a q that tests
        // `state` itself is taken as the caller's state selection.
        const wanted =
          states.length > 0
            ? states
            : query && queryMentions(query, 'state')
            ? ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED']
            : ['OPEN'];
        const candidates = (
          index.pullRequestsByRepo.get(repo.uuid) ?? []
        ).filter((pr) => wanted.includes(pr.state));
        // Filter on the full document (q may test reviewers), then drop the
        // fields the collection omits unless `fields` asks for them.
        const withReviewers = fieldsRequest(context.fields, 'values.reviewers');
        const withParticipants = fieldsRequest(
          context.fields,
          'values.participants',
        );
        const documents = filterAndSort(
          context,
          candidates.map((pr) => context.renderer.pullRequest(pr, true)),
          query,
        ).map((document) => {
          const { reviewers, participants, ...rest } = document;
          return {
            ...rest,
            ...(withReviewers ? { reviewers } : {}),
            ...(withParticipants ? { participants } : {}),
          };
        });
        return paginate(
          context,
          documents,
          rules('list', 10, PULL_REQUEST_MAX_PAGELEN),
        );
      }),
    },
    {
      // Before `{pull_request_id}`: the first matching route answers.
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/pullrequests/activity',
      label: '/repositories/{workspace}/{repo_slug}/pullrequests/activity',
      scope: 'pullrequest',
      handle: withRepo((context, repo) =>
        paginate(
          context,
          repositoryActivityLog(
            index.pullRequestsByRepo.get(repo.uuid) ?? [],
          ).map(({ pr, entry }) => context.renderer.activity(pr, entry)),
          // Like the per-PR log: an opaque cursor, newest entry first.
          rules('iterator', 50),
        ),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}',
      label:
        '/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}',
      scope: 'pullrequest',
      handle: withPullRequest((context, _repo, pr) =>
        ok(context.renderer.pullRequest(pr, true), context.fields),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/activity',
      label:
        '/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/activity',
      scope: 'pullrequest',
      handle: withPullRequest((context, _repo, pr) =>
        paginate(
          context,
          pr.activity.map((entry) => context.renderer.activity(pr, entry)),
          // The activity log pages with an opaque cursor, newest entry first.
          rules('iterator', 50),
        ),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/commits',
      label:
        '/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/commits',
      scope: 'pullrequest',
      handle: withPullRequest((context, _repo, pr) =>
        // The spec's 404: "the source branch is from a forked repository
        // which no longer exists" (BitbucketData.deletedRepos).
        index.deletedRepos.has(pr.sourceRepoUuid)
          ? bitbucketError(404, 'Repository not found', {
              detail: `The source repository of pull request #${pr.id} no longer exists.`,
            })
          : paginate(
              context,
              pr.commitHashes.flatMap((hash) => {
                const commit = index.commits.get(hash);
                return commit ? [context.renderer.commit(commit)] : [];
              }),
              rules('iterator', 10),
            ),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/commits',
      label: '/repositories/{workspace}/{repo_slug}/commits',
      scope: 'repository',
      handle: withRepo((context, repo) =>
        listCommits(context, repo, repo.mainBranch),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/commits/{revision}',
      label: '/repositories/{workspace}/{repo_slug}/commits/{revision}',
      scope: 'repository',
      handle: withRepo((context, repo) =>
        listCommits(context, repo, context.params.revision),
      ),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/pipelines',
      label: '/repositories/{workspace}/{repo_slug}/pipelines',
      scope: 'pipeline',
      // Declared: pagelen 1-100, default 10; sorts like BBQL (`-created_on`).
      handle: withRepo((context, repo) => {
        const render = pipelinesRenderer(context);
        const documents = (index.pipelinesByRepo.get(repo.uuid) ?? []).map(
          (p) => render.pipeline(repo, p),
        );
        return paginate(
          context,
          filterAndSort(context, documents, undefined),
          rules('list', 10),
        );
      }),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/environments',
      label: '/repositories/{workspace}/{repo_slug}/environments',
      scope: 'pipeline',
      handle: withRepo((context, repo) => {
        const render = pipelinesRenderer(context);
        return paginate(
          context,
          (index.environmentsByRepo.get(repo.uuid) ?? []).map((e) =>
            render.environment(e),
          ),
          rules('list', 10),
        );
      }),
    },
    {
      method: 'GET',
      path: '/2.0/repositories/{workspace}/{repo_slug}/deployments',
      label: '/repositories/{workspace}/{repo_slug}/deployments',
      scope: 'pipeline',
      handle: withRepo((context, repo) => {
        const render = pipelinesRenderer(context);
        const documents = (index.deploymentsByRepo.get(repo.uuid) ?? []).map(
          (d) => render.deployment(repo, d),
        );
        return paginate(
          context,
          filterAndSort(context, documents, undefined),
          rules('list', 10),
        );
      }),
    },
    {
      method: 'GET',
      path: '/1.0/groups/{workspace}',
      label: '/1.0/groups/{workspace}',
      scope: 'account',
      handle: (context) => {
        if (!groupsApiAvailable) {
          // What the removed 1.0 endpoints answer.
          return bitbucketError(410, 'Resource removed', {
            detail:
              'This API is no longer supported.\n\nFor information about its removal, please refer to the deprecation notice at: https://developer.atlassian.com/cloud/bitbucket/deprecation-notice-v1-apis/',
          });
        }
        const workspace = findWorkspace(context.params.workspace);
        if (!workspace) return workspaceNotFound(context.params.workspace);
        return {
          status: 200,
          body: (index.groupsByWorkspace.get(workspace.slug) ?? []).map((g) =>
            context.renderer.groupV1(g),
          ),
        };
      },
    },
    ...CHILD_LISTINGS.flatMap((listing) => listing.routes.map(listingRoute)),
  ];

  /** `commits[/{revision}]?exclude=...` (commit-log.ts), newest first. */
  function listCommits(
    context: RequestContext,
    repo: BbRepo,
    revision: string,
  ): SandboxResponse {
    const log = commitLog(
      index,
      repo,
      revision,
      context.req.url.searchParams.getAll('exclude'),
    );
    if ('unknownRevision' in log) {
      return bitbucketError(404, `Commit not found: ${log.unknownRevision}`);
    }
    return paginate(
      context,
      log.commits.map((commit) => context.renderer.commit(commit)),
      rules('iterator', 30),
    );
  }

  const compiled = routes.map((route) => ({
    route,
    segments: segmentsOf(route.path),
    endpoint: `${route.method} ${route.label}`,
  }));

  const matchRoute = (
    method: string,
    segments: string[],
  ):
    | {
        route: RouteDefinition;
        endpoint: string;
        params: Record<string, string>;
      }
    | 'wrong-method'
    | undefined => {
    let pathMatched = false;
    for (const candidate of compiled) {
      if (candidate.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const matches = candidate.segments.every((segment, i) => {
        if (segment.startsWith('{') && segment.endsWith('}')) {
          params[segment.slice(1, -1)] = segments[i];
          return true;
        }
        return segment === segments[i];
      });
      if (!matches) continue;
      pathMatched = true;
      if (candidate.route.method === method) {
        return { route: candidate.route, endpoint: candidate.endpoint, params };
      }
    }
    return pathMatched ? 'wrong-method' : undefined;
  };

  return {
    vendor: 'bitbucket',
    prefix: BITBUCKET_PREFIX,
    route(req: SandboxRequest): VendorRouteMatch | SandboxResponse {
      const method = req.method.toUpperCase();
      const segments = segmentsOf(req.path);
      if (segments.join('/') === 'site/oauth2/access_token') {
        return {
          endpoint: 'POST /site/oauth2/access_token',
          credential: auth.tokenRequestIdentity(req),
          handle: () => auth.issueToken(req),
        };
      }
      const matched = matchRoute(method, segments);
      if (matched === undefined) return unknownPath();
      if (matched === 'wrong-method') {
        return bitbucketError(405, `Method ${method} not allowed`);
      }
      const caller = auth.authenticate(req);
      if ('status' in caller) return caller;
      const { route, endpoint, params } = matched;
      const handle = () => {
        if (caller.accessToken && ACCESS_TOKEN_REFUSED.test(endpoint)) {
          return bitbucketError(
            403,
            'Access tokens are not supported for this endpoint.',
          );
        }
        if (route.scope && !caller.effectiveScopes.has(route.scope)) {
          return missingScope(caller, route.scope);
        }
        const apiBase = `${req.url.origin}${BITBUCKET_PREFIX}/2.0`;
        return route.handle({
          req,
          caller,
          params,
          renderer: new Renderer(index, apiBase),
          fields: parseFields(req.url.searchParams.get('fields')),
        });
      };
      return {
        endpoint,
        credential: caller.credential,
        handle: caller.accessToken
          ? // Access tokens get the scaled limit, named in every answer.
            async () => {
              const response = await handle();
              return {
                ...response,
                headers: {
                  ...response.headers,
                  'X-RateLimit-Limit': String(accessTokenLimit),
                  'X-RateLimit-Resource': 'api-repository',
                },
              };
            }
          : handle,
      };
    },
  };
}
