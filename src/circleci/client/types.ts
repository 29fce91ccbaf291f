/**
 * Raw CircleCI API v2 response types, written from the 200-response schemas
 * of test/sandbox/contract/specs/circleci-v2.openapi.json (operation ids in
 * the comments).
 * Optional members are the ones the spec does not list as required.
 */

/** `GET /me` (getCurrentUser) and `GET /user/{id}` (getUser): schema User. */
export interface CircleCIUser {
  id: string;
  login: string;
  name: string;
  avatar_url: string | null;
}

/** `GET /me/collaborations` (getCollaborations) item: schema Collaboration. */
export interface CircleCICollaboration {
  /** Nullable in the spec (personal "account" orgs on some VCS types). */
  id: string | null;
  /** The spec's spelling; real answers use `vcs_type` (both are read). */
  'vcs-type'?: string;
  vcs_type?: string;
  name: string;
  avatar_url: string;
  /** e.g. "gh/acme", or "circleci/<org-id>" for GitHub App / GitLab orgs. */
  slug: string;
}

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

/** `GET /project/{project-slug}` (getProjectBySlug): schema Project. */
export interface CircleCIProject {
  id: string;
  slug: string;
  name: string;
  organization_name: string;
  organization_slug: string;
  organization_id: string;
  vcs_info?: {
    /**
     * `https://github.com/acme/api` for VCS-named orgs; `//circleci.com/
     * <org-id>/<project-id>` (no scheme) for `circleci/<org-id>` orgs.
     */
    vcs_url: string;
    provider: 'Bitbucket' | 'CircleCI' | 'GitHub';
    default_branch: string;
  };
}

/** `GET /project/{provider}/{organization}/{project}/settings` (experimental). */
export interface CircleCIProjectSettings {
  advanced?: {
    autocancel_builds?: boolean;
    build_fork_prs?: boolean;
    build_prs_only?: boolean;
    disable_ssh?: boolean;
    forks_receive_secret_env_vars?: boolean;
    oss?: boolean;
    set_github_status?: boolean;
    setup_workflows?: boolean;
    write_settings_requires_admin?: boolean;
    pr_only_branch_overrides?: string[];
  };
}

/**
 * `GET /project/{project-slug}/envvar` item: schema EnvironmentVariable. The
 * `value` (masked "xxxx" + last four characters) is deliberately not declared:
 * nothing in this package may read it.
 */
export interface CircleCIProjectEnvironmentVariable {
  name: string;
  /** Not ISO-8601 in practice, e.g. "#joda/inst 2023-04-14T21:20:14+0000". */
  'created-at'?: string | null;
}

/** `GET /context` item: schema Context. */
export interface CircleCIContext {
  id: string;
  name: string;
  created_at: string;
}

/** `GET /context/{context_id}/environment-variable` item (no values). */
export interface CircleCIContextEnvironmentVariable {
  variable: string;
  created_at: string;
  updated_at: string;
  context_id: string;
}

/** `GET /context/{context_id}/restrictions` item. */
export interface CircleCIContextRestriction {
  id?: string;
  context_id?: string;
  /** Deprecated: for project restrictions read restriction_value. */
  project_id?: string;
  name?: string | null;
  restriction_type?: 'project' | 'expression' | 'group';
  restriction_value?: string;
}

/** `GET /insights/{org-slug}/summary` (getOrgSummaryData), the part used. */
export interface CircleCIOrgSummary {
  all_projects: string[] | null;
}

/**
 * `GET /project/{project-slug}/checkout-key` item: schema CheckoutKey. The
 * spec's type enum is deploy-key | github-user-key; CircleCI's docs also
 * name Bitbucket "user-key"s, so any string is accepted.
 */
export interface CircleCICheckoutKey {
  'public-key'?: string;
  type?: string;
  fingerprint: string;
  preferred?: boolean;
  'created-at'?: string;
}

/**
 * `GET /webhook?scope-id=&scope-type=project` item: schema Webhook.
 * `signing-secret` (a masked secret) is declared only so the converter can
 * tell whether one is set; it never reaches an entity or raw data.
 */
export interface CircleCIWebhook {
  id: string;
  name?: string;
  url?: string;
  'verify-tls'?: boolean;
  'signing-secret'?: string | null;
  events?: string[];
  scope?: { id?: string; type?: string };
  'created-at'?: string;
  'updated-at'?: string;
}

/** A schedule's timetable (either days-of-week or days-of-month form). */
export interface CircleCIScheduleTimetable {
  'per-hour'?: number;
  'hours-of-day'?: number[];
  'days-of-week'?: string[];
  'days-of-month'?: number[];
  months?: string[];
}

/**
 * `GET /project/{project-slug}/schedule` item: schema Schedule. `actor` is
 * the user the scheduled pipelines run as. `parameters` are
 * caller-supplied pipeline parameters (they may hold secrets): only
 * `branch` / `tag` are read.
 */
export interface CircleCISchedule {
  id: string;
  name?: string;
  description?: string | null;
  'project-slug'?: string;
  timetable?: CircleCIScheduleTimetable;
  actor?: {
    id?: string;
    login?: string;
    name?: string;
    avatar_url?: string | null;
  };
  parameters?: Record<string, unknown>;
  'created-at'?: string;
  'updated-at'?: string;
}

/**
 * `GET /org/{orgID}/oidc-custom-claims` and
 * `GET /org/{orgID}/project/{projectID}/oidc-custom-claims`: the custom
 * audience and token TTL of OIDC tokens; absent members are not customised.
 */
export interface CircleCIOidcCustomClaims {
  org_id?: string;
  project_id?: string;
  audience?: string[];
  audience_updated_at?: string;
  ttl?: string;
  ttl_updated_at?: string;
}

/** `GET /organization/{org-slug-or-id}/url-orb-allow-list` item. */
export interface CircleCIUrlOrbAllowListEntry {
  id: string;
  name?: string;
  prefix?: string;
  auth?: string;
}

/** `GET /owner/{ownerID}/context/config/decision/settings`. */
export interface CircleCIPolicyDecisionSettings {
  enabled?: boolean;
}

/** A `{key, value}` label of a deploy environment or component. */
export interface CircleCIDeployLabel {
  key?: string;
  value?: string;
}

/**
 * `GET /deploy/environments` item (listEnvironments). The spec lists no
 * required member; only `id` is required here (it keys the entity).
 */
export interface CircleCIDeployEnvironment {
  id: string;
  name?: string;
  description?: string;
  labels?: CircleCIDeployLabel[];
  created_at?: string;
  updated_at?: string;
}

/** `GET /deploy/components` item (listComponents). */
export interface CircleCIDeployComponent {
  id: string;
  name?: string;
  project_id?: string;
  labels?: CircleCIDeployLabel[];
  release_count?: number;
  created_at?: string;
  updated_at?: string;
}

/**
 * `GET /deploy/components/{component_id}/versions` item
 * (listComponentVersions): one version of a component in one environment,
 * with the pipeline, workflow and job that deployed it.
 */
export interface CircleCIComponentVersion {
  name: string;
  environment_id?: string;
  namespace?: string;
  is_live?: boolean;
  pipeline_id?: string;
  workflow_id?: string;
  job_id?: string;
  job_number?: number;
  last_deployed_at?: string;
}
