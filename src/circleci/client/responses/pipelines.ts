import { ItemShape } from '../../../responseShape';
import { listing, PAGED } from '../listing';

/** Pipelines, their workflows and jobs (see accounts.ts). */

export type CircleCIPipelineState =
  | 'created'
  | 'errored'
  | 'setup-pending'
  | 'setup'
  | 'pending';

/**
 * The spec's enum is 'scheduled_pipeline' | 'explicit' | 'api' | 'webhook';
 * real answers carry others (e.g. "Decoupled Ingestion System" on errored
 * pipelines), so any string is accepted.
 */
export type CircleCITriggerType = string;

/** `GET /pipeline` and `GET /project/{project-slug}/pipeline` item: schema Pipeline. */
export interface CircleCIPipeline {
  id: string;
  /** Required by the spec; read as [] when a body omits it. */
  errors?: Array<{ type?: string; message?: string }>;
  project_slug: string;
  updated_at?: string;
  number: number;
  trigger_parameters?: Record<string, unknown>;
  state: CircleCIPipelineState;
  created_at: string;
  /** Required by the spec; errored pipelines carry placeholder values. */
  trigger?: {
    type?: CircleCITriggerType;
    /** "1970-01-01T00:00:00.000Z" on errored pipelines (read as absent). */
    received_at?: string;
    /** login "" on errored pipelines (read as absent). */
    actor?: { login?: string; avatar_url?: string | null };
  };
  vcs?: {
    provider_name: string;
    target_repository_url: string;
    origin_repository_url: string;
    branch?: string;
    review_id?: string;
    review_url?: string;
    revision: string | null;
    tag?: string;
    commit?: { subject: string | null; body: string | null };
  };
}

export const pipelineShape: ItemShape = {
  id: 'id',
  pathId: true,
  objects: ['trigger', 'trigger.actor', 'vcs', 'vcs.commit'],
  objectArrays: ['errors'],
  numbers: ['number'],
  strings: [
    'project_slug',
    'state',
    'created_at',
    'updated_at',
    'trigger.type',
    'trigger.received_at',
    'trigger.actor.login',
    'vcs.provider_name',
    'vcs.target_repository_url',
    'vcs.origin_repository_url',
    'vcs.branch',
    'vcs.review_id',
    'vcs.review_url',
    'vcs.revision',
    'vcs.tag',
    'vcs.commit.subject',
  ],
};

export type CircleCIWorkflowStatus =
  | 'success'
  | 'running'
  | 'not_run'
  | 'failed'
  | 'error'
  | 'failing'
  | 'on_hold'
  | 'canceled'
  | 'unauthorized';

/** `GET /pipeline/{pipeline-id}/workflow` item: schema Workflow. */
export interface CircleCIWorkflow {
  id: string;
  pipeline_id: string;
  pipeline_number: number;
  name: string;
  project_slug: string;
  status: CircleCIWorkflowStatus;
  /** UUID of the user who started the workflow. */
  started_by: string;
  canceled_by?: string;
  errored_by?: string;
  tag?: 'setup' | null;
  auto_rerun_number?: number;
  max_auto_reruns?: number;
  created_at: string;
  stopped_at: string | null;
}

export const workflowShape: ItemShape = {
  id: 'id',
  pathId: true,
  numbers: ['pipeline_number', 'auto_rerun_number', 'max_auto_reruns'],
  strings: [
    'pipeline_id',
    'name',
    'project_slug',
    'status',
    'started_by',
    'canceled_by',
    'errored_by',
    'tag',
    'created_at',
    'stopped_at',
  ],
};

/** `GET /workflow/{id}/job` item: schema Job. */
export interface CircleCIJob {
  id: string;
  job_number?: number;
  name: string;
  project_slug: string;
  status: string;
  type: 'build' | 'approval';
  dependencies?: string[];
  requires?: Record<string, string[]>;
  /** Not in the spec's Job schema; real answers carry it. */
  created_at?: string | null;
  started_at: string | null;
  stopped_at?: string | null;
  /** UUID of the user who approved an approval job. */
  approved_by?: string;
  canceled_by?: string;
  approval_request_id?: string;
}

export const jobShape: ItemShape = {
  id: 'id',
  numbers: ['job_number'],
  stringArrays: ['dependencies'],
  strings: [
    'name',
    'project_slug',
    'status',
    'type',
    'created_at',
    'started_at',
    'stopped_at',
    'approved_by',
    'canceled_by',
    'approval_request_id',
  ],
};

/** See CircleCIPageOptions.endOnLaterPageNotFound. */
const PIPELINE_PAGES = { endOnLaterPageNotFound: true };

/** Newest first; the caller stops iterating at its lookback cut. */
export const projectPipelines = listing<CircleCIPipeline>(
  'GET /project/{project-slug}/pipeline',
  pipelineShape,
  PIPELINE_PAGES,
);

export const pipelineWorkflows = listing<CircleCIWorkflow>(
  'GET /pipeline/{pipeline-id}/workflow',
  workflowShape,
  PAGED,
);

/**
 * The spec declares no page-token here although the response has
 * next_page_token; CircleCI documents workflow jobs as paginated, so the
 * token is sent (docs/vendor-apis.md §1.2).
 */
export const workflowJobs = listing<CircleCIJob>(
  'GET /workflow/{id}/job',
  jobShape,
  PAGED,
);
