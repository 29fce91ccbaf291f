/**
 * CircleCI API v2 simulator: answers the read endpoints the integration uses
 * from a `CircleCIData` account, with the vendor's authentication rules,
 * pagination and error bodies (`{"message": ...}`, as every CircleCI error
 * response in the spec is shaped).
 */
import {
  SANDBOX_CREDENTIALS,
  SandboxRequest,
  SandboxResponse,
  VendorRouteMatch,
  VendorSimulator,
} from '../types';
import { paginate } from './pagination';
import { CircleCIEndpoint, matchCircleCIRoute, RouteMatch } from './routes';
import {
  CircleCICollaboration,
  CircleCIContextRecord,
  CircleCIData,
  CircleCIJob,
  CircleCIOrgControls,
  CircleCIPipeline,
  CircleCIProjectRecord,
  CircleCIUser,
  CircleCIWorkflow,
} from './types';
import { isRefusal, ProjectListing } from './listings/listing';
import { listingOf } from './routes';
import { realCollaboration } from './real-shapes';
export const CIRCLECI_PREFIX = '/circleci/api/v2';

export interface CircleCISimulatorOptions {
  /** Fixed page size of every list endpoint (the API has no page-size parameter). */
  pageSize: number;
  /**
   * `GET /pipeline?org-slug=` only covers "the most recently built projects
   * (max 250) you follow" (CC paths["/pipeline"].get).
   */
  pipelineOrgProjectLimit: number;
  /**
   * The dataset's "now": insights windows end here (recordings use a fixed
   * reference time in the past, so the wall clock would empty the window).
   */
  referenceTime: number;
  /** The personal API token the simulator accepts. */
  apiKey?: string;
}

/** The spec's reporting-window enum for insights (default last-90-days). */
const REPORTING_WINDOWS: Record<string, number> = {
  'last-24-hours': 1,
  'last-7-days': 7,
  'last-30-days': 30,
  'last-60-days': 60,
  'last-90-days': 90,
};
const DAY_MS = 86_400_000;

/**
 * The largest `page-size` the deploy listings honour. CircleCI documents
 * none (docs/vendor-apis.md §1.2); the sandbox caps at 100, the size the
 * integration asks for.
 */
export const DEPLOY_MAX_PAGE_SIZE = 100;

function message(status: number, text: string): SandboxResponse {
  return { status, body: { message: text } };
}

/** The `{error}` body the OIDC and policy endpoints document for 4xx. */
function errorBody(status: number, text: string): SandboxResponse {
  return { status, body: { error: text } };
}

function ok(body: unknown): SandboxResponse {
  return { status: 200, body };
}

/** Canonical `bb/…` / `gh/…` slug; CircleCI accepts the long provider names too. */
function canonicalSlug(slug: string): string {
  const [provider, ...rest] = slug.split('/');
  const short =
    provider === 'bitbucket' ? 'bb' : provider === 'github' ? 'gh' : provider;
  return [short, ...rest].join('/');
}

interface Indexes {
  usersById: Map<string, CircleCIUser>;
  projectsBySlug: Map<string, CircleCIProjectRecord>;
  pipelinesByProject: Map<string, CircleCIPipeline[]>;
  pipelinesById: Map<string, CircleCIPipeline>;
  workflowsByPipeline: Map<string, CircleCIWorkflow[]>;
  workflowsById: Map<string, CircleCIWorkflow>;
  jobsByWorkflow: Map<string, CircleCIJob[]>;
  contextsById: Map<string, CircleCIContextRecord>;
  projectsById: Map<string, CircleCIProjectRecord>;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function index(data: CircleCIData): Indexes {
  const indexes: Indexes = {
    usersById: new Map(data.users.map((u) => [u.id, u])),
    projectsBySlug: new Map(data.projects.map((p) => [p.project.slug, p])),
    pipelinesByProject: new Map(),
    pipelinesById: new Map(data.pipelines.map((p) => [p.id, p])),
    workflowsByPipeline: new Map(),
    workflowsById: new Map(data.workflows.map((w) => [w.id, w])),
    jobsByWorkflow: new Map(),
    contextsById: new Map(data.contexts.map((c) => [c.context.id, c])),
    projectsById: new Map(data.projects.map((p) => [p.project.id, p])),
  };
  for (const pipeline of data.pipelines) {
    pushTo(indexes.pipelinesByProject, pipeline.project_slug, pipeline);
  }
  for (const workflow of data.workflows) {
    pushTo(indexes.workflowsByPipeline, workflow.pipeline_id, workflow);
  }
  for (const record of data.jobs) {
    pushTo(indexes.jobsByWorkflow, record.workflowId, record.job);
  }
  return indexes;
}

/**
 * Token from the three ways the vendor accepts it: `Circle-Token` header,
 * `Authorization: Bearer` (the developer guide's recommended form) and Basic
 * with the token as username and an empty password.
 */
function presentedToken(req: SandboxRequest): string | undefined {
  const header = req.headers['circle-token'];
  if (header) return header;
  const authorization = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
  if (bearer) return bearer[1].trim();
  const basic = /^Basic\s+(.+)$/i.exec(authorization);
  if (basic) {
    const decoded = Buffer.from(basic[1].trim(), 'base64').toString('utf8');
    return decoded.split(':')[0];
  }
  return undefined;
}

class CircleCIHandlers {
  private readonly ix: Indexes;

