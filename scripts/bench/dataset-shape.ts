/**
 * Reads the counts `minimum-requests.ts` needs straight from the sandbox's
 * generated data (the same records the simulators serve), relative to the
 * run's start and the integration's lookback windows. Nothing here looks at
 * what the integration requested.
 */
import { SandboxDataset } from '../../test/sandbox/datasets';
import { DataIndex, indexData } from '../../test/sandbox/bitbucket/data-index';
import {
  endpointOf,
  ownerKey,
} from '../../test/sandbox/bitbucket/listings/listing';
import { CHILD_LISTINGS } from '../../test/sandbox/bitbucket/listings/registry';
import { effectivePermissions } from '../../test/sandbox/bitbucket/effective-access';
import { projectListingEndpoint } from '../../test/sandbox/circleci/listings/listing';
import { PROJECT_LISTINGS } from '../../test/sandbox/circleci/listings/registry';
import { PROJECT_SCHEDULES } from '../../test/sandbox/circleci/listings/schedules';
import { CircleCIPipeline } from '../../test/sandbox/circleci/types';
import { BbPullRequest } from '../../test/sandbox/bitbucket/model';
import { repositoryActivityLog } from '../../test/sandbox/bitbucket/repository-activity';
import { measureRepo } from './bitbucket-repo-endpoints';
import {
  BitbucketShape,
  CircleCIShape,
  DatasetShape,
} from './minimum-requests';

const DAY_MS = 86_400_000;

