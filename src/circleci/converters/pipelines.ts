import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import {
  CircleCIJob,
  CircleCIPipeline,
  CircleCIWorkflow,
} from '../client/types';
import { CircleCIEntities } from '../metadata';
import { parseCircleCITime } from './time';
import { CIRCLECI_APP_URL, circleciKeys } from './keys';

/**
 * `circleci_pipeline`. `trigger_parameters` is left out of the raw data: API
 * and scheduled triggers carry caller-supplied pipeline parameters, which
 * may hold anything.
 */
export function createPipelineEntity(pipeline: CircleCIPipeline): Entity {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { trigger_parameters, ...source } = pipeline;
  const vcs = pipeline.vcs;
  return createIntegrationEntity({
    entityData: {
      source,
      assign: {
        _key: circleciKeys.pipeline(pipeline.id),
        _type: CircleCIEntities.PIPELINE._type,
        _class: CircleCIEntities.PIPELINE._class,
        id: pipeline.id,
        // The older integration named pipelines by id; kept for queries.
        name: pipeline.id,
        displayName: `${pipeline.project_slug} #${pipeline.number}`,
        slug: pipeline.project_slug,
        projectSlug: pipeline.project_slug,
        number: pipeline.number,
        state: pipeline.state,
        createdOn: parseCircleCITime(pipeline.created_at),
        updatedOn: parseCircleCITime(pipeline.updated_at),
        triggerType: pipeline.trigger.type,
        triggerReceivedOn: parseCircleCITime(pipeline.trigger.received_at),
        triggerActorLogin: pipeline.trigger.actor.login,
        vcsProvider: vcs?.provider_name,
        vcsRevision: vcs?.revision ?? undefined,
        vcsBranch: vcs?.branch,
        vcsTag: vcs?.tag,
        vcsReviewId: vcs?.review_id,
        vcsReviewUrl: vcs?.review_url,
        vcsTargetRepositoryUrl: vcs?.target_repository_url,
        vcsOriginRepositoryUrl: vcs?.origin_repository_url,
        vcsCommitSubject: vcs?.commit?.subject ?? undefined,
        errorTypes: pipeline.errors.map((e) => e.type),
        errorMessages: pipeline.errors.map((e) => e.message),
        webLink: `${CIRCLECI_APP_URL}/pipelines/${pipeline.project_slug}/${pipeline.number}`,
      },
    },
  });
}

/** `circleci_workflow` from `GET /pipeline/{id}/workflow`. */
export function createWorkflowEntity(workflow: CircleCIWorkflow): Entity {
  return createIntegrationEntity({
    entityData: {
      source: workflow,
      assign: {
        _key: circleciKeys.workflow(workflow.id),
        _type: CircleCIEntities.WORKFLOW._type,
        _class: CircleCIEntities.WORKFLOW._class,
        id: workflow.id,
        name: workflow.name,
        displayName: workflow.name,
        pipelineId: workflow.pipeline_id,
        pipelineNumber: workflow.pipeline_number,
        projectSlug: workflow.project_slug,
        status: workflow.status,
        tag: workflow.tag ?? undefined,
        startedBy: workflow.started_by,
        canceledBy: workflow.canceled_by,
        erroredBy: workflow.errored_by,
        autoRerunNumber: workflow.auto_rerun_number,
        maxAutoReruns: workflow.max_auto_reruns,
        createdOn: parseCircleCITime(workflow.created_at),
        stoppedOn: parseCircleCITime(workflow.stopped_at),
        webLink: `${CIRCLECI_APP_URL}/pipelines/${workflow.project_slug}/${workflow.pipeline_number}/workflows/${workflow.id}`,
      },
    },
  });
}

/** `circleci_job` from `GET /workflow/{id}/job`. */
export function createJobEntity(
  job: CircleCIJob,
  workflow: { id: string },
): Entity {
  return createIntegrationEntity({
    entityData: {
      source: job,
      assign: {
        _key: circleciKeys.job(job.id),
        _type: CircleCIEntities.JOB._type,
        _class: CircleCIEntities.JOB._class,
        id: job.id,
        name: job.name,
        displayName: job.name,
        workflowId: workflow.id,
        jobNumber: job.job_number,
        projectSlug: job.project_slug,
        status: job.status,
        type: job.type,
        approval: job.type === 'approval',
        approvedBy: job.approved_by,
        approvalRequestId: job.approval_request_id,
        canceledBy: job.canceled_by,
        dependencies: job.dependencies,
        startedOn: parseCircleCITime(job.started_at),
        stoppedOn: parseCircleCITime(job.stopped_at),
      },
    },
  });
}
