import { ItemShape } from '../../../responseShape';
import { listing, PAGED, PAGELEN } from '../listing';
import { BitbucketAccount, BitbucketLinks } from './accounts';
import {
  ACCOUNT_OBJECTS,
  ACCOUNT_STRINGS,
  LINK_STRINGS,
  LINKS,
} from './accounts';
import { BitbucketCommitRef } from './repositories';

/** Pipelines runs, deployment environments and deployments (see accounts.ts). */

/**
 * schemas.pipeline. The spec leaves `target`, `trigger` and `state` as open
 * objects; real answers name their kind in `type`
 * (`pipeline_ref_target` / `pipeline_pullrequest_target` /
 * `pipeline_commit_target`, `pipeline_trigger_push` / `_manual` /
 * `_schedule`, `pipeline_state_completed` with a `result`), which the
 * fields below read.
 */
export interface BitbucketPipeline {
  type?: string;
  uuid: string;
  build_number?: number;
  creator?: BitbucketAccount;
  target?: {
    type?: string;
    ref_type?: string;
    ref_name?: string;
    commit?: BitbucketCommitRef;
    source?: string;
    destination?: string;
    pullrequest?: { id?: number; title?: string };
    selector?: { type?: string; pattern?: string };
  };
  trigger?: { type?: string; name?: string };
  state?: {
    type?: string;
    name?: string;
    result?: { type?: string; name?: string };
    stage?: { type?: string; name?: string };
  };
  created_on?: string;
  completed_on?: string;
  build_seconds_used?: number;
  /** Wall-clock seconds; real answers carry it, the spec does not. */
  duration_in_seconds?: number;
  links?: BitbucketLinks;
}

/**
 * Pipelines: `uuid` goes into no later path, but the deployment it ran
 * links to it by key.
 */
export const pipelineShape: ItemShape = {
  id: 'uuid',
  objects: [
    ...LINKS,
    ...ACCOUNT_OBJECTS('creator'),
    'target',
    'target.commit',
    'target.pullrequest',
    'target.selector',
    'trigger',
    'state',
    'state.result',
    'state.stage',
  ],
  strings: [
    'created_on',
    'completed_on',
    'target.type',
    'target.ref_type',
    'target.ref_name',
    'target.commit.hash',
    'target.source',
    'target.destination',
    'target.pullrequest.title',
    'target.selector.type',
    'target.selector.pattern',
    'trigger.type',
    'trigger.name',
    'state.type',
    'state.name',
    'state.result.type',
    'state.result.name',
    'state.stage.name',
    ...LINK_STRINGS,
    ...ACCOUNT_STRINGS('creator'),
  ],
  numbers: [
    'build_number',
    'build_seconds_used',
    'duration_in_seconds',
    'target.pullrequest.id',
  ],
};

/**
 * schemas.deployment_environment. The spec lists only uuid and name; real
 * answers add the environment type (Test / Staging / Production, with its
 * rank), the environment's own rank and its `restrictions.admin_only`
 * ("Only admins can deploy to this environment").
 */
export interface BitbucketEnvironment {
  type?: string;
  uuid: string;
  name?: string;
  slug?: string;
  rank?: number;
  hidden?: boolean;
  environment_type?: { type?: string; name?: string; rank?: number };
  restrictions?: { type?: string; admin_only?: boolean };
  lock?: { type?: string; name?: string };
  environment_lock_enabled?: boolean;
  deployment_gate_enabled?: boolean;
}

/** Environment uuids go into the variables path (`pathId`). */
export const environmentShape: ItemShape = {
  id: 'uuid',
  pathId: true,
  objects: ['environment_type', 'restrictions', 'lock'],
  strings: ['name', 'slug', 'environment_type.name', 'lock.name', 'lock.type'],
  numbers: ['rank', 'environment_type.rank'],
  booleans: [
    'hidden',
    'restrictions.admin_only',
    'environment_lock_enabled',
    'deployment_gate_enabled',
  ],
};

/**
 * schemas.deployment: which release (pipeline and commit) went to which
 * environment, and its state. `release.pipeline` and
 * `deployable.pipeline` name the pipeline (real answers; the spec leaves
 * them to additionalProperties); `state.deployer` is who ran the step.
 */
