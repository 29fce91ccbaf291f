import {
  createTransport,
  flattenPages,
  HttpTransport,
  paginateCircleCI,
  TransportLogger,
} from '../../http';
import { CircleCIConfig } from '../../config';
import {
  CircleCICollaboration,
  CircleCIContext,
  CircleCIContextEnvironmentVariable,
  CircleCIContextRestriction,
  CircleCIJob,
  CircleCIOrgSummary,
  CircleCIPipeline,
  CircleCIProject,
  CircleCIProjectEnvironmentVariable,
  CircleCIProjectSettings,
  CircleCIUser,
  CircleCIWorkflow,
} from './types';

/** "gh/acme/api" -> "gh/acme/api" with each segment URL-encoded. */
export function projectSlugPath(slug: string): string {
  return slug.split('/').map(encodeURIComponent).join('/');
}

/**
 * Thin typed wrapper over the CircleCI API v2. Lists stream (`list*` return
 * AsyncIterables over the `{items, next_page_token}` pages); `/me` and
 * `/me/collaborations` are memoised because validation and several steps
 * need them and they never change during a run.
 */
export class CircleCIClient {
  private me?: Promise<CircleCIUser>;
  private collaborations?: Promise<CircleCICollaboration[]>;

  constructor(readonly transport: HttpTransport) {}

  private async get<T>(url: string, endpoint: string): Promise<T> {
    const response = await this.transport.requestJson<T>({ url, endpoint });
    return response.body;
  }

  private list<T>(
    url: string,
    endpoint: string,
    options: { endOnLaterPageNotFound?: boolean } = {},
  ): AsyncIterable<T> {
    return flattenPages(
      paginateCircleCI<T>(this.transport, { url, endpoint, ...options }),
    );
  }

  /** Pipeline listings: see PageRequest.endOnLaterPageNotFound. */
  private listPipelines(url: string, endpoint: string) {
    return this.list<CircleCIPipeline>(url, endpoint, {
      endOnLaterPageNotFound: true,
    });
  }

  /** The token owner. Memoised; a failed request is not cached. */
  getMe(): Promise<CircleCIUser> {
    if (!this.me) {
      this.me = this.get<CircleCIUser>('/me', 'GET /me');
      this.me.catch(() => (this.me = undefined));
    }
    return this.me;
  }

  /** Organizations the token owner belongs to (one unpaginated array). */
  listCollaborations(): Promise<CircleCICollaboration[]> {
    if (!this.collaborations) {
      this.collaborations = this.get<CircleCICollaboration[]>(
        '/me/collaborations',
        'GET /me/collaborations',
      );
      this.collaborations.catch(() => (this.collaborations = undefined));
    }
    return this.collaborations;
  }

  getUser(id: string): Promise<CircleCIUser> {
    return this.get(`/user/${encodeURIComponent(id)}`, 'GET /user/{id}');
  }

  /**
   * Pipelines of the organization's most recently built followed projects
   * (at most 250 projects, per the spec), newest first.
   */
  listOrganizationPipelines(orgSlug: string): AsyncIterable<CircleCIPipeline> {
    const query = new URLSearchParams({ 'org-slug': orgSlug });
    return this.listPipelines(`/pipeline?${query}`, 'GET /pipeline');
  }

  /** `all_projects` lists every project name of the organization. */
  getOrganizationSummary(orgSlug: string): Promise<CircleCIOrgSummary> {
    return this.get(
      `/insights/${projectSlugPath(orgSlug)}/summary`,
      'GET /insights/{org-slug}/summary',
    );
  }

  getProject(slug: string): Promise<CircleCIProject> {
    return this.get(
      `/project/${projectSlugPath(slug)}`,
      'GET /project/{project-slug}',
    );
  }

  /** Experimental endpoint; needs the slug's three segments separately. */
  getProjectSettings(slug: string): Promise<CircleCIProjectSettings> {
    return this.get(
      `/project/${projectSlugPath(slug)}/settings`,
      'GET /project/{provider}/{organization}/{project}/settings',
    );
  }

  /** Newest first; the caller stops iterating at its lookback cut. */
  listProjectPipelines(slug: string): AsyncIterable<CircleCIPipeline> {
    return this.listPipelines(
      `/project/${projectSlugPath(slug)}/pipeline`,
      'GET /project/{project-slug}/pipeline',
    );
  }

  listPipelineWorkflows(pipelineId: string): AsyncIterable<CircleCIWorkflow> {
    return this.list(
      `/pipeline/${encodeURIComponent(pipelineId)}/workflow`,
      'GET /pipeline/{pipeline-id}/workflow',
    );
  }

  /**
   * The spec declares no page-token here although the response has
   * next_page_token; CircleCI documents workflow jobs as paginated, so the
   * token is sent (docs/vendor-apis.md §1.2).
   */
  listWorkflowJobs(workflowId: string): AsyncIterable<CircleCIJob> {
    return this.list(
      `/workflow/${encodeURIComponent(workflowId)}/job`,
      'GET /workflow/{id}/job',
    );
  }

  listProjectEnvironmentVariables(
    slug: string,
  ): AsyncIterable<CircleCIProjectEnvironmentVariable> {
    return this.list(
      `/project/${projectSlugPath(slug)}/envvar`,
      'GET /project/{project-slug}/envvar',
    );
  }

  listContexts(orgSlug: string): AsyncIterable<CircleCIContext> {
    const query = new URLSearchParams({ 'owner-slug': orgSlug });
    return this.list(`/context?${query}`, 'GET /context');
  }

  listContextEnvironmentVariables(
    contextId: string,
  ): AsyncIterable<CircleCIContextEnvironmentVariable> {
    return this.list(
      `/context/${encodeURIComponent(contextId)}/environment-variable`,
      'GET /context/{context_id}/environment-variable',
    );
  }

  listContextRestrictions(
    contextId: string,
  ): AsyncIterable<CircleCIContextRestriction> {
    return this.list(
      `/context/${encodeURIComponent(contextId)}/restrictions`,
      'GET /context/{context_id}/restrictions',
    );
  }
}

/** One transport (and so one set of counters) per client. */
export function createCircleCIClient(
  config: CircleCIConfig,
  logger?: TransportLogger,
): CircleCIClient {
  const apiKey = config.apiKey;
  return new CircleCIClient(
    createTransport({
      vendor: 'CircleCI',
      baseUrl: config.baseUrl,
      concurrency: config.concurrency,
      logger,
      auth: {
        headers: async () => ({ 'Circle-Token': apiKey }),
        secrets: () => [apiKey],
      },
    }),
  );
}