  constructor(
    private readonly data: CircleCIData,
    private readonly options: CircleCISimulatorOptions,
  ) {
    this.ix = index(data);
  }

  handle(
    endpoint: CircleCIEndpoint,
    params: Record<string, string>,
    query: (name: string) => string | undefined,
  ): SandboxResponse {
    const page = <T>(items: readonly T[], scope: string): SandboxResponse => {
      const result = paginate(
        items,
        this.options.pageSize,
        `${endpoint} ${scope}`,
        query('page-token'),
      );
      // The vendor answers a token it does not know with a bare 404
      // (circleci/circleci-docs#6472, vendor-apis.md §1.2).
      return result ? ok(result) : message(404, 'Not Found');
    };
    const listing = listingOf(endpoint);
    if (listing) return this.projectListing(listing, params, query, page);
    switch (endpoint) {
      case 'GET /me':
        return ok(this.data.me);
      case 'GET /me/collaborations':
        return ok(this.data.collaborations.map(realCollaboration));
      case 'GET /user/{id}': {
        const user = this.ix.usersById.get(params.id);
        return user ? ok(user) : message(404, 'User does not exist.');
      }
      case 'GET /pipeline':
        return this.orgPipelines(query, page);
      case 'GET /pipeline/{pipeline-id}': {
        const pipeline = this.ix.pipelinesById.get(params['pipeline-id']);
        return pipeline ? ok(pipeline) : message(404, 'Pipeline not found');
      }
      case 'GET /pipeline/{pipeline-id}/workflow': {
        const id = params['pipeline-id'];
        if (!this.ix.pipelinesById.has(id)) {
          return message(404, 'Pipeline not found');
        }
        return page(this.ix.workflowsByPipeline.get(id) ?? [], id);
      }
      case 'GET /workflow/{id}': {
        const workflow = this.ix.workflowsById.get(params.id);
        return workflow ? ok(workflow) : message(404, 'Workflow not found');
      }
      case 'GET /workflow/{id}/job': {
        if (!this.ix.workflowsById.has(params.id)) {
          return message(404, 'Workflow not found');
        }
        return page(this.ix.jobsByWorkflow.get(params.id) ?? [], params.id);
      }
      case 'GET /insights/{org-slug}/summary':
        return this.insightsSummary(params['org-slug'], query);
      case 'GET /project/{project-slug}': {
        const record = this.project(params['project-slug']);
        return record ? ok(record.project) : message(404, 'Project not found');
      }
      case 'GET /project/{project-slug}/pipeline': {
        const record = this.project(params['project-slug']);
        if (!record) return message(404, 'Project not found');
        const branch = query('branch');
        const pipelines =
          this.ix.pipelinesByProject.get(record.project.slug) ?? [];
        return page(
          branch === undefined
            ? pipelines
            : pipelines.filter((p) => p.vcs.branch === branch),
          `${record.project.slug} ${branch ?? ''}`,
        );
      }
      case 'GET /project/{provider}/{organization}/{project}/settings': {
        const record = this.project(
          `${params.provider}/${params.organization}/${params.project}`,
        );
        // 404_project_not_found and 403_permission_denied defaults in the spec.
        if (!record) return message(404, 'Project not found.');
        if (record.settings === 'forbidden') {
          return message(403, 'Permission denied.');
        }
        return ok(record.settings);
      }
      case 'GET /context':
        return this.contexts(query, page);
      case 'GET /context/{context_id}': {
        const record = this.ix.contextsById.get(params.context_id);
        return record ? ok(record.context) : message(404, 'Context not found.');
      }
      case 'GET /context/{context_id}/environment-variable': {
        const record = this.ix.contextsById.get(params.context_id);
        if (!record) return message(404, 'Context not found.');
        return page(record.envVars, record.context.id);
      }
      case 'GET /context/{context_id}/restrictions': {
        const record = this.ix.contextsById.get(params.context_id);
        if (!record) return message(404, 'Context not found.');
        return page(record.restrictions, record.context.id);
      }
      case 'GET /org/{orgID}/oidc-custom-claims': {
        const org = this.orgById(params.orgID);
        if (!org) return errorBody(404, 'organization not found');
        const claims = this.controls(org.id).oidcClaims;
        if (claims === 'forbidden') return errorBody(403, 'Forbidden');
        return ok({ org_id: org.id, ...claims });
      }
      case 'GET /org/{orgID}/project/{projectID}/oidc-custom-claims': {
        const record = this.ix.projectsById.get(params.projectID);
        if (!record || record.project.organization_id !== params.orgID) {
          return errorBody(404, 'project not found');
        }
        return ok({
          org_id: params.orgID,
          project_id: record.project.id,
          ...record.oidcClaims,
        });
      }
      case 'GET /organization/{org-slug-or-id}/url-orb-allow-list': {
        const org =
          this.orgById(params['org-slug-or-id']) ??
          this.org(params['org-slug-or-id']);
        if (!org) return message(404, 'Organization not found');
        const list = this.controls(org.id).urlOrbAllowList;
        if (list === 'forbidden') return message(403, 'Permission denied.');
        // One unpaginated answer: the spec's response has only `items`.
        return ok({ items: list });
      }
      case 'GET /owner/{ownerID}/context/{context}/decision/settings': {
        const org = this.orgById(params.ownerID);
        if (!org) return errorBody(404, 'owner not found');
        if (params.context !== 'config') {
          return errorBody(400, `unknown policy context: ${params.context}`);
        }
        const settings = this.controls(org.id).configPolicy;
        if (settings === 'forbidden') {
          return errorBody(
            403,
            'Config policies are not available on this plan',
          );
        }
        return ok(settings);
      }
      case 'GET /deploy/environments':
      case 'GET /deploy/components':
        return this.deployListing(endpoint, query);
      case 'GET /deploy/components/{component_id}/versions': {
        const id = params.component_id;
        if (!this.data.deploys.components.some((c) => c.component.id === id)) {
          return message(404, 'Component not found.');
        }
        const environmentId = query('environment-id');
        const versions = this.data.deploys.versions
          .filter(
            (v) =>
              v.componentId === id &&
              (environmentId === undefined ||
                v.version.environment_id === environmentId),
          )
          .map((v) => v.version)
          .sort((a, b) => b.last_deployed_at.localeCompare(a.last_deployed_at));
        return page(versions, `${id} ${environmentId ?? ''}`);
      }
      default:
        // A listing label no listing of the registry declares.
        return message(404, 'Not Found');
    }
  }

