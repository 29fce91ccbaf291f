import {
  createDirectRelationship,
  Entity,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import { getStepClient } from '../client/cache';
import { CircleCIClient } from '../client/client';
import { CircleCIProject, CircleCIProjectSettings } from '../client/types';
import { createProjectEntity } from '../converters/projects';
import { parseCircleCITime } from '../converters/time';
import {
  CircleCIEntities,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import { forEachConcurrently } from './pool';
import {
  addEntityOnce,
  addRelationshipOnce,
  CircleCIStepContext,
  fanOut,
  listNames,
  logRequestSummary,
  publishMissingPermission,
  runStartedOn,
  stringProperty,
} from './util';

const DAY_MS = 86_400_000;

function statusOf(err: unknown): string {
  return isHttpStatus(err, 403) ? '403 Forbidden' : '404 Not Found';
}

function lastSegment(slug: string): string {
  return (slug.split('/').pop() ?? slug).toLowerCase();
}

interface Discovery {
  /** Slugs of projects that had pipelines since the lookback cut. */
  pipelineSlugs: Set<string>;
  /** Every project name of the organization (insights), or undefined. */
  allProjectNames?: string[];
  failures: string[];
}

/**
 * API v2 has no list-projects endpoint (the v1.1 followed-projects list is
 * outside the v2 API this package speaks). Two v2 sources together find
 * every project:
 *  - `GET /pipeline?org-slug=` gives real project slugs, but only for the
 *    250 most recently built followed projects; it is read newest first and
 *    only back to the lookback cut, because older pipelines are not
 *    collected and a project with none is still named by the next source;
 *  - `GET /insights/{org-slug}/summary` `all_projects` names every project
 *    of the organization (names only: the slug is `<org-slug>/<name>`).
 */
async function discoverProjects(
  client: CircleCIClient,
  orgSlug: string,
  cutoff: number,
): Promise<Discovery> {
  const discovery: Discovery = { pipelineSlugs: new Set(), failures: [] };
  const fromPipelines = async () => {
    try {
      for await (const pipeline of client.listOrganizationPipelines(orgSlug)) {
        const createdOn = parseCircleCITime(pipeline.created_at);
        if (createdOn !== undefined && createdOn < cutoff) break;
        discovery.pipelineSlugs.add(pipeline.project_slug);
      }
    } catch (err) {
      if (!isHttpStatus(err, 403, 404)) throw err;
      discovery.failures.push(`GET /pipeline?org-slug answered ${statusOf(err)}`);
    }
  };
  const fromInsights = async () => {
    try {
      const summary = await client.getOrganizationSummary(orgSlug);
      discovery.allProjectNames = summary.all_projects ?? [];
    } catch (err) {
      if (!isHttpStatus(err, 403, 404)) throw err;
      discovery.failures.push(
        `GET /insights/{org-slug}/summary answered ${statusOf(err)}`,
      );
    }
  };
  await Promise.all([fromPipelines(), fromInsights()]);
  return discovery;
}

interface ProjectResult {
  project?: CircleCIProject;
  settings?: CircleCIProjectSettings;
  settingsDenied?: string;
  missing?: string;
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
      if (!isHttpStatus(err, 403, 404)) throw err;
      result.missing = statusOf(err);
    }
  };
  // Settings live at /project/{provider}/{organization}/{project}/settings:
  // only three-segment slugs have that form.
  const getSettings = async () => {
    if (slug.split('/').length !== 3) return;
    try {
      result.settings = await client.getProjectSettings(slug);
    } catch (err) {
      if (!isHttpStatus(err, 403, 404)) throw err;
      result.settingsDenied = statusOf(err);
    }
  };
  await Promise.all([getProject(), getSettings()]);
  return result;
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
    await addEntityOnce(context, entity);
    await addRelationshipOnce(
      context,
      createDirectRelationship({
        _class: RelationshipClass.HAS,
        from: group,
        to: entity,
      }),
    );
    return project;
  };

  await forEachConcurrently(groups, groups.length || 1, async (group) => {
    const orgSlug = stringProperty(group, 'slug');
    if (!orgSlug) return;
    const discovery = await discoverProjects(client, orgSlug, cutoff);
    if (discovery.failures.length > 0) {
      const nothing =
        discovery.failures.length === 2
          ? 'none of its projects, pipelines, environment variables or context restrictions are collected'
          : 'projects the other source names are still collected';
      publishMissingPermission(
        context,
        `CircleCI organization ${orgSlug}: ${discovery.failures.join(
          '; ',
        )}; ${nothing}. Give the API token's user access to the organization, or remove it from circleciOrgSlugs.`,
      );
    }
    const names = discovery.allProjectNames ?? [];
    const knownLast = new Set(
      [...discovery.pipelineSlugs].map((slug) => lastSegment(slug)),
    );
    // In VCS-named orgs (gh/..., bb/...) a slug ends with the project name;
    // in `circleci/<org-id>` orgs it ends with an id, so insights names are
    // matched against the fetched projects' names first.
    const idNamed = orgSlug.toLowerCase().startsWith('circleci/');
    const derived = idNamed
      ? []
      : names
          .filter((name) => !knownLast.has(name.toLowerCase()))
          .map((name) => `${orgSlug}/${name}`);
    const fetchedNames = new Set<string>();
    await forEachConcurrently(
      [...discovery.pipelineSlugs, ...derived],
      fanOut(config.concurrency),
      async (slug) => {
        const project = await collectProject(group, slug);
        if (project) fetchedNames.add(project.name.toLowerCase());
      },
    );
    if (idNamed) {
      await forEachConcurrently(
        names
          .filter((name) => !fetchedNames.has(name.toLowerCase()))
          .map((name) => `${orgSlug}/${name}`),
        fanOut(config.concurrency),
        async (slug) => {
          await collectProject(group, slug);
        },
      );
    }
  });

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
