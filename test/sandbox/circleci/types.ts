/**
 * The simulated CircleCI account, stored in the vendor's own API v2 shapes
 * (field names exactly as `circleci-v2.openapi.json` declares them) plus a few
 * sandbox-only fields that decide behaviour (which projects are followed,
 * which settings answer 403). The simulator serves these objects as they are,
 * so the contract tests validate the stored shapes directly.
 */

/** `GET /me`, `GET /user/{id}`: CC components User. */
export interface CircleCIUser {
  id: string;
  login: string;
  name: string;
  avatar_url: string | null;
}

/** `GET /me/collaborations` item. */
export interface CircleCICollaboration {
  id: string;
  'vcs-type': 'bitbucket' | 'github' | 'circleci';
  name: string;
  avatar_url: string;
  slug: string;
}

export interface CircleCIProject {
  slug: string;
  name: string;
  id: string;
  organization_name: string;
  organization_slug: string;
  organization_id: string;
  vcs_info: {
    vcs_url: string;
    provider: 'Bitbucket' | 'CircleCI' | 'GitHub';
    default_branch: string;
  };
}

/** `GET /project/{provider}/{organization}/{project}/settings` body. */
export interface CircleCIProjectSettings {
  advanced: {
    autocancel_builds: boolean;
    build_fork_prs: boolean;
    build_prs_only: boolean;
    disable_ssh: boolean;
    forks_receive_secret_env_vars: boolean;
    oss: boolean;
    set_github_status: boolean;
    setup_workflows: boolean;
    write_settings_requires_admin: boolean;
    pr_only_branch_overrides: string[];
  };
}

/** OIDC custom claims of an org or project (absent members: not customised). */
export interface CircleCIOidcClaims {
  audience?: string[];
  ttl?: string;
}

/** `GET /organization/{org-slug-or-id}/url-orb-allow-list` item. */
export interface CircleCIUrlOrbAllowListEntry {
  id: string;
  name: string;
  prefix: string;
  auth: 'github-oauth' | 'none' | 'bitbucket-oauth' | 'github-app';
}

/** An organization's security controls; `forbidden` answers 403. */
export interface CircleCIOrgControls {
  oidcClaims: CircleCIOidcClaims | 'forbidden';
  urlOrbAllowList: CircleCIUrlOrbAllowListEntry[] | 'forbidden';
  /** Config-policy decision settings; `forbidden` for plans without them. */
  configPolicy: { enabled: boolean } | 'forbidden';
}

export interface CircleCIProjectRecord {
  project: CircleCIProject;
  oidcClaims?: CircleCIOidcClaims;
  /** `forbidden` answers 403 `Permission denied.` like a project the token may not administer. */
  settings: CircleCIProjectSettings | 'forbidden';
  /**
   * Records of the per-project listings (listings/registry.ts) by listing
   * name; `forbidden` answers 403, as for a token user who is no project
   * admin.
   */
  listings: Record<string, unknown[] | 'forbidden' | undefined>;
  /**
   * `GET /pipeline?org-slug=` lists only projects the user follows; an
   * unfollowed project is still reachable by slug and listed by insights.
   */
  followed: boolean;
}

