import { Entity, IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { getStepClient } from '../client/cache';
import { CircleCIClient } from '../client/client';
import {
  createJobEntity,
  createPipelineEntity,
  createWorkflowEntity,
} from '../converters/pipeline';
import { parseCircleCITime } from '../converters/time';
import {
  CircleCIEntities,
  CircleCIIngestionSourceIds,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import {
  AccessGaps,
  addChildOnce,
  describeGaps,
  FanOut,
  fanOutFor,
  forEachLimited,
  runInPool,
  runStartedOn,
  StepContext,
  stringProperty,
  declareStep,
} from '../../steps';
import { readProjectRef } from '../converters/project';
import { logCircleCIRequests } from './common';
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
  const { client, config } = getStepClient(context);
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
  const projects: Entity[] = [];
  await context.jobState.iterateEntities(
    { _type: CircleCIEntities.PROJECT._type },
    (project) => {
      projects.push(project);
    },
  );
  const gaps = new AccessGaps(context, 'pipelines');
  await forEachLimited(
    projects,
    fanOutFor(config.concurrency),
    async (project) => {
      const ref = readProjectRef(project);
      if (!ref) return;
      await gaps.attempt(`CircleCI project ${ref.slug}`, async () => {
        for await (const pipeline of client.listProjectPipelines(ref.slug)) {
          const createdOn = parseCircleCITime(pipeline.created_at);
          if (createdOn !== undefined && createdOn < cutoff) break;
          await addChildOnce(
            context.jobState,
            project,
            createPipelineEntity(pipeline),
          );
        }
      });
    },
  );
  gaps.publish(
    (found) =>
      `CircleCI GET /project/{project-slug}/pipeline could not be read for ${
        found.length
      } project(s): ${describeGaps(
        found,
      )}. Their pipelines, workflows and jobs are not collected; everything else is. Give the API token's user access to those projects.`,
  );
  logCircleCIRequests(context, client);
}

/**
 * Lists the children of every collected parent (pipelines -> workflows,
 * workflows -> jobs), many parents at a time. A parent that answers 403/404
 * (deleted since it was listed, or not readable) is skipped and named in one
 * warn event for the step; any other failure fails the step.
 */
async function collectChildren<T>(
  context: StepContext,
  options: {
    parentType: string;
    parentName: string;
    childrenName: string;
    endpoint: string;
    list: (client: CircleCIClient, parentId: string) => AsyncIterable<T>;
    convert: (child: T, parentId: string) => Entity;
  },
) {
  const { client, config } = getStepClient(context);
  const gaps = new AccessGaps(context, options.childrenName);
  const pool = new FanOut(fanOutFor(config.concurrency));
  await runInPool(pool, () =>
    context.jobState.iterateEntities({ _type: options.parentType }, (parent) =>
      pool.add(async () => {
        const parentId = stringProperty(parent, 'id');
        if (!parentId) return;
        await gaps.attempt(
          `CircleCI ${options.parentName} ${parentId}`,
          async () => {
            for await (const child of options.list(client, parentId)) {
              await addChildOnce(
                context.jobState,
                parent,
                options.convert(child, parentId),
              );
            }
          },
        );
      }),
    ),
  );
  gaps.publish(
    (found) =>
      `CircleCI ${options.endpoint} could not be read for ${found.length} ${
        options.parentName
      }(s): ${describeGaps(found)}. Their ${
        options.childrenName
      } are not collected (deleted since they were listed, or not readable by the API token's user); everything else is.`,
  );
  logCircleCIRequests(context, client);
}

/** Workflows of every collected pipeline, many pipelines at a time. */
export function fetchWorkflows(context: StepContext) {
  return collectChildren(context, {
    parentType: CircleCIEntities.PIPELINE._type,
    parentName: 'pipeline',
    childrenName: 'workflows and jobs',
    endpoint: 'GET /pipeline/{pipeline-id}/workflow',
    list: (client, pipelineId) => client.listPipelineWorkflows(pipelineId),
    convert: (workflow) => createWorkflowEntity(workflow),
  });
}

/** Jobs of every collected workflow, many workflows at a time. */
export function fetchJobs(context: StepContext) {
  return collectChildren(context, {
    parentType: CircleCIEntities.WORKFLOW._type,
    parentName: 'workflow',
    childrenName: 'jobs',
    endpoint: 'GET /workflow/{id}/job',
    list: (client, workflowId) => client.listWorkflowJobs(workflowId),
    convert: (job, workflowId) => createJobEntity(job, { id: workflowId }),
  });
}

const source = CircleCIIngestionSourceIds.PIPELINES;

export const pipelineSteps: IntegrationStep<IntegrationConfig>[] = [
  declareStep(CircleCISteps.PIPELINES, fetchPipelines, {
    writes: [
      CircleCIEntities.PIPELINE,
      CircleCIRelationships.PROJECT_HAS_PIPELINE,
    ],
    after: [CircleCISteps.PROJECTS],
    source: source,
  }),
  declareStep(CircleCISteps.WORKFLOWS, fetchWorkflows, {
    writes: [
      CircleCIEntities.WORKFLOW,
      CircleCIRelationships.PIPELINE_HAS_WORKFLOW,
    ],
    after: [CircleCISteps.PIPELINES],
    source: source,
  }),
  declareStep(CircleCISteps.JOBS, fetchJobs, {
    writes: [CircleCIEntities.JOB, CircleCIRelationships.WORKFLOW_HAS_JOB],
    after: [CircleCISteps.WORKFLOWS],
    source: source,
  }),
];
