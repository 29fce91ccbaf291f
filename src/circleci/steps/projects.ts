import { Entity } from '@jupiterone/integration-sdk-core';
import { getStepClient } from '../client/cache';
import { CircleCIClient } from '../client/client';
import { CircleCIOidcCustomClaims } from '../client/responses/controls';
import { CircleCIProjectSettings } from '../client/responses/projectSettings';
import { CircleCIProject } from '../client/responses/projects';
import { createProjectEntity } from '../converters/project';
import { readUserGroupSlug } from '../converters/userGroup';
import { CircleCIEntities as E, CircleCISteps } from '../metadata';
import {
  addChildOnce,
  fanOutFor,
  forEachLimited,
  isSkippableListingFailure,
  listNames,
  lookbackCutoff,
  publishMissingPermission,
  skipFailedListing,
  StepContext,
  StepHandlers,
} from '../../steps';
import { logCircleCIRequests } from './common';
import { publishUnavailableControls, readControl } from './controls';
import {
  gapOrThrow,
  ProjectDiscovery,
  reportDiscovery,
} from './projectDiscovery';

interface ProjectResult {
  project?: CircleCIProject;
  settings?: CircleCIProjectSettings;
  oidcClaims?: CircleCIOidcCustomClaims;
  oidcClaimsDenied?: string;
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
      if (isSkippableListingFailure(err)) result.invalid = err as Error;
      else result.missing = gapOrThrow(err);
    }
  };
  // Settings live at /project/{provider}/{organization}/{project}/settings:
  // only three-segment slugs have that form.
  const getSettings = async () => {
    if (slug.split('/').length !== 3) return;
    try {
      result.settings = await client.getProjectSettings(slug);
    } catch (err) {
      result.settingsDenied = isSkippableListingFailure(err)
        ? 'an answer of the wrong shape'
        : gapOrThrow(err);
    }
  };
  await Promise.all([getProject(), getSettings()]);
  // Project-level OIDC claims are addressed by org and project id, which
  // only the project's answer gives.
  const project = result.project;
  if (project?.organization_id && project.id) {
    result.oidcClaims = await readControl(
      () =>
        client.getProjectOidcCustomClaims(project.organization_id, project.id),
      (reason) => (result.oidcClaimsDenied = reason),
    );
  }
  return result;
}

/**
 * Fetches one discovered project (and its settings) and adds it under its
 * organization; undefined when it could not be read (one warning).
 */
async function collectProject(
  context: StepContext,
  client: CircleCIClient,
  group: { entity: Entity; slug: string },
  slug: string,
  settingsDenied: string[],
  claimsDenied: string[],
): Promise<CircleCIProject | undefined> {
  const result = await fetchProject(client, slug);
  if (result.invalid) {
    skipFailedListing(context, `CircleCI project ${slug}`, result.invalid);
    return undefined;
  }
  if (result.missing) {
    publishMissingPermission(
      context,
      `CircleCI project ${slug} (organization ${group.slug}): GET /project/{project-slug} answered ${result.missing}, so the project, its pipelines and environment variables are not collected. Give the API token's user access to the project.`,
    );
    return undefined;
  }
  const project = result.project;
  if (!project) return undefined;
  if (result.settingsDenied) {
    settingsDenied.push(`${slug} (${result.settingsDenied})`);
  }
  if (result.oidcClaimsDenied) {
    claimsDenied.push(
      `${slug} OIDC custom claims (${result.oidcClaimsDenied})`,
    );
  }
  await addChildOnce(
    context.jobState,
    group.entity,
    createProjectEntity(project, result.settings, result.oidcClaims),
  );
  return project;
}

export async function fetchProjects(context: StepContext) {
  const { client, config } = getStepClient(context);
  const cutoff = lookbackCutoff(context, config.pipelineLookbackDays);
  const settingsDenied: string[] = [];
  const claimsDenied: string[] = [];
  const groups: Entity[] = [];
  await context.jobState.iterateEntities(
    { _type: E.USER_GROUP._type },
    (group) => {
      groups.push(group);
    },
  );
  // Organizations side by side; a failure in one still waits for the
  // others' requests in flight before it is rethrown.
  await forEachLimited(groups, Math.max(1, groups.length), async (entity) => {
    const orgSlug = readUserGroupSlug(entity);
    if (!orgSlug) return;
    const group = { entity, slug: orgSlug };
    const discovery = new ProjectDiscovery(client, {
      orgSlug,
      cutoff,
      concurrency: fanOutFor(config.concurrency),
      fetch: (slug) =>
        collectProject(
          context,
          client,
          group,
          slug,
          settingsDenied,
          claimsDenied,
        ),
    });
    await discovery.run();
    reportDiscovery(context, orgSlug, discovery);
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
  publishUnavailableControls(
    context,
    'project',
    claimsDenied,
    'Those projects are collected with oidcClaimsAvailable: false, never as not customised.',
  );
  logCircleCIRequests(context, client);
}

export const projectHandlers = {
  PROJECTS: fetchProjects,
} satisfies StepHandlers<typeof CircleCISteps>;
