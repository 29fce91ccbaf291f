import { ItemShape } from '../../../responseShape';
import { listing, PAGED, PAGELEN } from '../listing';
import { BitbucketAccount, BitbucketLinks } from './accounts';
import {
  ACCOUNT_OBJECTS,
  ACCOUNT_STRINGS,
  LINK_STRINGS,
  LINKS,
} from './accounts';
import { BitbucketCommitRef, BitbucketRepositoryRef } from './repositories';

/** Pull requests, their commits and activity (see accounts.ts). */

/** schemas.participant */
export interface BitbucketParticipant {
  type?: string;
  user?: BitbucketAccount;
  role?: 'PARTICIPANT' | 'REVIEWER';
  approved?: boolean;
  state?: 'approved' | 'changes_requested' | null;
  participated_on?: string | null;
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

/**
 * Pull-request ids are numbers, so a string such as `../permissions?` is
 * refused as "not a number".
 */
export const pullRequestShape: ItemShape = {
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
};

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
 * Commits listed with `fields` may lack `parents`, and many authors have
 * only `raw` (no `user`): both are optional here.
 */
export const commitShape: ItemShape = {
  id: 'hash',
  objects: ['author', 'author.user'],
  strings: ['date', 'message', 'author.raw', 'author.user.uuid'],
  objectArrays: ['parents'],
};

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

/**
 * One event per activity entry (per PR or for the whole repository).
 * Activity entries have no id of their own; each holds one event.
 */
export const activityShape: ItemShape = {
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

/** The whole repository's activity: each entry names its pull request. */
export const repositoryActivityShape: ItemShape = {
  ...activityShape,
  id: 'pull_request.id',
  idType: 'number',
  strings: [...(activityShape.strings ?? []), 'comment.created_on'],
};

const ACTIVITY_PAGES = { query: { pagelen: String(PAGELEN.activity) } };
const COMMIT_PAGES = { query: { pagelen: String(PAGELEN.commits) } };

/** Queried by BitbucketClient.listPullRequests (the window). */
export const pullRequests = listing<BitbucketPullRequest>(
  'GET /repositories/{workspace}/{repo_slug}/pullrequests',
  pullRequestShape,
  PAGED,
);

export const pullRequestActivity = listing<BitbucketPullRequestActivity>(
  'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/activity',
  activityShape,
  ACTIVITY_PAGES,
);

/**
 * The activity of every pull request of the repository, newest first:
 * one listing instead of one per PR (the caller stops reading once it has
 * what it needs; see steps/activitySource.ts). Entries without a pull
 * request id are skipped and counted like any other item without an id.
 */
export const repositoryActivity = listing<BitbucketPullRequestActivity>(
  'GET /repositories/{workspace}/{repo_slug}/pullrequests/activity',
  repositoryActivityShape,
  ACTIVITY_PAGES,
);

export const pullRequestCommits = listing<BitbucketCommit>(
  'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/commits',
  commitShape,
  COMMIT_PAGES,
);
