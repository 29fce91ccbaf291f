import { IntegrationWarnEventName } from '@jupiterone/integration-sdk-core';
import { CircleCIClient, isSafeSlug } from '../client/client';
import { CircleCIProject } from '../client/responses/projects';
import { parseCircleCITime } from '../converters/time';
import {
  accessGapOf,
  accessGapPhrase,
  FanOut,
  listNames,
  publishMissingPermission,
  publishWarning,
  runInPool,
  StepContext,
} from '../../steps';

function lastSegment(slug: string): string {
  return (slug.split('/').pop() ?? slug).toLowerCase();
}

/** The status phrase of a 403/404; any other failure is rethrown. */
export function gapOrThrow(err: unknown): string {
  const status = accessGapOf(err);
  if (status === undefined) throw err;
  return accessGapPhrase(status);
}

/**
 * API v2 has no list-projects endpoint (the v1.1 followed-projects list is
 * outside the v2 API this package speaks). Two v2 sources name projects:
 *  - `GET /insights/{org-slug}/summary` `all_projects` names every project
 *    of the organization, followed or not, in one request (names only);
 *  - `GET /pipeline?org-slug=` gives real project slugs, but only for the
 *    250 most recently built followed projects, and costs a page per 20
 *    pipelines. It is read newest first and only back to the lookback cut.
 * In VCS-named orgs (gh/..., bb/...) a slug is `<org-slug>/<name>` (the
 * documented form `<vcs>/<org>/<repo>`), so the insights names are enough
 * and the pipeline listing is read only when the insights summary cannot be
 * (403/404). In `circleci/<org-id>` orgs (GitHub App, GitLab, standalone)
 * slugs end with a project id, not the name, and no slug can be built from
 * a name: only slugs the API gives (the pipeline listing) are fetched, and
 * insights names the listing did not reach are named in one warning.
 * A name or slug that could leave its endpoint (`..`, `/` in a name,
 * control characters) is skipped and counted. Each project is fetched once.
 */
export class ProjectDiscovery {
  readonly idNamed: boolean;
  private readonly pool: FanOut;
  private readonly claimed = new Set<string>();
  private readonly fetchedNames = new Set<string>();
  readonly failures: string[] = [];
  pipelineListingRead = false;
  /** The insights summary's project names; undefined when unread or null. */
  names: string[] | undefined;

  constructor(
    private readonly client: CircleCIClient,
    private readonly options: {
      orgSlug: string;
      cutoff: number;
      concurrency: number;
      fetch: (slug: string) => Promise<CircleCIProject | undefined>;
    },
  ) {
    this.idNamed = options.orgSlug.toLowerCase().startsWith('circleci/');
    this.pool = new FanOut(options.concurrency);
  }

  async run(): Promise<void> {
    await runInPool(this.pool, async () => {
      if (this.idNamed) {
        await Promise.all([this.fromPipelines(), this.fromInsights()]);
      } else {
        await this.fromInsights();
        if (this.names === undefined) await this.fromPipelines();
      }
    });
  }

  /** Insights names no fetched project has (circleci/<org-id> orgs). */
  unreached(): string[] {
    if (!this.idNamed) return [];
    return (this.names ?? []).filter(
      (name) => !this.fetchedNames.has(name.toLowerCase()),
    );
  }

  private claim(slug: string, claimKey: string, endpoint: string) {
    if (!isSafeSlug(slug) || slug.split('/').length !== 3) {
      this.client.ledger.record(
        endpoint,
        'naming a project unsafe in a URL path (contains "..", "/" or a control character)',
      );
      return Promise.resolve();
    }
    if (this.claimed.has(claimKey)) return Promise.resolve();
    this.claimed.add(claimKey);
    return this.pool.add(async () => {
      const project = await this.options.fetch(slug);
      if (project) this.fetchedNames.add(project.name.toLowerCase());
    });
  }

  private async fromPipelines() {
    const { orgSlug, cutoff } = this.options;
    this.pipelineListingRead = true;
    try {
      for await (const pipeline of this.client.listOrganizationPipelines(
        orgSlug,
      )) {
        const createdOn = parseCircleCITime(pipeline.created_at);
        if (createdOn !== undefined && createdOn < cutoff) break;
        const slug = pipeline.project_slug;
        await this.claim(
          slug,
          this.idNamed ? slug : lastSegment(slug),
          'GET /pipeline?org-slug=',
        );
      }
    } catch (err) {
      this.failures.push(`GET /pipeline?org-slug answered ${gapOrThrow(err)}`);
    }
  }

  private async fromInsights() {
    const { orgSlug } = this.options;
    try {
      const summary = await this.client.getOrganizationSummary(orgSlug);
      // all_projects is nullable in the spec; null names nothing, so the
      // pipeline listing is read instead, without a warning.
      this.names = summary.all_projects ?? undefined;
    } catch (err) {
      this.failures.push(
        `GET /insights/{org-slug}/summary answered ${gapOrThrow(err)}`,
      );
      return;
    }
    if (this.idNamed || this.names === undefined) return;
    for (const name of this.names) {
      await this.claim(
        `${orgSlug}/${name}`,
        name.toLowerCase(),
        'GET /insights/{org-slug}/summary',
      );
    }
  }
}

/** The warnings of one organization's discovery. */
export function reportDiscovery(
  context: StepContext,
  orgSlug: string,
  discovery: ProjectDiscovery,
): void {
  const unreached = discovery.unreached();
  if (unreached.length > 0) {
    publishWarning(
      context.logger,
      IntegrationWarnEventName.MissingEntity,
      `CircleCI organization ${orgSlug}: ${
        unreached.length
      } project(s) named by GET /insights/{org-slug}/summary had no pipeline in GET /pipeline?org-slug= back to the lookback cut (${listNames(
        unreached,
      )}). In circleci/<org-id> organizations a project's slug ends in an id that only the API gives, so these are not collected; a pipeline in the lookback window (or a larger circleciPipelineLookbackDays) makes them discoverable.`,
    );
  }
  const { failures, names } = discovery;
  if (failures.length === 0) return;
  let consequence: string;
  if (names === undefined && failures.length === 2) {
    consequence =
      'none of its projects, pipelines, environment variables or context restrictions are collected';
  } else if (names === undefined && discovery.pipelineListingRead) {
    consequence =
      'only the projects GET /pipeline?org-slug= names are collected (the 250 most recently built followed projects with pipelines in the lookback window)';
  } else {
    consequence = 'the projects the insights summary names are collected';
  }
  publishMissingPermission(
    context,
    `CircleCI organization ${orgSlug}: ${failures.join(
      '; ',
    )}; ${consequence}. Give the API token's user access to the organization, or remove it from circleciOrgSlugs.`,
  );
}