  private orgById(id: string): CircleCICollaboration | undefined {
    return this.data.collaborations.find((c) => c.id === id);
  }

  /** An organization's controls; unlisted: nothing customised, no policies. */
  private controls(orgId: string): CircleCIOrgControls {
    return (
      this.data.orgControls?.[orgId] ?? {
        oidcClaims: {},
        urlOrbAllowList: [],
        configPolicy: 'forbidden',
      }
    );
  }

  /**
   * Deploy environments and components: `org-id` and `page-size` are
   * required (the spec's components.parameters.page_size); the page size
   * asked for is honoured up to DEPLOY_MAX_PAGE_SIZE.
   */
  private deployListing(
    endpoint: 'GET /deploy/environments' | 'GET /deploy/components',
    query: (name: string) => string | undefined,
  ): SandboxResponse {
    const orgId = query('org-id');
    const pageSize = Number(query('page-size'));
    if (orgId === undefined) return message(400, 'org-id is required.');
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      return message(400, 'page-size must be a positive integer.');
    }
    if (!this.data.collaborations.some((c) => c.id === orgId)) {
      return message(404, 'Organization does not exist.');
    }
    const projectId =
      endpoint === 'GET /deploy/components' ? query('project-id') : undefined;
    const items: readonly unknown[] =
      endpoint === 'GET /deploy/environments'
        ? this.data.deploys.environments
            .filter((e) => e.orgId === orgId)
            .map((e) => e.environment)
        : this.data.deploys.components
            .filter(
              (c) =>
                c.orgId === orgId &&
                (projectId === undefined ||
                  c.component.project_id === projectId),
            )
            .map((c) => c.component);
    const scope = `${endpoint} ${orgId} ${projectId ?? ''} ${pageSize}`;
    const result = paginate(
      items,
      Math.min(pageSize, DEPLOY_MAX_PAGE_SIZE),
      scope,
      query('page-token'),
    );
    return result ? ok(result) : message(404, 'Not Found');
  }

