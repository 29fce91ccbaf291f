import { ItemShape } from '../../../responseShape';
import { listing, PAGED, PAGELEN } from '../listing';
import {
  ACCOUNT_OBJECTS,
  ACCOUNT_STRINGS,
  BitbucketAccount,
  BitbucketLinks,
  userItem,
} from './accounts';
import { BitbucketBranch, BitbucketRepositoryRef } from './repositories';
import { BitbucketGroup, BitbucketProject } from './workspaces';

/**
 * A repository's settings: default reviewers, branching model, branch
 * restrictions, deploy keys, webhooks, Pipelines variables and config
 * (see accounts.ts).
 */

/** schemas.default_reviewer_and_type (effective-default-reviewers). */
export interface BitbucketDefaultReviewer {
  type?: string;
  /** `project` or `repository`: where the reviewer was configured. */
  reviewer_type?: string;
  user?: BitbucketAccount;
}

export const defaultReviewerShape = userItem(['reviewer_type']);

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

/** A settings object: no id of its own. */
export const effectiveBranchingModelShape: ItemShape = {
  objects: [
    'development',
    'development.branch',
    'production',
    'production.branch',
  ],
  strings: [
    'development.name',
    'development.branch.name',
    'production.name',
    'production.branch.name',
  ],
  booleans: ['development.use_mainbranch', 'production.use_mainbranch'],
  objectArrays: ['branch_types'],
};

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

export const branchRestrictionShape: ItemShape = {
  id: 'id',
  idType: 'number',
  strings: ['kind', 'branch_match_kind', 'branch_type', 'pattern'],
  numbers: ['value'],
  objectArrays: ['users', 'groups'],
};

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

/** Repository and project deploy keys (one shape, two owners). */
export const deployKeyShape: ItemShape = {
  id: 'id',
  idType: 'number',
  objects: [
    'links',
    'repository',
    'project',
    ...ACCOUNT_OBJECTS('owner'),
    ...ACCOUNT_OBJECTS('created_by'),
  ],
  strings: [
    'key',
    'label',
    'comment',
    'added_on',
    'created_on',
    'last_used',
    'repository.uuid',
    'project.uuid',
    'project.key',
    ...ACCOUNT_STRINGS('owner'),
    ...ACCOUNT_STRINGS('created_by'),
  ],
};

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

export const webhookShape: ItemShape = {
  id: 'uuid',
  strings: ['url', 'description', 'subject_type', 'created_at'],
  booleans: ['active', 'secret_set', 'skip_cert_verification'],
  stringArrays: ['events'],
};

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

export const pipelineVariableShape: ItemShape = {
  id: 'uuid',
  strings: ['key'],
  booleans: ['secured'],
};

/** schemas.pipelines_config (GET /repositories/{ws}/{repo}/pipelines_config). */
export interface BitbucketPipelinesConfig {
  type?: string;
  enabled?: boolean;
}

/** A settings object: no id of its own. */
export const pipelinesConfigShape: ItemShape = {
  booleans: ['enabled'],
};

/**
 * Every Pipelines variable listing: `fields=-values.value` asks Bitbucket
 * to leave the values out (the API returns an unsecured variable's value);
 * whatever arrives anyway is dropped by the client, before anything else
 * sees the item.
 */
const VALUES_LEFT_OUT = {
  omit: ['value'],
  query: { pagelen: String(PAGELEN.default), fields: '-values.value' },
};

export const repoBranchRestrictions = listing<BitbucketBranchRestriction>(
  'GET /repositories/{workspace}/{repo_slug}/branch-restrictions',
  branchRestrictionShape,
  PAGED,
);

/**
 * The repository's default reviewers with those inherited from its
 * project (`reviewer_type` says which).
 */
export const effectiveDefaultReviewers = listing<BitbucketDefaultReviewer>(
  'GET /repositories/{workspace}/{repo_slug}/effective-default-reviewers',
  defaultReviewerShape,
  PAGED,
);

/** Deploy keys of a repository (public keys; repository admin only). */
export const repoDeployKeys = listing<BitbucketDeployKey>(
  'GET /repositories/{workspace}/{repo_slug}/deploy-keys',
  deployKeyShape,
  PAGED,
);

/** Deploy keys of a project (public keys; project admin only). */
export const projectDeployKeys = listing<BitbucketDeployKey>(
  'GET /workspaces/{workspace}/projects/{project_key}/deploy-keys',
  deployKeyShape,
  PAGED,
);

/** Webhooks of a repository (needs the webhook scope and repository admin). */
export const repoWebhooks = listing<BitbucketWebhook>(
  'GET /repositories/{workspace}/{repo_slug}/hooks',
  webhookShape,
  PAGED,
);

/** Webhooks of a workspace (needs the webhook scope; owners only). */
export const workspaceWebhooks = listing<BitbucketWebhook>(
  'GET /workspaces/{workspace}/hooks',
  webhookShape,
  PAGED,
);

/** Pipelines variables of a workspace: key and `secured`, never a value. */
export const workspacePipelineVariables = listing<BitbucketPipelineVariable>(
  'GET /workspaces/{workspace}/pipelines-config/variables',
  pipelineVariableShape,
  VALUES_LEFT_OUT,
);

/** Pipelines variables of a repository: key and `secured`, never a value. */
export const repoPipelineVariables = listing<BitbucketPipelineVariable>(
  'GET /repositories/{workspace}/{repo_slug}/pipelines_config/variables',
  pipelineVariableShape,
  VALUES_LEFT_OUT,
);

/**
 * Pipelines variables of one deployment environment of a repository: key
 * and `secured`, never a value (`pipeline` scope, repository admin).
 */
export const environmentPipelineVariables = listing<BitbucketPipelineVariable>(
  'GET /repositories/{workspace}/{repo_slug}/deployments_config/environments/{environment_uuid}/variables',
  pipelineVariableShape,
  VALUES_LEFT_OUT,
);