export interface ShapeOptions {
  /** The run's start (executionHistory.current.startedOn). */
  now: number;
  circleciPipelineLookbackDays: number;
  bitbucketPullRequestLookbackDays: number;
  /** `GET /pipeline?org-slug=` project limit (the sandbox's option, 250). */
  pipelineOrgProjectLimit: number;
  /** OAuth consumers in the Bitbucket config. */
  bitbucketOauthConsumers: number;
  /**
   * An incremental run's window starts (epoch ms), replacing the lookback
   * cuts: pipelines created since, PRs updated since.
   */
  circleciPipelinesSince?: number;
  bitbucketPullRequestsSince?: number;
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

export function circleciShape(
  dataset: SandboxDataset,
  options: ShapeOptions,
): CircleCIShape {
  const data = dataset.circleci;
  const cutoff =
    options.circleciPipelinesSince ??
    options.now - options.circleciPipelineLookbackDays * DAY_MS;
  const inWindow = (p: CircleCIPipeline) => Date.parse(p.created_at) >= cutoff;
  const byProject = new Map<string, CircleCIPipeline[]>();
  for (const pipeline of data.pipelines) {
    const list = byProject.get(pipeline.project_slug) ?? [];
    list.push(pipeline);
    byProject.set(pipeline.project_slug, list);
  }
  const orgs = data.collaborations.map((org) => {
    // What the simulator's GET /pipeline?org-slug= lists: followed
    // projects, the most recently built ones up to the limit, newest first.
    const listed = data.projects
      .filter((p) => p.followed && p.project.organization_id === org.id)
      .map((p) => byProject.get(p.project.slug) ?? [])
      .filter((list) => list.length > 0)
      .sort((a, b) => b[0].created_at.localeCompare(a[0].created_at))
      .slice(0, options.pipelineOrgProjectLimit)
      .flat();
    return {
      idNamed: org.slug.toLowerCase().startsWith('circleci/'),
      orgPipelinesListed: listed.length,
      orgPipelinesInWindow: listed.filter(inWindow).length,
      contexts: data.contexts
        .filter((c) => c.ownerId === org.id)
        .map((c) => ({
          envVars: c.envVars.length,
          restrictions: c.restrictions.length,
        })),
      hasId: Boolean(org.id),
      deployEnvironments: data.deploys.environments.filter(
        (e) => e.orgId === org.id,
      ).length,
      deployComponents: data.deploys.components.filter(
        (c) => c.orgId === org.id,
      ).length,
    };
  });
  const projects = data.projects.map((record) => {
    const list = byProject.get(record.project.slug) ?? [];
    return {
      threeSegmentSlug: record.project.slug.split('/').length === 3,
      pipelines: list.length,
      pipelinesInWindow: list.filter(inWindow).length,
      listings: Object.fromEntries(
        PROJECT_LISTINGS.map((listing) => [
          projectListingEndpoint(listing),
          listing.records(record).length,
        ]),
      ),
    };
  });
  const recentPipelineIds = new Set(
    data.pipelines.filter(inWindow).map((p) => p.id),
  );
  const recentWorkflows = data.workflows.filter((w) =>
    recentPipelineIds.has(w.pipeline_id),
  );
  const workflowsByPipeline = countBy(recentWorkflows, (w) => w.pipeline_id);
  const recentWorkflowIds = new Set(recentWorkflows.map((w) => w.id));
  const recentJobs = data.jobs.filter((r) =>
    recentWorkflowIds.has(r.workflowId),
  );
  const jobsByWorkflow = countBy(recentJobs, (r) => r.workflowId);
  const users = new Set<string>();
  for (const w of recentWorkflows) {
    users.add(w.started_by);
    if (w.canceled_by) users.add(w.canceled_by);
  }
  for (const { job } of recentJobs) {
    if (job.approved_by) users.add(job.approved_by);
    if (job.canceled_by) users.add(job.canceled_by);
  }
  users.delete(data.me.id);
  users.delete('');
  // Schedule actors arrive whole with their schedule: no lookup.
  for (const record of data.projects) {
    for (const schedule of PROJECT_SCHEDULES.records(record)) {
      users.delete(schedule.actor.id);
    }
  }
  return {
    orgs,
    projects,
    workflowsPerPipelineInWindow: [...recentPipelineIds].map(
      (id) => workflowsByPipeline.get(id) ?? 0,
    ),
    jobsPerWorkflowInWindow: recentWorkflows.map(
      (w) => jobsByWorkflow.get(w.id) ?? 0,
    ),
    referencedUsers: users.size,
    versionsPerComponent: data.deploys.components.map(
      ({ component }) =>
        data.deploys.versions.filter((v) => v.componentId === component.id)
          .length,
    ),
    livePipelinesOutsideWindow: new Set(
      data.deploys.versions
        .filter(
          ({ version }) =>
            version.is_live && !recentPipelineIds.has(version.pipeline_id),
        )
        .map(({ version }) => version.pipeline_id),
    ).size,
  };
}

/**
 * The repository's activity stream as the sandbox serves it, cut at the
 * first entry older than the oldest creation among the PRs in the window.
 */
function activityStream(
  pullRequests: BbPullRequest[],
  since: number,
): { listed: number; beforeCut: number } {
  const log = repositoryActivityLog(pullRequests);
  const created = pullRequests
    .filter((pr) => pr.updatedOn >= since)
    .map((pr) => pr.createdOn);
  if (created.length === 0) return { listed: log.length, beforeCut: 0 };
  const cut = Math.min(...created);
  const first = log.findIndex(({ entry }) => entry.date < cut);
  return {
    listed: log.length,
    beforeCut: first === -1 ? log.length : first,
  };
}

/**
 * Items of each workspace and project child listing of one workspace
 * (test/sandbox/bitbucket/listings), one count per owner.
 */
function workspaceListings(
  index: DataIndex,
  workspaceSlug: string,
): Record<string, number[]> {
  const projects = index.projectsByWorkspace.get(workspaceSlug) ?? [];
  const count = (path: string, key: string) =>
    index.listings.get(path)?.get(key)?.length ?? 0;
  const listings: Record<string, number[]> = {};
  for (const route of CHILD_LISTINGS.flatMap((l) => l.routes)) {
    if (route.owner === 'workspace') {
      listings[endpointOf(route)] = [
        count(route.path, ownerKey.workspace(workspaceSlug)),
      ];
    } else if (route.owner === 'project') {
      listings[endpointOf(route)] = projects.map((p) =>
        count(route.path, ownerKey.project(workspaceSlug, p.key)),
      );
    }
  }
  return listings;
}

export function bitbucketShape(
  dataset: SandboxDataset,
  options: ShapeOptions,
): BitbucketShape {
  const data = dataset.bitbucket;
  const since =
    options.bitbucketPullRequestsSince ??
    options.now - options.bitbucketPullRequestLookbackDays * DAY_MS;
  const commitHashes = new Set(data.commits.map((c) => c.hash));
  const index = indexData(data);
  return {
    oauthConsumers: options.bitbucketOauthConsumers,
    workspaces: data.workspaces.map((workspace) => ({
      members: data.memberships.filter(
        (m) => m.workspaceSlug === workspace.slug,
      ).length,
      projects: data.projects.filter((p) => p.workspaceSlug === workspace.slug)
        .length,
      projectPermissions: data.projects
        .filter((p) => p.workspaceSlug === workspace.slug)
        .map((project) => ({
          adminForbidden: project.adminForbidden ?? false,
          userPermissions: project.userPermissions?.length ?? 0,
          groupPermissions: project.groupPermissions?.length ?? 0,
        })),
      effectiveListingForbidden:
        workspace.repositoryPermissionsForbidden ?? false,
      effectiveWriteGrants: data.repos
        .filter((r) => r.workspaceSlug === workspace.slug)
        .reduce(
          (total, repo) =>
            total +
            [...effectivePermissions(index, repo).values()].filter(
              (level) => level !== 'read',
            ).length,
          0,
        ),
      listings: workspaceListings(index, workspace.slug),
      repos: data.repos
        .filter((r) => r.workspaceSlug === workspace.slug)
        .map((repo) => ({
          ...measureRepo(repo, { data, index, since }),
          pullRequestsInWindow: data.pullRequests
            .filter((pr) => pr.repoUuid === repo.uuid && pr.updatedOn >= since)
            .map((pr) => ({
              activity: pr.activity.length,
              commits: pr.commitHashes.filter((h) => commitHashes.has(h))
                .length,
            })),
          activityStream: activityStream(
            index.pullRequestsByRepo.get(repo.uuid) ?? [],
            since,
          ),
        })),
    })),
  };
}

export function datasetShape(
  dataset: SandboxDataset,
  options: ShapeOptions,
): DatasetShape {
  return {
    circleci: circleciShape(dataset, options),
    bitbucket: bitbucketShape(dataset, options),
  };
}
