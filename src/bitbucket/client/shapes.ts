import { ItemShape } from '../../responseShape';

const ACCOUNT_STRINGS = (at: string) =>
  [
    'uuid',
    'display_name',
    'nickname',
    'account_id',
    'account_status',
    'created_on',
    'type',
    'links.html.href',
    'links.avatar.href',
  ].map((field) => `${at}.${field}`);

const ACCOUNT_OBJECTS = (at: string) => [
  at,
  `${at}.links`,
  `${at}.links.html`,
  `${at}.links.avatar`,
];

/**
 * An item naming one account under `user` (memberships, user permissions,
 * default reviewers): `strings` and `objects` of its own besides.
 */
const userItem = (strings: string[], objects: string[] = []): ItemShape => ({
  id: 'user.uuid',
  objects: [...ACCOUNT_OBJECTS('user'), ...objects],
  strings: [...strings, ...ACCOUNT_STRINGS('user')],
});

/**
 * A repository's or project's permission of a group (permissions-config):
 * one shape for both.
 */
const GROUP_PERMISSION: ItemShape = {
  id: 'group.slug',
  objects: ['group', 'group.owner', 'group.workspace'],
  strings: ['permission', 'group.name', 'group.full_slug'],
};

const LINKS = ['links', 'links.html', 'links.self', 'links.avatar'];
const LINK_STRINGS = [
  'links.html.href',
  'links.self.href',
  'links.avatar.href',
];

/** One event per activity entry (per PR or for the whole repository). */
const ACTIVITY: ItemShape = {
  objects: [
    'update',
    'approval',
    'changes_requested',
    'comment',
    'update.source',
    'update.source.commit',
    'update.destination',
    'update.destination.commit',
  ],
  strings: [
    'update.state',
    'update.date',
    'update.source.commit.hash',
    'update.destination.commit.hash',
    'approval.date',
    'approval.user.uuid',
    'changes_requested.date',
    'changes_requested.user.uuid',
  ],
};

/**
 * What each Bitbucket Cloud answer must look like before the package reads
 * it (see src/responseShape.ts). Repository uuids go into later paths
 * (`pathId`); pull-request ids are numbers, so a string such as
 * `../permissions?` is refused as "not a number".
 */
export const BitbucketShapes = {
  workspace: {
    id: 'uuid',
    objects: LINKS,
    strings: ['slug', 'name', 'created_on', 'updated_on', ...LINK_STRINGS],
    booleans: ['is_private', 'is_privacy_enforced'],
  },
  membership: userItem(['permission'], ['workspace']),
  project: {
    id: 'uuid',
    objects: LINKS,
    strings: [
      'key',
      'name',
      'description',
      'created_on',
      'updated_on',
      ...LINK_STRINGS,
    ],
    booleans: ['is_private', 'has_publicly_visible_repos'],
  },
  repository: {
    id: 'uuid',
    pathId: true,
    objects: [
      ...LINKS,
      'project',
      'mainbranch',
      'parent',
      ...ACCOUNT_OBJECTS('owner'),
    ],
    strings: [
      'name',
      'full_name',
      'slug',
      'description',
      'scm',
      'language',
      'fork_policy',
      'created_on',
      'updated_on',
      'project.uuid',
      'project.key',
      'project.name',
      'mainbranch.name',
      'parent.uuid',
      'parent.full_name',
      ...LINK_STRINGS,
      ...ACCOUNT_STRINGS('owner'),
    ],
    numbers: ['size'],
    booleans: ['is_private', 'has_issues', 'has_wiki'],
  },
  /** Of a repository or a project (permissions-config). */
  userPermission: userItem(['permission']),
  groupPermission: GROUP_PERMISSION,
  effectiveRepoPermission: userItem(
    ['permission', 'repository.uuid', 'repository.full_name'],
    ['repository'],
  ),
  defaultReviewer: userItem(['reviewer_type']),
  /** A settings object: no id of its own. */
  effectiveBranchingModel: {
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
  },
  branchRestriction: {
    id: 'id',
    idType: 'number',
    strings: ['kind', 'branch_match_kind', 'branch_type', 'pattern'],
    numbers: ['value'],
    objectArrays: ['users', 'groups'],
  },
  pullRequest: {
    id: 'id',
    idType: 'number',
    objects: [
      ...LINKS,
      'summary',
      'source',
      'source.branch',
      'source.commit',
      'source.repository',
      'destination',
      'destination.branch',
      'destination.commit',
      'destination.repository',
      'merge_commit',
      ...ACCOUNT_OBJECTS('author'),
      ...ACCOUNT_OBJECTS('closed_by'),
    ],
    strings: [
      'title',
      'description',
      'summary.raw',
      'state',
      'reason',
      'created_on',
      'updated_on',
      'source.branch.name',
      'source.commit.hash',
      'destination.branch.name',
      'destination.commit.hash',
      'merge_commit.hash',
      ...LINK_STRINGS,
      ...ACCOUNT_STRINGS('author'),
      ...ACCOUNT_STRINGS('closed_by'),
    ],
    numbers: ['comment_count', 'task_count'],
    booleans: ['draft', 'queued', 'close_source_branch'],
    objectArrays: ['reviewers', 'participants'],
  },
  /** Activity entries have no id of their own; each holds one event. */
  activity: ACTIVITY,
  /** The whole repository's activity: each entry names its pull request. */
  repositoryActivity: {
    ...ACTIVITY,
    id: 'pull_request.id',
    idType: 'number',
    strings: [...(ACTIVITY.strings ?? []), 'comment.created_on'],
  },
  /**
   * Commits listed with `fields` may lack `parents`, and many authors have
   * only `raw` (no `user`): both are optional here.
   */
  commit: {
    id: 'hash',
    objects: ['author', 'author.user'],
    strings: ['date', 'message', 'author.raw', 'author.user.uuid'],
    objectArrays: ['parents'],
  },
  /**
   * Pipelines: `uuid` goes into no later path, but the deployment it ran
   * links to it by key.
   */
  pipeline: {
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
  },
  /** Environment uuids go into the variables path (`pathId`). */
  environment: {
    id: 'uuid',
    pathId: true,
    objects: ['environment_type', 'restrictions', 'lock'],
    strings: [
      'name',
      'slug',
      'environment_type.name',
      'lock.name',
      'lock.type',
    ],
    numbers: ['rank', 'environment_type.rank'],
    booleans: [
      'hidden',
      'restrictions.admin_only',
      'environment_lock_enabled',
      'deployment_gate_enabled',
    ],
  },
  deployment: {
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
  },
  /** Repository and project deploy keys (one shape, two owners). */
  deployKey: {
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
  },
  webhook: {
    id: 'uuid',
    strings: ['url', 'description', 'subject_type', 'created_at'],
    booleans: ['active', 'secret_set', 'skip_cert_verification'],
    stringArrays: ['events'],
  },
  pipelineVariable: {
    id: 'uuid',
    strings: ['key'],
    booleans: ['secured'],
  },
  /** A settings object: no id of its own. */
  pipelinesConfig: {
    booleans: ['enabled'],
  },
  v1Group: {
    id: 'slug',
    objects: ['owner'],
    strings: ['name', 'permission'],
    objectArrays: ['members'],
  },
} satisfies Record<string, ItemShape>;
