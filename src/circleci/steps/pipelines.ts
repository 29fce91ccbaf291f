import { Entity, IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import { getStepClient } from '../client/cache';
import { CircleCIClient } from '../client/client';
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
  listNames,
  logRequestSummary,
} from './util';
import {
  publishMissingPermission,
  runStartedOn,
  skipFailedListing,
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
        if (
          skipFailedListing(
            context,
            `The pipelines of CircleCI project ${slug}`,
            err,
          )
        ) {
          return;
        }
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

/**
 * Lists the children of every collected parent (pipelines -> workflows,
 * workflows -> jobs), many parents at a time. A parent that answers 403/404
 * (deleted since it was listed, or not readable) is skipped and named in one
 * warn event for the step; any other failure fails the step.
 */
async function collectChildren<T>(
  context: CircleCIStepContext,
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
  const gaps: string[] = [];
  const pool = new WorkPool(fanOut(config.concurrency));
  try {
    await context.jobState.iterateEntities(
      { _type: options.parentType },
      (parent) =>
        pool.add(async () => {
          const parentId = stringProperty(parent, 'id');
          if (!parentId) return;
          try {
            for await (const child of options.list(client, parentId)) {
              await addChildOnce(
                context,
                parent,
                options.convert(child, parentId),
              );
            }
          } catch (err) {
            if (
              skipFailedListing(
                context,
                `CircleCI ${options.endpoint} for ${options.parentName} ${parentId}`,
                err,
              )
            ) {
              return;
            }
            if (!isHttpStatus(err, 403, 404)) throw err;
            gaps.push(`${parentId} (${accessGapStatus(err)})`);
          }
        }),
    );
  } finally {
    await pool.drain().catch(() => undefined);
  }
  await pool.drain();
  if (gaps.length > 0) {
    publishMissingPermission(
      context,
      `CircleCI ${options.endpoint} could not be read for ${gaps.length} ${
        options.parentName
      }(s): ${listNames(gaps)}. Their ${
        options.childrenName
      } are not collected (deleted since they were listed, or not readable by the API token's user); everything else is.`,
    );
  }
  logRequestSummary(context, client.transport);
}

/** Workflows of every collected pipeline, many pipelines at a time. */
export function fetchWorkflows(context: CircleCIStepContext) {
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
export function fetchJobs(context: CircleCIStepContext) {
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