  /**
   * A per-project listing (listings/): its project (by `{project-slug}`
   * unless the listing locates it otherwise), its own query (400), a
   * forbidden listing (403), then one page.
   */
  private projectListing(
    listing: ProjectListing<unknown>,
    params: Record<string, string>,
    query: (name: string) => string | undefined,
    page: (items: readonly unknown[], scope: string) => SandboxResponse,
  ): SandboxResponse {
    const record = listing.locate
      ? listing.locate(query, {
          bySlug: (slug) => this.project(slug),
          byId: (id) => this.ix.projectsById.get(id),
        })
      : this.project(params['project-slug']) ?? {
          status: 404,
          message: 'Project not found',
        };
    if (isRefusal(record)) return message(record.status, record.message);
    const view = listing.view?.(query, record) ?? {};
    if (isRefusal(view)) return message(view.status, view.message);
    const items = listing.items(record);
    if (items === 'forbidden') return message(403, 'Permission denied.');
    const render = view.render;
    return page(
      render ? items.map((item) => render(item)) : items,
      view.scope ?? record.project.slug,
    );
  }

  private project(slug: string): CircleCIProjectRecord | undefined {
    return this.ix.projectsBySlug.get(canonicalSlug(slug));
  }

  /**
   * An org by `bb/<name>` / `gh/<name>` slug, or by `circleci/<org-id>`, the
   * form GitHub App and GitLab orgs use (CC paths["/pipeline"].get).
   */
  private org(slug: string): CircleCICollaboration | undefined {
    const canonical = canonicalSlug(slug);
    const [provider, rest] = canonical.split('/');
    if (provider === 'circleci') {
      return this.data.collaborations.find((c) => c.id === rest);
    }
    return this.data.collaborations.find((c) => c.slug === canonical);
  }

  private orgPipelines(
    query: (name: string) => string | undefined,
    page: (
      items: readonly CircleCIPipeline[],
      scope: string,
    ) => SandboxResponse,
  ): SandboxResponse {
    const orgSlug = query('org-slug');
    // org-slug is optional in the spec; without it every organization of
    // the caller is listed.
    const orgs =
      orgSlug === undefined
        ? this.data.collaborations
        : [this.org(orgSlug)].flatMap((org) => (org ? [org] : []));
    if (orgs.length === 0) return message(404, 'Organization not found');
    const mine = query('mine') === 'true';
    const pipelines = orgs
      .flatMap((org) => this.recentlyBuiltPipelines(org.id))
      .filter((p) => !mine || p.trigger.actor.login === this.data.me.login)
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    return page(pipelines, `${orgSlug ?? '*'} ${mine}`);
  }

  /**
   * Pipelines of the org's followed projects, and of those only the most
   * recently built ones up to the limit (the vendor's "max 250").
   */
  private recentlyBuiltPipelines(orgId: string): CircleCIPipeline[] {
    return this.data.projects
      .filter((p) => p.followed && p.project.organization_id === orgId)
      .map((p) => this.ix.pipelinesByProject.get(p.project.slug) ?? [])
      .filter((list) => list.length > 0)
      .sort((a, b) => b[0].created_at.localeCompare(a[0].created_at))
      .slice(0, this.options.pipelineOrgProjectLimit)
      .flat();
  }

