import { Entity } from '@jupiterone/integration-sdk-core';
import {
  CircleCIJob,
  CircleCIPipeline,
  CircleCIWorkflow,
} from '../client/responses/pipelines';
import { CircleCIEntities } from '../metadata';
import { circleciEntity } from './entity';
import { parseCircleCITime } from './time';
import { CIRCLECI_APP_URL, circleciKeys } from './keys';
import { stringProperty } from '../../steps/entityProperties';

/** A string value, with "" read as absent (errored pipelines send login ""). */
function present(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The pipeline's web page. Slugs of `circleci/<org-id>` projects are ids
 * (`circleci/<org-id>/<project-id>`) and the app's pipeline pages take
 * them as they are, so the link is built from the slug the API gave.
 */
function pipelinesLink(projectSlug: string, ...rest: Array<string | number>) {
  return [`${CIRCLECI_APP_URL}/pipelines/${projectSlug}`, ...rest].join('/');
}

/**
 * `circleci_pipeline`. `trigger_parameters` is left out of the raw data: API
 * and scheduled triggers carry caller-supplied pipeline parameters, which
 * may hold anything.
 */
export function createPipelineEntity(pipeline: CircleCIPipeline): Entity {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { trigger_parameters, ...source } = pipeline;
  const vcs = pipeline.vcs;
  const trigger = pipeline.trigger;
  const errors = pipeline.errors ?? [];
  return circleciEntity(CircleCIEntities.PIPELINE, source, {
    _key: circleciKeys.pipeline(pipeline.id),
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
    // Any string: real answers carry types outside the spec's enum.
    triggerType: present(trigger?.type),
    // Errored pipelines carry the epoch here: parseCircleCITime reads
    // it as absent.
    triggerReceivedOn: parseCircleCITime(trigger?.received_at),
    triggerActorLogin: present(trigger?.actor?.login),
    vcsProvider: present(vcs?.provider_name),
    vcsRevision: present(vcs?.revision),
    vcsBranch: present(vcs?.branch),
    vcsTag: present(vcs?.tag),
    vcsReviewId: present(vcs?.review_id),
    vcsReviewUrl: present(vcs?.review_url),
    vcsTargetRepositoryUrl: present(vcs?.target_repository_url),
    vcsOriginRepositoryUrl: present(vcs?.origin_repository_url),
    vcsCommitSubject: present(vcs?.commit?.subject),
    errorTypes: errors.map((e) => e.type ?? ''),
    errorMessages: errors.map((e) => e.message ?? ''),
    webLink: pipelinesLink(pipeline.project_slug, pipeline.number),
  });
}

/** `circleci_workflow` from `GET /pipeline/{id}/workflow`. */
export function createWorkflowEntity(workflow: CircleCIWorkflow): Entity {
  return circleciEntity(CircleCIEntities.WORKFLOW, workflow, {
    _key: circleciKeys.workflow(workflow.id),
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
    webLink: pipelinesLink(
      workflow.project_slug,
      workflow.pipeline_number,
      'workflows',
      workflow.id,
    ),
  });
}

/** `circleci_job` from `GET /workflow/{id}/job`. */
export function createJobEntity(
  job: CircleCIJob,
  workflow: { id: string },
): Entity {
  return circleciEntity(CircleCIEntities.JOB, job, {
    _key: circleciKeys.job(job.id),
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
    dependencies: job.dependencies ?? [],
    // Not in the spec's Job schema, but real answers carry it.
    createdOn: parseCircleCITime(job.created_at),
    startedOn: parseCircleCITime(job.started_at),
    stoppedOn: parseCircleCITime(job.stopped_at),
  });
}

/** Properties of pipelines, workflows and jobs that later steps read back. */
export const PipelineProperties = {
  id: 'id',
  projectSlug: 'projectSlug',
  triggerActorLogin: 'triggerActorLogin',
  vcsRevision: 'vcsRevision',
  vcsTargetRepositoryUrl: 'vcsTargetRepositoryUrl',
  startedBy: 'startedBy',
  canceledBy: 'canceledBy',
  approvedBy: 'approvedBy',
  type: 'type',
} as const;

/** What the user and cross-vendor steps need of a collected pipeline. */
export interface PipelineRef {
  key: string;
  triggerActorLogin?: string;
  vcsRevision?: string;
  vcsTargetRepositoryUrl?: string;
}

export function readPipelineRef(entity: Entity): PipelineRef {
  const P = PipelineProperties;
  return {
    key: entity._key,
    triggerActorLogin: stringProperty(entity, P.triggerActorLogin),
    vcsRevision: stringProperty(entity, P.vcsRevision),
    vcsTargetRepositoryUrl: stringProperty(entity, P.vcsTargetRepositoryUrl),
  };
}

/** The users a workflow or job names (user ids), and its project. */
export interface RunActivityRef {
  key: string;
  projectSlug?: string;
  /** Workflow: who started it. Job: who approved it. */
  actedBy?: string;
  canceledBy?: string;
  /** True for a job of type "approval". */
  approval: boolean;
}

/**
 * What a collected workflow (who started it) or job (who approved it)
 * says its users did.
 */
export function readRunActivity(entity: Entity): RunActivityRef {
  const P = PipelineProperties;
  const job = entity._type === CircleCIEntities.JOB._type;
  return {
    key: entity._key,
    projectSlug: stringProperty(entity, P.projectSlug),
    actedBy: stringProperty(entity, job ? P.approvedBy : P.startedBy),
    canceledBy: stringProperty(entity, P.canceledBy),
    approval: job && stringProperty(entity, P.type) === 'approval',
  };
}