export interface BitbucketDeployment {
  type?: string;
  uuid: string;
  number?: number;
  key?: string;
  environment?: { uuid?: string; name?: string };
  release?: {
    uuid?: string;
    name?: string;
    url?: string;
    commit?: BitbucketCommitRef;
    created_on?: string;
    pipeline?: { uuid?: string };
  };
  deployable?: {
    uuid?: string;
    name?: string;
    commit?: BitbucketCommitRef;
    created_on?: string;
    pipeline?: { uuid?: string };
  };
  state?: {
    type?: string;
    name?: string;
    status?: { type?: string; name?: string };
    started_on?: string;
    completed_on?: string;
    deployer?: BitbucketAccount;
    url?: string;
  };
  last_update_time?: string;
}

export const deploymentShape: ItemShape = {
  id: 'uuid',
  objects: [
    'environment',
    'release',
    'release.commit',
    'release.pipeline',
    'deployable',
    'deployable.commit',
    'deployable.pipeline',
    'state',
    'state.status',
    ...ACCOUNT_OBJECTS('state.deployer'),
  ],
  strings: [
    'key',
    'environment.uuid',
    'release.uuid',
    'release.name',
    'release.url',
    'release.commit.hash',
    'release.created_on',
    'release.pipeline.uuid',
    'deployable.uuid',
    'deployable.name',
    'deployable.commit.hash',
    'deployable.created_on',
    'deployable.pipeline.uuid',
    'state.type',
    'state.name',
    'state.status.name',
    'state.started_on',
    'state.completed_on',
    'last_update_time',
    ...ACCOUNT_STRINGS('state.deployer'),
  ],
  numbers: ['number'],
};

const NEWEST_CREATED_FIRST = {
  query: { sort: '-created_on', pagelen: String(PAGELEN.default) },
};
const NEWEST_STARTED_FIRST = {
  query: { sort: '-state.started_on', pagelen: String(PAGELEN.default) },
};

/**
 * Pipeline runs, newest first (`sort=-created_on`, which the Pipelines
 * list supports, with its declared maximum pagelen of 100). The caller
 * stops reading at its window, which ends the listing: no later page is
 * requested. Needs the `pipeline` scope; a repository with Pipelines
 * never enabled answers an empty list.
 */
export const repoPipelines = listing<BitbucketPipeline>(
  'GET /repositories/{workspace}/{repo_slug}/pipelines',
  pipelineShape,
  NEWEST_CREATED_FIRST,
);

/** Deployment environments (Test, Staging, Production...). `pipeline` scope. */
export const repoEnvironments = listing<BitbucketEnvironment>(
  'GET /repositories/{workspace}/{repo_slug}/environments',
  environmentShape,
  PAGED,
);

/**
 * Deployments, newest first (`sort=-state.started_on`): the caller stops
 * at its window like the pipelines listing. `pipeline` scope.
 */
export const repoDeployments = listing<BitbucketDeployment>(
  'GET /repositories/{workspace}/{repo_slug}/deployments',
  deploymentShape,
  NEWEST_STARTED_FIRST,
);

/** schemas.pipeline_selector: which pipeline of bitbucket-pipelines.yml runs. */
export interface BitbucketPipelineSelector {
  type?: string;
  pattern?: string;
}

/**
 * schemas.pipeline_schedule: a cron trigger of one pipeline on one branch.
 * The spec puts the selector in `target.selector`; older answers (and
 * clients generated from them) carry it at the top level as `selector`,
 * so both are read.
 */
export interface BitbucketPipelineSchedule {
  type?: string;
  uuid: string;
  enabled?: boolean;
  cron_pattern?: string;
  target?: {
    type?: string;
    ref_type?: string;
    ref_name?: string;
    selector?: BitbucketPipelineSelector;
  };
  selector?: BitbucketPipelineSelector;
  created_on?: string;
  updated_on?: string;
}

export const pipelineScheduleShape: ItemShape = {
  id: 'uuid',
  objects: ['target', 'target.selector', 'selector'],
  strings: [
    'cron_pattern',
    'target.ref_type',
    'target.ref_name',
    'target.selector.type',
    'target.selector.pattern',
    'selector.type',
    'selector.pattern',
    'created_on',
    'updated_on',
  ],
  booleans: ['enabled'],
};

/** Pipeline schedules of a repository (`pipeline` scope). */
export const repoPipelineSchedules = listing<BitbucketPipelineSchedule>(
  'GET /repositories/{workspace}/{repo_slug}/pipelines_config/schedules',
  pipelineScheduleShape,
  PAGED,
);
