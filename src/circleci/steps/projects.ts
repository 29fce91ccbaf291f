import {
  createDirectRelationship,
  Entity,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import { getStepClient } from '../client/cache';
import { CircleCIClient, isSafeSlug } from '../client/client';
import { IntegrationWarnEventName } from '@jupiterone/integration-sdk-core';
import { CircleCIProject, CircleCIProjectSettings } from '../client/types';
import { createProjectEntity } from '../converters/projects';
import { parseCircleCITime } from '../converters/time';
import {
  CircleCIEntities,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import { forEachConcurrently, WorkPool } from './pool';
import {
  accessGapStatus,
  CircleCIStepContext,
  fanOut,
  listNames,
  logRequestSummary,
} from './util';
import {
  addEntityOnce,
  addRelationshipOnce,
  isSkippableListingFailure,
  publishMissingPermission,
  publishWarning,
  runStartedOn,
  skipFailedListing,
  stringProperty,
} from '../../stepSupport';

const DAY_MS = 86_400_000;

function lastSegment(slug: string): string {
  return (slug.split('/').pop() ?? slug).toLowerCase();
}

interface ProjectResult {
  project?: CircleCIProject;
  settings?: CircleCIProjectSettings;
  settingsDenied?: string;
  missing?: string;
  /** The project's answer had the wrong shape (the error). */
  invalid?: Error;
}

async function fetchProject(
  client: CircleCIClient,
  slug: string,
): Promise<ProjectResult> {
  const result: ProjectResult = {};
  const getProject = async () => {
    try {
      result.project = await client.getProject(slug);
    } catch (err) {
      if (isSkippableListingFailure(err)) {
        result.invalid = err as Error;
        return;
      }
      if (!isHttpStatus(err, 403, 404)) throw err;
      result.missing = accessGapStatus(err);
    }
  };
  // Settings live at /project/{provider}/{organization}/{project}/settings:
  // only three-segment slugs have that form.
  const getSettings = async () => {
    if (slug.split('/').length !== 3) return;
    try {
      result.settings = await client.getProjectSettings(slug);
    } catch (err) {
      if (isSkippableListingFailure(err)) {
        result.settingsDenied = 'an answer of the wrong shape';
        return;
      }
      if (!isHttpStatus(err, 403, 404)) throw err;
      result.settingsDenied = accessGapStatus(err);
    }
  };
  await Promise.all([getProject(), getSettings()]);
  return result;
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
async function discoverProjects(
  context: CircleCIStepContext,
  client: CircleCIClient,
  options: {
    orgSlug: string;
    cutoff: number;
    concurrency: number;
    fetch: (slug: string) => Promise<CircleCIProject | undefined>;
  },
): Promise<void> {
  const { orgSlug, cutoff } = options;
  const idNamed = orgSlug.toLowerCase().startsWith('circleci/');
  const pool = new WorkPool(options.concurrency);
  const claimed = new Set<string>();
  const fetchedNames = new Set<string>();
  const failures: string[] = [];
  const claim = (slug: string, claimKey: string, endpoint: string) => {
    if (!isSafeSlug(slug) || slug.split('/').length !== 3) {
      client.ledger.record(
        endpoint,
        'naming a project unsafe in a URL path (contains "..", "/" or a control character)',
      );
      return Promise.resolve();
    }
    if (claimed.has(claimKey)) return Promise.resolve();
    claimed.add(claimKey);
    return pool.add(async () => {
      const project = await options.fetch(slug);
      if (project) fetchedNames.add(project.name.toLowerCase());
    });
  };

  let pipelineListingRead = false;
  let unreached: string[] = [];
  const fromPipelines = async () => {
    pipelineListingRead = true;
    try {
      for await (const pipeline of client.listOrganizationPipelines(orgSlug)) {
        const createdOn = parseCircleCITime(pipeline.created_at);
        if (createdOn !== undefined && createdOn < cutoff) break;
        const slug = pipeline.project_slug;
        await claim(
          slug,
          idNamed ? slug : lastSegment(slug),
          'GET /pipeline?org-slug=',
        );
      }
    } catch (err) {
      if (!isHttpStatus(err, 403, 404)) throw err;
      failures.push(`GET /pipeline?org-slug answered ${accessGapStatus(err)}`);
    }
  };
  let names: string[] | undefined;
  const fromInsights = async () => {
    try {
      const summary = await client.getOrganizationSummary(orgSlug);
      // all_projects is nullable in the spec; null names nothing, so the
      // pipeline listing is read instead (below), without a warning.
      names = summary.all_projects ?? undefined;
      if (names === undefined) return;
    } catch (err) {
      if (!isHttpStatus(err, 403, 404)) throw err;
      failures.push(
        `GET /insights/{org-slug}/summary answered ${accessGapStatus(err)}`,
      );
      return;
    }
    if (idNamed) return;
    for (const name of names) {
      await claim(
        `${orgSlug}/${name}`,
        name.toLowerCase(),
        'GET /insights/{org-slug}/summary',
      );
    }
  };
  try {
    if (idNamed) {
      await Promise.all([fromPipelines(), fromInsights()]);
      await pool.drain();
      unreached = (names ?? []).filter(
        (name) => !fetchedNames.has(name.toLowerCase()),
      );
    } else {
      await fromInsights();
      if (names === undefined) await fromPipelines();
    }
  } finally {
    await pool.drain().catch(() => undefined);
  }
  await pool.drain();

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
  if (failures.length > 0) {
    let consequence: string;
    if (names === undefined && failures.length === 2) {
      consequence =
        'none of its projects, pipelines, environment variables or context restrictions are collected';
    } else if (names === undefined && pipelineListingRead) {
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
}

export async function fetchProjects(context: CircleCIStepContext) {
  const { client, config } = getStepClient(context);
  const cutoff = runStartedOn(context) - config.pipelineLookbackDays * DAY_MS;
  const settingsDenied: string[] = [];

  const groups: Entity[] = [];
  await context.jobState.iterateEntities(
    { _type: CircleCIEntities.USER_GROUP._type },
    (group) => {
      groups.push(group);
    },
  );

  const collectProject = async (
    group: Entity,
    slug: string,
  ): Promise<CircleCIProject | undefined> => {
    const result = await fetchProject(client, slug);
    if (result.invalid) {
      skipFailedListing(context, `CircleCI project ${slug}`, result.invalid);
      return undefined;
    }
    if (result.missing) {
      publishMissingPermission(
        context,
        `CircleCI project ${slug} (organization ${String(
          group.slug,
        )}): GET /project/{project-slug} answered ${
          result.missing
        }, so the project, its pipelines and environment variables are not collected. Give the API token's user access to the project.`,
      );
      return undefined;
    }
    const project = result.project;
    if (!project) return undefined;
    if (result.settingsDenied) {
      settingsDenied.push(`${slug} (${result.settingsDenied})`);
    }
    const entity = createProjectEntity(project, result.settings);
    await addEntityOnce(context.jobState, entity);
    await addRelationshipOnce(
      context.jobState,
      createDirectRelationship({
        _class: RelationshipClass.HAS,
        from: group,
        to: entity,
      }),
    );
    return project;
  };

  // Organizations side by side; unlike Promise.all, a failure in one still
  // waits for the others' requests in flight before it is rethrown.
  await forEachConcurrently(
    groups,
    Math.max(1, groups.length),
    async (group) => {
      const orgSlug = stringProperty(group, 'slug');
      if (!orgSlug) return;
      await discoverProjects(context, client, {
        orgSlug,
        cutoff,
        concurrency: fanOut(config.concurrency),
        fetch: (slug) => collectProject(group, slug),
      });
    },
  );

  if (settingsDenied.length > 0) {
    publishMissingPermission(
      context,
      `CircleCI project settings could not be read for ${
        settingsDenied.length
      } project(s): ${listNames(
        settingsDenied,
      )}. Those projects are collected without their security settings (e.g. forksReceiveSecretEnvVars). Reading settings needs an API token of a user with admin access to the project.`,
    );
  }
  logRequestSummary(context, client.transport);
}

export const projectSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...CircleCISteps.PROJECTS,
    entities: [CircleCIEntities.PROJECT],
    relationships: [CircleCIRelationships.USER_GROUP_HAS_PROJECT],
    dependsOn: [CircleCISteps.USER_GROUPS.id],
    executionHandler: fetchProjects,
  },
];
