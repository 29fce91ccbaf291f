/**
 * Turns a scripted pull-request history (pushes, approvals, force-pushes,
 * merge...) into the records the vendor would hold: commits with parents, the
 * activity log and the participants. Deriving all three from one script keeps
 * them consistent, which the approval analysis depends on: an approval binds to
 * the (source head, destination) pair of the latest `update` entry before it
 * (prior-art §3.2), and that pair must resolve against the PR's commits.
 */
import { IdSource } from './ids';
import {
  BbActivity,
  BbCommit,
  BbParticipant,
  BbPullRequest,
  BbRepo,
  BbUser,
  PullRequestState,
} from './model';

export interface CommitAuthor {
  /** Bitbucket account; omit for an email Bitbucket cannot map to a user. */
  uuid?: string;
  /** `Name <email>`; defaults to the account's display name and nickname. */
  raw?: string;
}

export interface CommitSpec {
  /** Stable label, unique in the PR (the demo derives the hash from it). */
  label: string;
  author: CommitAuthor;
  message: string;
}

export type PrEvent =
  | { kind: 'push'; at: number; byUuid: string; commits: CommitSpec[] }
  /** Rewrites the branch: the new commits replace every current one. */
  | { kind: 'force-push'; at: number; byUuid: string; commits: CommitSpec[] }
  | { kind: 'approve'; at: number; userUuid: string }
  | { kind: 'request-changes'; at: number; userUuid: string }
  | { kind: 'comment'; at: number; userUuid: string; text: string }
  | { kind: 'merge'; at: number; userUuid: string }
  | { kind: 'decline'; at: number; userUuid: string; reason: string }
  | { kind: 'supersede'; at: number; userUuid: string };

export interface PrPlan {
  /** Destination repository. */
  repo: BbRepo;
  /** Source repository: the destination itself, or a fork of it. */
  sourceRepo: BbRepo;
  id: number;
  title: string;
  description: string;
  authorUuid: string;
  sourceBranch: string;
  draft: boolean;
  reviewerUuids: string[];
  closeSourceBranch: boolean;
  taskCount: number;
  /** Chronological; the first event must be the push that opens the PR. */
  events: PrEvent[];
}

export interface HistorySink {
  commits: BbCommit[];
  pullRequests: BbPullRequest[];
}

export interface BuildContext {
  ids: IdSource;
  users: Map<string, BbUser>;
  sink: HistorySink;
  /** Next pull-request comment id (global, like the vendor's). */
  nextCommentId: number;
}

const MINUTE = 60_000;

function rawAuthor(context: BuildContext, author: CommitAuthor): string {
  if (author.raw) return author.raw;
  const user = author.uuid ? context.users.get(author.uuid) : undefined;
  if (!user) throw new Error(`commit author ${author.uuid} is not a user`);
  return `${user.displayName} <${user.nickname}@example.com>`;
}

interface MergeSlot {
  plan: PrPlan;
  at: number;
  userUuid: string;
  hash: string;
}

/**
 * Builds a repository's main line and its pull requests. The main branch is
 * `baseCommits` followed by one merge commit per merged PR in merge order, so
 * each PR's destination commit is the main head when it was opened.
 */
export function buildRepositoryHistory(
  context: BuildContext,
  repo: BbRepo,
  baseCommits: CommitSpec[],
  baseStart: number,
  plans: PrPlan[],
): void {
  const { ids, sink } = context;
  let head = '';
  baseCommits.forEach((spec, index) => {
    const hash = ids.hash(`${repo.workspaceSlug}/${repo.slug}:${spec.label}`);
    sink.commits.push({
      hash,
      repoUuid: repo.uuid,
      date: baseStart + index * 60 * MINUTE,
      authorRaw: rawAuthor(context, spec.author),
      authorUuid: spec.author.uuid,
      message: spec.message,
      parents: head ? [head] : [],
    });
    head = hash;
  });
  const baseHead = head;

  const merges: MergeSlot[] = [];
  for (const plan of plans) {
    const merge = plan.events.find((e) => e.kind === 'merge');
    if (merge && merge.kind === 'merge') {
      merges.push({
        plan,
        at: merge.at,
        userUuid: merge.userUuid,
        hash: ids.hash(`${repo.workspaceSlug}/${repo.slug}#${plan.id}:merge`),
      });
    }
  }
  merges.sort((a, b) => a.at - b.at);
  const headAt = (time: number): string => {
    let current = baseHead;
    for (const merge of merges) {
      if (merge.at <= time) current = merge.hash;
      else break;
    }
    return current;
  };

  const sourceHeadAtMerge = new Map<PrPlan, string>();
  for (const plan of plans) {
    const slot = merges.find((m) => m.plan === plan);
    const pullRequest = materializePullRequest(
      context,
      plan,
      headAt(plan.events[0].at),
      slot?.hash,
    );
    sourceHeadAtMerge.set(plan, pullRequest.sourceCommit);
    sink.pullRequests.push(pullRequest);
  }

  let mainHead = baseHead;
  for (const merge of merges) {
    const merger = context.users.get(merge.userUuid);
    sink.commits.push({
      hash: merge.hash,
      repoUuid: repo.uuid,
      date: merge.at,
      authorRaw: rawAuthor(context, { uuid: merger?.uuid }),
      authorUuid: merger?.uuid,
      // Bitbucket's merge-commit message format.
      message: `Merged in ${merge.plan.sourceBranch} (pull request #${merge.plan.id})\n\n${merge.plan.title}`,
      parents: [mainHead, sourceHeadAtMerge.get(merge.plan) ?? mainHead],
    });
    mainHead = merge.hash;
  }
  repo.mainHead = mainHead;
}

