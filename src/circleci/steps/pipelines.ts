import {
  addChildOnce,
  addChildren,
  runStartedOn,
  StepContext,
  StepHandlers,
} from '../../steps';
import { getStepClient } from '../client/cache';
import {
  createJobEntity,
  createPipelineEntity,
  createWorkflowEntity,
} from '../converters/pipeline';
import { parseCircleCITime } from '../converters/time';
import { CircleCISteps } from '../metadata';
import { forEachCircleCIParent } from './common';
import { CircleCIListings } from './listings';
import { pipelineWindow } from './pipelineWindow';
import {
  pipelineWorkflows,
  projectPipelines,
  workflowJobs,
} from '../client/responses/pipelines';

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
  const { pipelines } = CircleCIListings;
  await forEachCircleCIParent(context, pipelines, async (project, ref, c) => {
    for await (const pipeline of c.list(projectPipelines, [ref.slug])) {
      const createdOn = parseCircleCITime(pipeline.created_at);
      if (createdOn !== undefined && createdOn < cutoff) break;
      await addChildOnce(
        context.jobState,
        project,
        createPipelineEntity(pipeline),
      );
    }
  });
}

/** Workflows of every collected pipeline, many pipelines at a time. */
export function fetchWorkflows(context: StepContext) {
  return forEachCircleCIParent(
    context,
    CircleCIListings.workflows,
    (pipeline, id, client) =>
      addChildren(
        context.jobState,
        pipeline,
        client.list(pipelineWorkflows, [id]),
        createWorkflowEntity,
      ),
  );
}

/** Jobs of every collected workflow, many workflows at a time. */
export function fetchJobs(context: StepContext) {
  const { jobs } = CircleCIListings;
  return forEachCircleCIParent(context, jobs, (workflow, id, client) =>
    addChildren(
      context.jobState,
      workflow,
      client.list(workflowJobs, [id]),
      (job) => createJobEntity(job, { id }),
    ),
  );
}

export const pipelineHandlers = {
  PIPELINES: fetchPipelines,
  WORKFLOWS: fetchWorkflows,
  JOBS: fetchJobs,
} satisfies StepHandlers<typeof CircleCISteps>;
