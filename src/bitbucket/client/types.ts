/**
 * Raw Bitbucket Cloud API 2.0 shapes, written from the components.schemas of
 * test/sandbox/contract/specs/bitbucket-cloud-2.0.openapi.json (flattened
 * through allOf).
 * Only the fields this integration reads are declared; every field is
 * optional unless the spec's own `required` list or the endpoint guarantees
 * it, because Bitbucket omits fields freely (e.g. `fields=` filtering).
 */

export interface BitbucketLink {
  href?: string;
  name?: string;
}

export interface BitbucketLinks {
  self?: BitbucketLink;
  html?: BitbucketLink;
  avatar?: BitbucketLink;
}

/** `account` / `user` (schemas.account + schemas.user). */
export interface BitbucketAccount {
  type?: string;
  uuid?: string;
  display_name?: string;
  nickname?: string;
  account_id?: string;
  account_status?: string;
  created_on?: string;
  links?: BitbucketLinks;
}

/** schemas.workspace */
export interface BitbucketWorkspace {
  type?: string;
  uuid: string;
  slug: string;
  name?: string;
  is_private?: boolean;
  is_privacy_enforced?: boolean;
  forking_mode?: 'allow_forks' | 'internal_only';
  created_on?: string;
  updated_on?: string;
  links?: BitbucketLinks;
}

/**
 * schemas.workspace_membership (GET /workspaces/{workspace}/members and
 * /permissions: the same paginated schema, same scope).
 */
export interface BitbucketWorkspaceMembership {
  type?: string;
  /**
   * Only from GET /workspaces/{workspace}/permissions: owner, collaborator
   * (being removed) or member. The schema does not declare it (it allows
   * additional properties); the endpoint's description and example do.
   */
  permission?: string;
  user?: BitbucketAccount;
  workspace?: Pick<BitbucketWorkspace, 'uuid' | 'slug'>;
}

/** schemas.project */
export interface BitbucketProject {
  type?: string;
  uuid: string;
  key?: string;
  name?: string;
  description?: string;
  is_private?: boolean;
  has_publicly_visible_repos?: boolean;
  created_on?: string;
  updated_on?: string;
  links?: BitbucketLinks;
}

/** schemas.branch (only the name matters here). */
export interface BitbucketBranch {
  type?: string;
  name?: string;
}

/** schemas.repository */
export interface BitbucketRepository {
  type?: string;
  uuid: string;
  name?: string;
  full_name?: string;
  slug?: string;
  description?: string;
  is_private?: boolean;
  scm?: string;
  size?: number;
  language?: string;
  has_issues?: boolean;
  has_wiki?: boolean;
  fork_policy?: 'allow_forks' | 'no_public_forks' | 'no_forks';
  created_on?: string;
  updated_on?: string;
  owner?: BitbucketAccount;
  project?: Pick<BitbucketProject, 'uuid' | 'key' | 'name'>;
  mainbranch?: BitbucketBranch;
  /** The repository this one was forked from. */
  parent?: Pick<BitbucketRepository, 'uuid' | 'full_name' | 'name'>;
  links?: BitbucketLinks;
}

/** The small repository reference embedded in PR endpoints and commits. */
export type BitbucketRepositoryRef = Pick<
  BitbucketRepository,
  'uuid' | 'name' | 'full_name' | 'type' | 'links'
>;

/** schemas.group (embedded in permissions-config and branch restrictions). */
export interface BitbucketGroup {
  type?: string;
  name?: string;
  slug: string;
  full_slug?: string;
  owner?: BitbucketAccount | null;
  workspace?: Pick<BitbucketWorkspace, 'uuid' | 'slug'>;
}

/** schemas.repository_user_permission */
export interface BitbucketRepositoryUserPermission {
  type?: string;
  permission: 'read' | 'write' | 'admin' | 'none';
  user?: BitbucketAccount;
}

/** schemas.repository_group_permission */
export interface BitbucketRepositoryGroupPermission {
  type?: string;
  permission: 'read' | 'write' | 'admin' | 'none';
  group?: BitbucketGroup;
}