function materializePullRequest(
  context: BuildContext,
  plan: PrPlan,
  destinationCommit: string,
  mergeCommit: string | undefined,
): BbPullRequest {
  const { ids, sink } = context;
  const first = plan.events[0];
  if (!first || first.kind !== 'push') {
    throw new Error(`PR #${plan.id} must open with a push`);
  }
  const chronological: BbActivity[] = [];
  const participants = new Map<string, BbParticipant>();
  for (const uuid of plan.reviewerUuids) {
    participants.set(uuid, {
      userUuid: uuid,
      role: 'REVIEWER',
      approved: false,
      state: null,
      participatedOn: null,
    });
  }
  const participant = (uuid: string): BbParticipant => {
    let found = participants.get(uuid);
    if (!found) {
      found = {
        userUuid: uuid,
        role: 'PARTICIPANT',
        approved: false,
        state: null,
        participatedOn: null,
      };
      participants.set(uuid, found);
    }
    return found;
  };

  let commits: string[] = []; // newest first
  let state: PullRequestState = 'OPEN';
  let closedByUuid: string | undefined;
  let reason: string | undefined;
  let commentCount = 0;
  const repoPrefix = `${plan.repo.workspaceSlug}/${plan.repo.slug}#${plan.id}`;

  const push = (at: number, specs: CommitSpec[], parent: string): void => {
    let previous = parent;
    specs.forEach((spec, index) => {
      const hash = ids.hash(`${repoPrefix}:${spec.label}`);
      sink.commits.push({
        hash,
        repoUuid: plan.sourceRepo.uuid,
        date: at - (specs.length - index) * MINUTE,
        authorRaw: rawAuthor(context, spec.author),
        authorUuid: spec.author.uuid,
        message: spec.message,
        parents: [previous],
      });
      commits.unshift(hash);
      previous = hash;
    });
  };

  for (const event of plan.events) {
    switch (event.kind) {
      case 'push':
      case 'force-push':
        if (event.kind === 'force-push') commits = [];
        push(event.at, event.commits, commits[0] ?? destinationCommit);
        chronological.push({
          kind: 'update',
          date: event.at,
          authorUuid: event.byUuid,
          state: 'OPEN',
          sourceCommit: commits[0],
          destinationCommit,
        });
        break;
      case 'approve': {
        const p = participant(event.userUuid);
        p.approved = true;
        p.state = 'approved';
        p.participatedOn = event.at;
        chronological.push({
          kind: 'approval',
          date: event.at,
          userUuid: event.userUuid,
        });
        break;
      }
      case 'request-changes': {
        const p = participant(event.userUuid);
        p.approved = false;
        p.state = 'changes_requested';
        p.participatedOn = event.at;
        chronological.push({
          kind: 'changes_requested',
          date: event.at,
          userUuid: event.userUuid,
        });
        break;
      }
      case 'comment': {
        const p = participant(event.userUuid);
        // For approvers participated_on stays the approval time (schema text).
        if (!p.approved) p.participatedOn = event.at;
        commentCount += 1;
        chronological.push({
          kind: 'comment',
          date: event.at,
          userUuid: event.userUuid,
          commentId: context.nextCommentId++,
          text: event.text,
        });
        break;
      }
      case 'merge':
        state = 'MERGED';
        closedByUuid = event.userUuid;
        // The merge update's destination is the new main head (the merge
        // commit), which is why prior-art §3.3 skips it when resolving ranges.
        chronological.push({
          kind: 'update',
          date: event.at,
          authorUuid: event.userUuid,
          state: 'MERGED',
          sourceCommit: commits[0],
          destinationCommit: mergeCommit ?? destinationCommit,
        });
        break;
      case 'decline':
        state = 'DECLINED';
        closedByUuid = event.userUuid;
        reason = event.reason;
        chronological.push({
          kind: 'update',
          date: event.at,
          authorUuid: event.userUuid,
          state: 'DECLINED',
          sourceCommit: commits[0],
          destinationCommit,
        });
        break;
      case 'supersede':
        state = 'SUPERSEDED';
        closedByUuid = event.userUuid;
        break;
    }
  }

  const last = plan.events[plan.events.length - 1];
  return {
    repoUuid: plan.repo.uuid,
    id: plan.id,
    title: plan.title,
    description: plan.description,
    state,
    draft: plan.draft,
    authorUuid: plan.authorUuid,
    sourceRepoUuid: plan.sourceRepo.uuid,
    sourceBranch: plan.sourceBranch,
    sourceCommit: commits[0],
    destinationBranch: plan.repo.mainBranch,
    destinationCommit,
    mergeCommit: state === 'MERGED' ? mergeCommit : undefined,
    closedByUuid,
    reason,
    closeSourceBranch: plan.closeSourceBranch,
    createdOn: first.at,
    updatedOn: last.at,
    commentCount,
    taskCount: plan.taskCount,
    participants: [...participants.values()],
    commitHashes: commits,
    activity: chronological.reverse(),
  };
}