export interface CircleCIPipeline {
  id: string;
  errors: Array<{ type: string; message: string }>;
  project_slug: string;
  updated_at: string;
  number: number;
  trigger_parameters?: Record<string, string | number | boolean>;
  state: 'created' | 'errored' | 'setup-pending' | 'setup' | 'pending';
  created_at: string;
  trigger: {
    /** The spec's enum, plus what real errored pipelines carry. */
    type:
      | 'scheduled_pipeline'
      | 'explicit'
      | 'api'
      | 'webhook'
      | 'Decoupled Ingestion System';
    received_at: string;
    actor: { login: string; avatar_url: string | null };
  };
  vcs: {
    provider_name: string;
    target_repository_url: string;
    branch?: string;
    review_id?: string;
    review_url?: string;
    revision: string | null;
    tag?: string;
    commit?: { subject: string | null; body: string | null };
    origin_repository_url: string;
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

export interface CircleCIWorkflow {
  pipeline_id: string;
  canceled_by?: string;
  id: string;
  name: string;
  project_slug: string;
  errored_by?: string;
  tag?: 'setup' | null;
  status: CircleCIWorkflowStatus;
  started_by: string;
  pipeline_number: number;
  created_at: string;
  stopped_at: string | null;
}

export type CircleCIJobStatus =
  | 'success'
  | 'running'
  | 'not_run'
  | 'failed'
  | 'retried'
  | 'queued'
  | 'not_running'
  | 'infrastructure_fail'
  | 'timedout'
  | 'on_hold'
  | 'terminated-unknown'
  | 'blocked'
  | 'canceled'
  | 'unauthorized';

/** `GET /workflow/{id}/job` item. */
export interface CircleCIJob {
  canceled_by?: string;
  /** Not in the spec's Job schema; real answers carry it (real-shapes.ts). */
  created_at?: string;
  dependencies: string[];
  job_number?: number;
  id: string;
  started_at: string;
  name: string;
  approved_by?: string;
  project_slug: string;
  status: CircleCIJobStatus;
  type: 'build' | 'approval';
  stopped_at?: string | null;
  approval_request_id?: string;
}

/** A job plus the workflow it belongs to (the job body does not name its workflow). */
export interface CircleCIJobRecord {
  workflowId: string;
  job: CircleCIJob;
}

export interface CircleCIContext {
  id: string;
  name: string;
  created_at: string;
}

/** `GET /context/{context_id}/environment-variable` item: names only, never values. */
export interface CircleCIContextEnvVar {
  variable: string;
  created_at: string;
  updated_at: string;
  context_id: string;
}

export interface CircleCIContextRestriction {
  id: string;
  context_id: string;
  /** Deprecated by the vendor in favour of restriction_value; still sent for project restrictions. */
  project_id?: string;
  name: string;
  restriction_type: 'project' | 'expression' | 'group';
  restriction_value: string;
}

export interface CircleCIContextRecord {
  context: CircleCIContext;
  /** Collaboration id of the owning organization. */
  ownerId: string;
  envVars: CircleCIContextEnvVar[];
  restrictions: CircleCIContextRestriction[];
}

/** The whole simulated CircleCI account as seen by one personal API token. */
export interface CircleCIData {
  /** The token owner (`GET /me`). */
  me: CircleCIUser;
  /** Users `GET /user/{id}` knows (includes `me`). */
  users: CircleCIUser[];
  /** Ids referenced by jobs/workflows whose `GET /user/{id}` answers 404 (deleted accounts). */
  deletedUserIds: string[];
  collaborations: CircleCICollaboration[];
  projects: CircleCIProjectRecord[];
  /** Newest first within each project. */
  pipelines: CircleCIPipeline[];
  workflows: CircleCIWorkflow[];
  jobs: CircleCIJobRecord[];
  contexts: CircleCIContextRecord[];
  /**
   * Controls per organization id; an organization not listed answers
   * OIDC claims and the URL-orb allow list uncustomised and config
   * policies 403 (a plan without them).
   */
  orgControls?: Record<string, CircleCIOrgControls>;
  /** Deploy environments, components and versions (empty when unused). */
  deploys: CircleCIDeployData;
}

/** `GET /deploy/environments` item (spec: listEnvironments). */
export interface CircleCIDeployEnvironment {
  id: string;
  name: string;
  description: string;
  labels: Array<{ key: string; value: string }>;
  created_at: string;
  updated_at: string;
}

/** `GET /deploy/components` item (spec: listComponents). */
export interface CircleCIDeployComponent {
  id: string;
  name: string;
  project_id: string;
  labels: Array<{ key: string; value: string }>;
  release_count: number;
  created_at: string;
  updated_at: string;
}

/** `GET /deploy/components/{component_id}/versions` item. */
export interface CircleCIComponentVersion {
  name: string;
  environment_id: string;
  namespace: string;
  is_live: boolean;
  pipeline_id: string;
  workflow_id: string;
  job_id: string;
  job_number?: number;
  last_deployed_at: string;
}

/** The deploys API of the account (CircleCI's deploy tracking). */
export interface CircleCIDeployData {
  /** Collaboration id of the owning organization, with its environment. */
  environments: Array<{
    orgId: string;
    environment: CircleCIDeployEnvironment;
  }>;
  components: Array<{ orgId: string; component: CircleCIDeployComponent }>;
  versions: Array<{ componentId: string; version: CircleCIComponentVersion }>;
}