  private insightsSummary(
    orgSlug: string,
    query: (name: string) => string | undefined,
  ): SandboxResponse {
    const org = this.org(orgSlug);
    if (!org) return message(404, 'Organization not found');
    const windowName = query('reporting-window') ?? 'last-90-days';
    const windowDays = REPORTING_WINDOWS[windowName];
    if (windowDays === undefined) {
      return message(400, `Invalid reporting-window: ${windowName}`);
    }
    const projects = this.data.projects.filter(
      (p) => p.project.organization_id === org.id,
    );
    const cutoff = this.options.referenceTime - windowDays * DAY_MS;
    const metricsFor = (workflows: CircleCIWorkflow[]) => {
      const finished = workflows.filter((w) => w.stopped_at !== null);
      const succeeded = workflows.filter((w) => w.status === 'success').length;
      const duration = finished.reduce(
        (sum, w) =>
          sum +
          Math.round(
            (Date.parse(w.stopped_at ?? w.created_at) -
              Date.parse(w.created_at)) /
              1000,
          ),
        0,
      );
      return {
        total_runs: workflows.length,
        total_duration_secs: duration,
        total_credits_used: workflows.length * 10,
        success_rate: workflows.length ? succeeded / workflows.length : 0,
      };
    };
    const flatTrends = {
      total_credits_used: 1,
      total_duration_secs: 1,
      total_runs: 1,
      success_rate: 1,
    };
    const orgWorkflows: CircleCIWorkflow[] = [];
    const projectData = [];
    for (const record of projects) {
      const workflows = (
        this.ix.pipelinesByProject.get(record.project.slug) ?? []
      )
        .filter((p) => Date.parse(p.created_at) >= cutoff)
        .flatMap((p) => this.ix.workflowsByPipeline.get(p.id) ?? []);
      if (workflows.length === 0) continue;
      orgWorkflows.push(...workflows);
      projectData.push({
        project_name: record.project.name,
        metrics: metricsFor(workflows),
        trends: flatTrends,
      });
    }
    const orgMetrics = metricsFor(orgWorkflows);
    return ok({
      org_data: {
        metrics: {
          ...orgMetrics,
          throughput: orgWorkflows.length / windowDays,
        },
        trends: { ...flatTrends, throughput: 1 },
      },
      org_project_data: projectData,
      // Every project of the org by name: the one v2 way to discover
      // projects that GET /pipeline?org-slug= leaves out.
      all_projects: projects.map((p) => p.project.name),
    });
  }

  private contexts(
    query: (name: string) => string | undefined,
    page: (
      items: ReadonlyArray<CircleCIContextRecord['context']>,
      scope: string,
    ) => SandboxResponse,
  ): SandboxResponse {
    const ownerId = query('owner-id');
    const ownerSlug = query('owner-slug');
    const ownerType = query('owner-type') ?? 'organization';
    if (ownerType !== 'organization' && ownerType !== 'account') {
      return message(400, `Invalid owner-type: ${ownerType}`);
    }
    if (ownerId === undefined && ownerSlug === undefined) {
      return message(400, 'Must provide either owner-id or owner-slug.');
    }
    const org =
      ownerId !== undefined
        ? this.data.collaborations.find((c) => c.id === ownerId)
        : this.org(ownerSlug ?? '');
    if (!org) return message(404, 'Organization does not exist.');
    // Accounts own contexts only on CircleCI server; cloud orgs have none.
    const contexts =
      ownerType === 'account'
        ? []
        : this.data.contexts
            .filter((c) => c.ownerId === org.id)
            .map((c) => c.context);
    return page(contexts, `${org.id} ${ownerType}`);
  }
}

export function createCircleCISimulator(
  data: CircleCIData,
  options: CircleCISimulatorOptions,
): VendorSimulator {
  const handlers = new CircleCIHandlers(data, options);
  const apiKey = options.apiKey ?? SANDBOX_CREDENTIALS.circleciApiKey;
  return {
    vendor: 'circleci',
    prefix: CIRCLECI_PREFIX,
    route(req: SandboxRequest): VendorRouteMatch | SandboxResponse {
      const match: RouteMatch | undefined = matchCircleCIRoute(req.path);
      if (!match) return message(404, 'Not Found');
      const { route, params } = match;
      if (req.method !== 'GET') return message(405, 'Method Not Allowed');
      const token = presentedToken(req);
      const authorized = token === apiKey;
      return {
        endpoint: route.endpoint,
        credential: authorized ? `circleci:${data.me.login}` : undefined,
        handle(): SandboxResponse {
          if (!authorized) {
            // Wrong token and `?circle-token=`: the spec's 401_invalid_token
            // examples. No token: circleci.com's "You must log in first."
            // (not in the spec; the message CircleCI clients report seeing).
            if (
              token === undefined &&
              req.url.searchParams.has('circle-token')
            ) {
              return message(
                401,
                'Support for query parameter authentication has been deprecated to improve security. Please use a supported authentication method such as header-based, or basic authentication.',
              );
            }
            return message(
              401,
              token === undefined
                ? 'You must log in first.'
                : 'Invalid token provided.',
            );
          }
          const query = (name: string): string | undefined => {
            if (!route.query.includes(name)) {
              throw new Error(
                `CircleCI simulator read undeclared query parameter ${name} on ${route.endpoint}`,
              );
            }
            return req.url.searchParams.get(name) ?? undefined;
          };
          return handlers.handle(route.endpoint, params, query);
        },
      };
    },
  };
}