/**
 * schemas.repository_permission, as GET /workspaces/{workspace}/permissions/repositories
 * lists it: a user's effective (highest) permission on one repository.
 */
export interface BitbucketEffectiveRepositoryPermission {
  type?: string;
  permission?: 'read' | 'write' | 'admin' | 'none';
  user?: BitbucketAccount;
  repository?: BitbucketRepositoryRef;
}

/**
 * schemas.project_user_permission / project_group_permission. `create-repo`
 * is write on every repository of the project plus creating repositories.
 */
export type BitbucketProjectPermissionLevel =
  | 'read'
  | 'write'
  | 'create-repo'
  | 'admin'
  | 'none';

export interface BitbucketProjectUserPermission {
  type?: string;
  permission: BitbucketProjectPermissionLevel;
  user?: BitbucketAccount;
}

export interface BitbucketProjectGroupPermission {
  type?: string;
  permission: BitbucketProjectPermissionLevel;
  group?: BitbucketGroup;
}

/** schemas.default_reviewer_and_type (effective-default-reviewers). */
export interface BitbucketDefaultReviewer {
  type?: string;
  /** `project` or `repository`: where the reviewer was configured. */
  reviewer_type?: string;
  user?: BitbucketAccount;
}

/** The development / production target of a branching model. */
export interface BitbucketBranchingModelTarget {
  name?: string | null;
  use_mainbranch?: boolean;
  branch?: BitbucketBranch;
}

/** schemas.effective_repo_branching_model */
export interface BitbucketEffectiveBranchingModel {
  type?: string;
  development?: BitbucketBranchingModelTarget;
  production?: BitbucketBranchingModelTarget;
  branch_types?: Array<{ kind?: string; prefix?: string }>;
}

/** schemas.branchrestriction */
export interface BitbucketBranchRestriction {
  type?: string;
  id: number;
  kind: string;
  branch_match_kind?: 'branching_model' | 'glob';
  branch_type?: string;
  pattern?: string;
  /** E.g. the minimum number of approvals for require_approvals_to_merge. */
  value?: number | null;
  users?: BitbucketAccount[];
  groups?: BitbucketGroup[];
}

/** schemas.participant */
export interface BitbucketParticipant {
  type?: string;
  user?: BitbucketAccount;
  role?: 'PARTICIPANT' | 'REVIEWER';
  approved?: boolean;
  state?: 'approved' | 'changes_requested' | null;
  participated_on?: string | null;
}

export interface BitbucketCommitRef {
  type?: string;
  hash?: string;
}

/** schemas.pullrequest_endpoint */
export interface BitbucketPullRequestEndpoint {
  repository?: BitbucketRepositoryRef;
  branch?: { name?: string };
  commit?: BitbucketCommitRef | null;
}

export type BitbucketPullRequestState =
  | 'OPEN'
  | 'MERGED'
  | 'DECLINED'
  | 'SUPERSEDED';

/** schemas.pullrequest */
export interface BitbucketPullRequest {
  type?: string;
  id: number;
  title?: string;
  description?: string | null;
  summary?: { raw?: string | null };
  state: BitbucketPullRequestState;
  author?: BitbucketAccount | null;
  source?: BitbucketPullRequestEndpoint;
  destination?: BitbucketPullRequestEndpoint;
  merge_commit?: BitbucketCommitRef | null;
  comment_count?: number;
  task_count?: number;
  close_source_branch?: boolean;
  closed_by?: BitbucketAccount | null;
  reason?: string | null;
  created_on?: string;
  updated_on?: string;
  /** Only with `fields=+values.reviewers` on the list endpoint. */
  reviewers?: BitbucketAccount[];
  /** Only with `fields=+values.participants` on the list endpoint. */
  participants?: BitbucketParticipant[];
  draft?: boolean;
  queued?: boolean;
  links?: BitbucketLinks;
}

/** schemas.author (the commit author: raw text plus the linked user). */
export interface BitbucketCommitAuthor {
  raw?: string;
  user?: BitbucketAccount | null;
}

/** schemas.commit (GET .../pullrequests/{id}/commits). */
export interface BitbucketCommit {
  type?: string;
  hash: string;
  date?: string;
  message?: string;
  author?: BitbucketCommitAuthor;
  parents?: BitbucketCommitRef[];
}

