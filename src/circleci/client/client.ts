import {
  createTransport,
  flattenPages,
  HttpTransport,
  paginate,
  TransportLogger,
} from '../../http';
import { circleciPages, CircleCIPageOptions } from './pages';
import { CircleCIListing } from './listing';
import { CircleCIConfig } from '../../config';
import {
  CircleCICollaboration,
  CircleCIUser,
  collaborationShape,
  userShape,
} from './responses/accounts';
import { CircleCIContext, contextShape } from './responses/contexts';
import {
  CircleCIOidcCustomClaims,
  CircleCIPolicyDecisionSettings,
  oidcCustomClaimsShape,
  policyDecisionSettingsShape,
} from './responses/controls';
import {
  CircleCIDeployComponent,
  CircleCIDeployEnvironment,
  deployComponentShape,
  deployEnvironmentShape,
} from './responses/deploys';
import { CircleCIPipeline, pipelineShape } from './responses/pipelines';
import {
  CircleCIProjectSettings,
  CircleCIWebhook,
  projectSettingsShape,
  webhookShape,
} from './responses/projectSettings';
import {
  CircleCIOrgSummary,
  CircleCIProject,
  orgSummaryShape,
  projectShape,
} from './responses/projects';
import {
  ItemShape,
  ShapeLedger,
  checkArrayItems,
  checkItems,
  checkObject,
  isSafePathValue,
  unsafePathError,
} from '../../responseShape';

/**
 * True for a slug this package may put in a path: two or three non-empty
 * segments (`gh/acme`, `gh/acme/api`, `circleci/<org-id>/<project-id>`),
 * none containing `..` or a control character.
 */
export function isSafeSlug(slug: string): boolean {
  const segments = slug.split('/');
  return (
    segments.length >= 2 &&
    segments.length <= 3 &&
    segments.every((s) => isSafePathValue(s))
  );
}

/**
 * "gh/acme/api" -> "gh/acme/api" with each segment URL-encoded (the slug's
 * own `/` separators stay). A slug that could leave its endpoint (a `..`
 * segment survives encoding and URL parsers resolve it) is refused.
 */
export function projectSlugPath(
  slug: string,
  endpoint = 'a project or organization path',
): string {
  if (!isSafeSlug(slug)) throw unsafePathError('CircleCI', endpoint, slug);
  return slug.split('/').map(encodeURIComponent).join('/');
}

/** An id going into a path: refused when unsafe, encoded otherwise. */
function idPath(id: string, endpoint: string): string {
  if (!isSafePathValue(id)) throw unsafePathError('CircleCI', endpoint, id);
  return encodeURIComponent(id);
}

/**
 * The endpoint's path (`GET /project/{project-slug}/envvar` without the
 * method) with its `{...}` placeholders filled by `ids` in order: a
 * `{project-slug}` or `{org-slug}` as a slug (projectSlugPath), any other
 * as one id.
 */
