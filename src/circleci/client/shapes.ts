import { ItemShape } from '../../responseShape';

/**
 * What each CircleCI API v2 answer must look like before the package reads
 * it (see src/responseShape.ts). Ids that later go into a URL path are
 * `pathId`. Field lists follow types.ts; anything not listed is passed on
 * untouched and only read through the types' optional members.
 */
export const CircleCIShapes = {
  user: {
    id: 'id',
    pathId: true,
    strings: ['login', 'name', 'avatar_url'],
  },
  /**
   * The slug keys an organization (its id is nullable in the spec) and goes
   * into paths (insights) and queries. Real answers spell the VCS type
   * `vcs_type`; the spec says `vcs-type` (docs/jupiterone.md).
   */
  collaboration: {
    id: 'slug',
    pathId: true,
    strings: ['id', 'vcs-type', 'vcs_type', 'name', 'avatar_url'],
  },
  orgSummary: { stringArrays: ['all_projects'] },
  project: {
    id: 'id',
    pathId: true,
    objects: ['vcs_info'],
    strings: [
      'slug',
      'name',
      'organization_name',
      'organization_slug',
      'organization_id',
      'vcs_info.vcs_url',
      'vcs_info.provider',
      'vcs_info.default_branch',
    ],
  },
  projectSettings: {
    objects: ['advanced'],
    booleans: [
      'advanced.autocancel_builds',
      'advanced.build_fork_prs',
      'advanced.build_prs_only',
      'advanced.disable_ssh',
      'advanced.forks_receive_secret_env_vars',
      'advanced.oss',
      'advanced.set_github_status',
      'advanced.setup_workflows',
      'advanced.write_settings_requires_admin',
    ],
    stringArrays: ['advanced.pr_only_branch_overrides'],
  },
  pipeline: {
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
  },
  workflow: {
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
  },
  job: {
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
  },
  projectEnvVar: { id: 'name', strings: ['created-at'] },
  context: { id: 'id', pathId: true, strings: ['name', 'created_at'] },
  contextEnvVar: {
    id: 'variable',
    strings: ['created_at', 'updated_at', 'context_id'],
  },
  contextRestriction: {
    strings: [
      'id',
      'context_id',
      'project_id',
      'name',
      'restriction_type',
      'restriction_value',
    ],
  },
  /** Deploy environments and components: `labels` entries must be objects. */
  deployEnvironment: {
    id: 'id',
    objectArrays: ['labels'],
    strings: ['name', 'description', 'created_at', 'updated_at'],
  },
  deployComponent: {
    id: 'id',
    pathId: true,
    objectArrays: ['labels'],
    numbers: ['release_count'],
    strings: ['name', 'project_id', 'created_at', 'updated_at'],
  },
  /** A version without a name is skipped: the name is its identity. */
  componentVersion: {
    id: 'name',
    booleans: ['is_live'],
    numbers: ['job_number'],
    strings: [
      'environment_id',
      'namespace',
      'pipeline_id',
      'workflow_id',
      'job_id',
      'last_deployed_at',
    ],
  },
} satisfies Record<string, ItemShape>;
