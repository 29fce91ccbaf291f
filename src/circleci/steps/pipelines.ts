import {
  addChildOnce,
  addChildren,
  declareStep,
  runStartedOn,
  StepContext,
} from '../../steps';
import { getStepClient } from '../client/cache';
import {
  createJobEntity,
  createPipelineEntity,
  createWorkflowEntity,
} from '../converters/pipeline';
import { parseCircleCITime } from '../converters/time';
import {
  CircleCIEntities as E,
  CircleCIIngestionSourceIds,
  CircleCIRelationships as R,
  CircleCISteps,
} from '../metadata';
import { forEachCircleCIParent } from './common';
import { collectedProjects, collectedRuns } from './parents';
import { pipelineWindow } from './pipelineWindow';

/**
 * Pipelines of every project, newest first, back to the window start: the
 * lookback cut (circleciPipelineLookbackDays before the run started) on the
 * first run, the last successful run's start minus an overlap on later ones
 * (pipelineWindow.ts). CircleCI keeps pipeline history without limit, so the
 * window is what bounds the run; the first pipeline older than the cut ends
 * that project's listing (no further page is requested).
 */
export async function fetchPipelines(context: StepContext) {
  const { config } = getStepClient(context);
  const window = pipelineWindow({
    now: runStartedOn(context),
    lastSuccessfulStartedOn:
      context.executionHistory?.lastSuccessful?.startedOn,
    lookbackDays: config.pipelineLookbackDays,
    fullRun: config.fullRun,
  });
  const cutoff = window.since;
  context.logger.info(
    { since: new Date(cutoff).toISOString(), incremental: window.incremental },
    window.incremental
      ? 'Collecting CircleCI pipelines created since the last successful run (minus the overlap); earlier ones stay in the graph'
      : 'Collecting CircleCI pipelines of the whole lookback window',
  );
  await forEachCircleCIParent(context, collectedProjects, {
    what: 'pipelines',
    endpoint: 'GET /project/{project-slug}/pipeline',
    consequence:
      "Their pipelines, workflows and jobs are not collected; everything else is. Give the API token's user access to those projects.",
    visit: async (project, ref, client) => {
      for await (const pipeline of client.listProjectPipelines(ref.slug)) {
        const createdOn = parseCircleCITime(pipeline.created_at);
        if (createdOn !== undefined && createdOn < cutoff) break;
        await addChildOnce(
          context.jobState,
          project,
          createPipelineEntity(pipeline),
        );
      }
    },
  });
}

/**
 * The children of a pipeline or workflow: a parent that answers 403/404 was
 * deleted since it was listed, or is not readable.
 */
const notReadable = (children: string) =>
  `Their ${children} are not collected (deleted since they were listed, or not readable by the API token's user); everything else is.`;

/** Workflows of every collected pipeline, many pipelines at a time. */
export function fetchWorkflows(context: StepContext) {
  return forEachCircleCIParent(context, collectedRuns('pipeline'), {
    what: 'workflows and jobs',
    endpoint: 'GET /pipeline/{pipeline-id}/workflow',
    consequence: notReadable('workflows and jobs'),
    visit: (pipeline, pipelineId, client) =>
      addChildren(
        context.jobState,
        pipeline,
        client.listPipelineWorkflows(pipelineId),
        createWorkflowEntity,
      ),
  });
}

/** Jobs of every collected workflow, many workflows at a time. */
export function fetchJobs(context: StepContext) {
  return forEachCircleCIParent(context, collectedRuns('workflow'), {
    what: 'jobs',
    endpoint: 'GET /workflow/{id}/job',
    consequence: notReadable('jobs'),
    visit: (workflow, id, client) =>
      addChildren(
        context.jobState,
        workflow,
        client.listWorkflowJobs(id),
        (job) => createJobEntity(job, { id }),
      ),
  });
}

const source = CircleCIIngestionSourceIds.PIPELINES;

export const pipelineSteps = [
  declareStep(CircleCISteps.PIPELINES, fetchPipelines, {
    writes: [E.PIPELINE, R.PROJECT_HAS_PIPELINE],
    after: [CircleCISteps.PROJECTS],
    source,
  }),
  declareStep(CircleCISteps.WORKFLOWS, fetchWorkflows, {
    writes: [E.WORKFLOW, R.PIPELINE_HAS_WORKFLOW],
    after: [CircleCISteps.PIPELINES],
    source,
  }),
  declareStep(CircleCISteps.JOBS, fetchJobs, {
    writes: [E.JOB, R.WORKFLOW_HAS_JOB],
    after: [CircleCISteps.WORKFLOWS],
    source,
  }),
];
