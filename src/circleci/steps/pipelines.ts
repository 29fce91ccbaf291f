import { Entity, IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import { getStepClient } from '../client/cache';
import {
  createJobEntity,
  createPipelineEntity,
  createWorkflowEntity,
} from '../converters/pipelines';
import { parseCircleCITime } from '../converters/time';
import {
  CircleCIEntities,
  CircleCIIngestionSourceIds,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import { forEachConcurrently, WorkPool } from './pool';
import {
  accessGapStatus,
  addChildOnce,
  CircleCIStepContext,
  fanOut,
  logRequestSummary,
} from './util';
import {
  publishMissingPermission,
  runStartedOn,
  stringProperty,
} from '../../stepSupport';

const DAY_MS = 86_400_000;

/**
 * Pipelines of every project, newest first, back to the lookback cut
 * (circleciPipelineLookbackDays before the run started). CircleCI keeps
 * pipeline history without limit, so the window is what bounds the run;
 * the first pipeline older than the cut ends that project's listing (no
 * further page is requested).
 */
export async function fetchPipelines(context: CircleCIStepContext) {
  const { client, config } = getStepClient(context);
  const cutoff = runStartedOn(context) - config.pipelineLookbackDays * DAY_MS;
  const projects: Entity[] = [];
  await context.jobState.iterateEntities(
    { _type: CircleCIEntities.PROJECT._type },
    (project) => {
      projects.push(project);
    },
  );
  await forEachConcurrently(
    projects,
    fanOut(config.concurrency),
    async (project) => {
      const slug = stringProperty(project, 'slug');
      if (!slug) return;
      try {
        for await (const pipeline of client.listProjectPipelines(slug)) {
          const createdOn = parseCircleCITime(pipeline.created_at);
          if (createdOn !== undefined && createdOn < cutoff) break;
          await addChildOnce(context, project, createPipelineEntity(pipeline));
        }
      } catch (err) {
        if (!isHttpStatus(err, 403, 404)) throw err;
        publishMissingPermission(
          context,
          `CircleCI project ${slug}: GET /project/{project-slug}/pipeline answered ${accessGapStatus(
            err,
          )}, so its pipelines, workflows and jobs are not collected. Give the API token's user access to the project.`,
        );
      }
    },
  );
  logRequestSummary(context, client.transport);
}

/** Workflows of every collected pipeline, many pipelines at a time. */
export async function fetchWorkflows(context: CircleCIStepContext) {
  const { client, config } = getStepClient(context);
  const pool = new WorkPool(fanOut(config.concurrency));
  try {
    await context.jobState.iterateEntities(
      { _type: CircleCIEntities.PIPELINE._type },
      (pipeline) =>
        pool.add(async () => {
          const pipelineId = stringProperty(pipeline, 'id');
          if (!pipelineId) return;
          for await (const workflow of client.listPipelineWorkflows(
            pipelineId,
          )) {
            const entity = createWorkflowEntity(workflow);
            await addChildOnce(context, pipeline, entity);
          }
        }),
    );
  } finally {
    await pool.drain().catch(() => undefined);
  }
  await pool.drain();
  logRequestSummary(context, client.transport);
}

/** Jobs of every collected workflow, many workflows at a time. */
export async function fetchJobs(context: CircleCIStepContext) {
  const { client, config } = getStepClient(context);
  const pool = new WorkPool(fanOut(config.concurrency));
  try {
    await context.jobState.iterateEntities(
      { _type: CircleCIEntities.WORKFLOW._type },
      (workflow) =>
        pool.add(async () => {
          const workflowId = stringProperty(workflow, 'id');
          if (!workflowId) return;
          for await (const job of client.listWorkflowJobs(workflowId)) {
            const entity = createJobEntity(job, { id: workflowId });
            await addChildOnce(context, workflow, entity);
          }
        }),
    );
  } finally {
    await pool.drain().catch(() => undefined);
  }
  await pool.drain();
  logRequestSummary(context, client.transport);
}

const source = CircleCIIngestionSourceIds.PIPELINES;

export const pipelineSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...CircleCISteps.PIPELINES,
    entities: [CircleCIEntities.PIPELINE],
    relationships: [CircleCIRelationships.PROJECT_HAS_PIPELINE],
    dependsOn: [CircleCISteps.PROJECTS.id],
    ingestionSourceId: source,
    executionHandler: fetchPipelines,
  },
  {
    ...CircleCISteps.WORKFLOWS,
    entities: [CircleCIEntities.WORKFLOW],
    relationships: [CircleCIRelationships.PIPELINE_HAS_WORKFLOW],
    dependsOn: [CircleCISteps.PIPELINES.id],
    ingestionSourceId: source,
    executionHandler: fetchWorkflows,
  },
  {
    ...CircleCISteps.JOBS,
    entities: [CircleCIEntities.JOB],
    relationships: [CircleCIRelationships.WORKFLOW_HAS_JOB],
    dependsOn: [CircleCISteps.WORKFLOWS.id],
    ingestionSourceId: source,
    executionHandler: fetchJobs,
  },
];