/**
 * One entry of GET .../pullrequests/{id}/activity. The spec declares no
 * schema for it; this follows its documented examples: every entry holds
 * exactly one of `update`, `approval`, `comment` or `changes_requested`.
 */
export interface BitbucketPullRequestActivity {
  update?: {
    state?: BitbucketPullRequestState;
    date?: string;
    author?: BitbucketAccount;
    /** Activity hashes are abbreviated (12 characters). */
    source?: BitbucketPullRequestEndpoint;
    destination?: BitbucketPullRequestEndpoint;
  };
  approval?: {
    date?: string;
    user?: BitbucketAccount;
  };
  changes_requested?: {
    date?: string;
    user?: BitbucketAccount;
  };
  comment?: { id?: number; user?: BitbucketAccount; created_on?: string };
  pull_request?: { id?: number };
}

/** An item of GET /1.0/groups/{workspace} (API 1.0, "temporary support"). */
export interface BitbucketV1Group {
  name: string;
  slug: string;
  permission?: string | null;
  auto_add?: boolean;
  owner?: BitbucketAccount | null;
  members?: BitbucketAccount[];
}

/** The page envelope of every paginated 2.0 endpoint (schemas.paginated_*). */
export interface BitbucketPage<T> {
  size?: number;
  page?: number;
  pagelen?: number;
  next?: string;
  previous?: string;
  values: T[];
}

/** OAuth token response (client_credentials grant). */
export interface BitbucketTokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
  /** Space-separated scopes granted to the consumer. */
  scopes?: string;
}

/**
 * A commit as Pipelines and Deployments embed it (`pipeline_target.commit`,
 * `deployment_release.commit`): often only `hash` and `type`.
 */
export interface BitbucketCommitRef {
  type?: string;
  hash?: string;
}

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

/**
 * schemas.deploy_key (GET /repositories/{ws}/{repo}/deploy-keys) and
 * schemas.project_deploy_key (GET /workspaces/{ws}/projects/{key}/deploy-keys):
 * public keys only. `id` is not in the schemas but in both endpoints'
 * examples (it is the `{key_id}` of the item's path). The schemas name the
 * date `added_on`; the examples send `created_on`: either is read. A
 * repository key's person is `owner`, a project key's `created_by`.
 */
export interface BitbucketDeployKey {
  type?: string;
  id: number;
  /** The OpenSSH public key line ("type body [comment]"). */
  key?: string;
  label?: string;
  comment?: string;
  added_on?: string;
  created_on?: string;
  last_used?: string | null;
  owner?: BitbucketAccount | null;
  created_by?: BitbucketAccount | null;
  repository?: BitbucketRepositoryRef;
  project?: Pick<BitbucketProject, 'uuid' | 'key' | 'name'>;
  links?: BitbucketLinks;
}

/**
 * schemas.webhook_subscription (GET /repositories/{ws}/{repo}/hooks and
 * GET /workspaces/{ws}/hooks). The secret itself is never returned
 * ("It is not possible to see the hook's secret"), only `secret_set`.
 * `skip_cert_verification` is not in the schema (it allows additional
 * properties); real answers carry it.
 */
export interface BitbucketWebhook {
  type?: string;
  uuid: string;
  /** Can carry credentials in its query: only its host is kept. */
  url?: string;
  description?: string;
  subject_type?: 'repository' | 'workspace';
  active?: boolean;
  created_at?: string;
  events?: string[];
  secret_set?: boolean;
  skip_cert_verification?: boolean;
}

/**
 * schemas.pipeline_variable, WITHOUT `value`: the client drops it (the API
 * returns the value of an unsecured variable), so no value can reach an
 * entity, a log or a recording.
 */
export interface BitbucketPipelineVariable {
  type?: string;
  uuid: string;
  key?: string;
  secured?: boolean;
}

/** schemas.pipelines_config (GET /repositories/{ws}/{repo}/pipelines_config). */
export interface BitbucketPipelinesConfig {
  type?: string;
  enabled?: boolean;
}