function pathOf(endpoint: string, ids: string[]): string {
  let next = 0;
  return endpoint
    .replace(/^[A-Z]+ /, '')
    .replace(/\{([\w-]+)\}/g, (_, name: string) => {
      const id = ids[next++];
      return name.endsWith('-slug')
        ? projectSlugPath(id)
        : idPath(id, endpoint);
    });
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
  /** Items skipped by validation this run; the step boundary reports them. */
  readonly ledger = new ShapeLedger();

  constructor(readonly transport: HttpTransport) {}

  /** One object, validated against its shape before anyone reads it. */
  /**
   * One object, validated against its shape before anyone reads it. Its
   * path is the endpoint's template filled by `ids` (pathOf), or `path`
   * where the endpoint names the slug's segments apart.
   */
  private async get<T>(
    endpoint: string,
    ids: string[],
    shape: ItemShape,
    path = () => pathOf(endpoint, ids),
  ): Promise<T> {
    const response = await this.transport.requestJson<unknown>({
      // Built here, so an unsafe id rejects the promise (no sync throw).
      url: path(),
      endpoint,
    });
    return checkObject<T>(response.body, shape, 'CircleCI', endpoint);
  }

  /**
   * A listing's valid items (others are skipped and counted in the
   * ledger): `ids` fill its endpoint's path template in order (pathOf).
   */
  list<T>(listing: CircleCIListing<T>, ids: string[]): AsyncIterable<T> {
    const { endpoint, shape, pages } = listing;
    return this.listAt<T>(() => pathOf(endpoint, ids), endpoint, shape, pages);
  }

  /** The items of a listing at `url` (built on the first read). */
  private async *listAt<T>(
    url: string | (() => string),
    endpoint: string,
    shape: ItemShape,
    options: CircleCIPageOptions = {},
  ): AsyncGenerator<T> {
    // Built on the first read, so an unsafe id fails the listing (no sync
    // throw where the caller only expected an iterable).
    const first = typeof url === 'function' ? url() : url;
    yield* checkItems<T>(
      flattenPages(
        paginate<unknown>(
          this.transport,
          { url: first, endpoint },
          circleciPages(options),
        ),
      ),
      shape,
      endpoint,
      this.ledger,
    );
  }

  /** Pipeline listings: see CircleCIPageOptions.endOnLaterPageNotFound. */
  private listPipelines(url: string | (() => string), endpoint: string) {
    return this.listAt<CircleCIPipeline>(url, endpoint, pipelineShape, {
      endOnLaterPageNotFound: true,
    });
  }

  /** The token owner. Memoised; a failed request is not cached. */
  getMe(): Promise<CircleCIUser> {
    if (!this.me) {
      this.me = this.get<CircleCIUser>('GET /me', [], userShape);
      this.me.catch(() => (this.me = undefined));
    }
    return this.me;
  }

  /**
   * Organizations the token owner belongs to (one unpaginated array). A
   * null or id-less item is skipped (counted in the ledger); a body that is
   * not an array fails with a ResponseShapeError.
   */
  listCollaborations(): Promise<CircleCICollaboration[]> {
    if (!this.collaborations) {
      const endpoint = 'GET /me/collaborations';
      this.collaborations = this.transport
        .requestJson<unknown>({ url: '/me/collaborations', endpoint })
        .then(({ body }) =>
          checkArrayItems<CircleCICollaboration>(
            body,
            collaborationShape,
            'CircleCI',
            endpoint,
            this.ledger,
          ),
        );
      this.collaborations.catch(() => (this.collaborations = undefined));
    }
    return this.collaborations;
  }

  getUser(id: string): Promise<CircleCIUser> {
    return this.get('GET /user/{id}', [id], userShape);
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
      'GET /insights/{org-slug}/summary',
      [orgSlug],
      orgSummaryShape,
    );
  }

  getProject(slug: string): Promise<CircleCIProject> {
    return this.get('GET /project/{project-slug}', [slug], projectShape);
  }

  /** Experimental endpoint; needs the slug's three segments separately. */
  getProjectSettings(slug: string): Promise<CircleCIProjectSettings> {
    return this.get(
      'GET /project/{provider}/{organization}/{project}/settings',
      [],
      projectSettingsShape,
      () => `/project/${projectSlugPath(slug)}/settings`,
    );
  }

  /** One pipeline by id (a deploy's pipeline older than the window). */
  getPipeline(pipelineId: string): Promise<CircleCIPipeline> {
    const endpoint = 'GET /pipeline/{pipeline-id}';
    return this.get(endpoint, [pipelineId], pipelineShape);
  }

  listContexts(orgSlug: string): AsyncIterable<CircleCIContext> {
    const query = new URLSearchParams({ 'owner-slug': orgSlug });
    return this.listAt(`/context?${query}`, 'GET /context', contextShape);
  }

  /** Outbound webhooks of a project (scope-type=project is the only scope). */
  listProjectWebhooks(projectId: string): AsyncIterable<CircleCIWebhook> {
    return this.listAt(
      () => {
        const query = new URLSearchParams({
          'scope-id': idPath(projectId, 'GET /webhook'),
          'scope-type': 'project',
        });
        return `/webhook?${query}`;
      },
      'GET /webhook',
      webhookShape,
    );
  }

  getOrgOidcCustomClaims(orgId: string): Promise<CircleCIOidcCustomClaims> {
    const endpoint = 'GET /org/{orgID}/oidc-custom-claims';
    return this.get(endpoint, [orgId], oidcCustomClaimsShape);
  }

  getProjectOidcCustomClaims(
    orgId: string,
    projectId: string,
  ): Promise<CircleCIOidcCustomClaims> {
    const endpoint = 'GET /org/{orgID}/project/{projectID}/oidc-custom-claims';
    return this.get(endpoint, [orgId, projectId], oidcCustomClaimsShape);
  }

  /** Deploy environments of an organization (by its id, not its slug). */
  listDeployEnvironments(
    orgId: string,
  ): AsyncIterable<CircleCIDeployEnvironment> {
    return this.listDeploys('environments', orgId, deployEnvironmentShape);
  }

  /**
   * Whether config policies are enforced for the organization (policy
   * context `config`); plans without config policies answer 403.
   */
  getConfigPolicySettings(
    orgId: string,
  ): Promise<CircleCIPolicyDecisionSettings> {
    const endpoint = 'GET /owner/{ownerID}/context/{context}/decision/settings';
    // The decision settings of the `config` policy context.
    return this.get(endpoint, [orgId, 'config'], policyDecisionSettingsShape);
  }

  /**
   * Deploy components of an organization, all projects at once (one
   * listing per organization instead of one per project).
   */
  listDeployComponents(orgId: string): AsyncIterable<CircleCIDeployComponent> {
    return this.listDeploys('components', orgId, deployComponentShape);
  }

  /** A deploy listing of an organization, which requires `page-size`. */
  private listDeploys<T>(
    what: 'environments' | 'components',
    orgId: string,
    shape: ItemShape,
  ): AsyncIterable<T> {
    const query = new URLSearchParams({
      'org-id': orgId,
      'page-size': String(CIRCLECI_DEPLOY_PAGE_SIZE),
    });
    return this.listAt(
      `/deploy/${what}?${query}`,
      `GET /deploy/${what}`,
      shape,
    );
  }
}

/**
 * `page-size` of the deploy listings, which require it
 * (components.parameters.page_size in the spec); the spec names no maximum
 * and CircleCI documents none (docs/vendor-apis.md §1.2), so this is a
 * moderate size; any smaller page the server chooses is followed by token.
 */
export const CIRCLECI_DEPLOY_PAGE_SIZE = 100;

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
