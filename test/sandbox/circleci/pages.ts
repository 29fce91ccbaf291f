/**
 * How many pages each CircleCI list needs for a dataset at a given page size:
 * the floor under what any complete client must request, for the benchmark
 * ("requests made" against "requests needed") and exact-count tests.
 *
 * Pipeline lists are newest first; a client with a lookback window can stop
 * after the page holding the first pipeline older than the cut, so those
 * lists count only the pages up to it, and workflows and jobs only of the
 * pipelines inside the window.
 */
import { DAY_MS } from './builder';
import { PROJECT_LISTINGS } from './listings/registry';
import { CircleCIData, CircleCIPipeline } from './types';

export interface CircleCIPageOptions {
  pageSize: number;
  referenceTime: number;
  lookbackDays: number;
  /** As the simulator's option of the same name (default 250). */
  pipelineOrgProjectLimit?: number;
}

function pages(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

/** Pages of a newest-first list read until the first item older than the cut. */
function pagesUntilCut(
  pipelines: readonly CircleCIPipeline[],
  cutoff: number,
  pageSize: number,
): number {
  const inWindow = pipelines.filter(
    (p) => Date.parse(p.created_at) >= cutoff,
  ).length;
  if (inWindow === pipelines.length) return pages(pipelines.length, pageSize);
  return Math.floor(inWindow / pageSize) + 1;
}

/** Pages per list endpoint label (`GET /workflow/{id}/job`: 57, …) plus `total`. */
export function circleciListPages(
  data: CircleCIData,
  options: CircleCIPageOptions,
): Record<string, number> {
  const { pageSize } = options;
  const cutoff = options.referenceTime - options.lookbackDays * DAY_MS;
  const limit = options.pipelineOrgProjectLimit ?? 250;
  const byProject = new Map<string, CircleCIPipeline[]>();
  for (const pipeline of data.pipelines) {
    const list = byProject.get(pipeline.project_slug) ?? [];
    list.push(pipeline);
    byProject.set(pipeline.project_slug, list);
  }
  const workflowsByPipeline = new Map<string, number>();
  for (const workflow of data.workflows) {
    workflowsByPipeline.set(
      workflow.pipeline_id,
      (workflowsByPipeline.get(workflow.pipeline_id) ?? 0) + 1,
    );
  }
  const jobsByWorkflow = new Map<string, number>();
  for (const { workflowId } of data.jobs) {
    jobsByWorkflow.set(workflowId, (jobsByWorkflow.get(workflowId) ?? 0) + 1);
  }

  let orgPipelinePages = 0;
  for (const org of data.collaborations) {
    const listed = data.projects
      .filter((p) => p.followed && p.project.organization_id === org.id)
      .map((p) => byProject.get(p.project.slug) ?? [])
      .filter((list) => list.length > 0)
      .sort((a, b) => b[0].created_at.localeCompare(a[0].created_at))
      .slice(0, limit)
      .flat()
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    orgPipelinePages += pagesUntilCut(listed, cutoff, pageSize);
  }

  let projectPipelinePages = 0;
  // Per-project listings (listings/registry.ts): a forbidden listing is
  // the one request that answers 403.
  const listingPages: Record<string, number> = {};
  for (const listing of PROJECT_LISTINGS) {
    listingPages[listing.endpoint] = data.projects.reduce(
      (n, record) => n + pages(listing.records(record).length, pageSize),
      0,
    );
  }
  for (const record of data.projects) {
    const list = byProject.get(record.project.slug) ?? [];
    projectPipelinePages += pagesUntilCut(list, cutoff, pageSize);
  }

  const recent = data.pipelines.filter(
    (p) => Date.parse(p.created_at) >= cutoff,
  );
  const recentIds = new Set(recent.map((p) => p.id));
  let workflowPages = 0;
  for (const pipeline of recent) {
    workflowPages += pages(workflowsByPipeline.get(pipeline.id) ?? 0, pageSize);
  }
  let jobPages = 0;
  for (const workflow of data.workflows) {
    if (!recentIds.has(workflow.pipeline_id)) continue;
    jobPages += pages(jobsByWorkflow.get(workflow.id) ?? 0, pageSize);
  }

  let contextPages = 0;
  for (const org of data.collaborations) {
    const count = data.contexts.filter((c) => c.ownerId === org.id).length;
    contextPages += pages(count, pageSize);
  }
  const contextEnvVarPages = data.contexts.reduce(
    (n, c) => n + pages(c.envVars.length, pageSize),
    0,
  );
  const restrictionPages = data.contexts.reduce(
    (n, c) => n + pages(c.restrictions.length, pageSize),
    0,
  );

  const result: Record<string, number> = {
    'GET /pipeline': orgPipelinePages,
    'GET /project/{project-slug}/pipeline': projectPipelinePages,
    'GET /pipeline/{pipeline-id}/workflow': workflowPages,
    'GET /workflow/{id}/job': jobPages,
    'GET /context': contextPages,
    'GET /context/{context_id}/environment-variable': contextEnvVarPages,
    'GET /context/{context_id}/restrictions': restrictionPages,
    ...listingPages,
  };
  result.total = Object.values(result).reduce((a, b) => a + b, 0);
  return result;
}
