import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketAccount } from '../client/responses/accounts';
import { BitbucketPullRequest } from '../client/responses/pullRequests';
import { ApprovalAnalysis } from '../approval/analyze';
import { htmlLink, time } from './common';
import { bitbucketKeys } from './keys';
import { stringProperty, stringsProperty } from '../../steps/entityProperties';

function uuids(accounts: Array<BitbucketAccount | undefined>): string[] {
  const seen = new Set<string>();
  for (const account of accounts) if (account?.uuid) seen.add(account.uuid);
  return [...seen];
}

function names(accounts: BitbucketAccount[]): string[] {
  return accounts.map((a) => a.display_name ?? a.nickname ?? a.uuid ?? '');
}

/** People who reviewed: reviewers, and participants with a review state. */
export function reviewersOf(pr: BitbucketPullRequest): BitbucketAccount[] {
  const byUuid = new Map<string, BitbucketAccount>();
  for (const reviewer of pr.reviewers ?? []) {
    if (reviewer.uuid) byUuid.set(reviewer.uuid, reviewer);
  }
  for (const p of pr.participants ?? []) {
    const reviewed = p.role === 'REVIEWER' || p.approved || Boolean(p.state);
    if (reviewed && p.user?.uuid && !byUuid.has(p.user.uuid)) {
      byUuid.set(p.user.uuid, p.user);
    }
  }
  return [...byUuid.values()];
}

/** Approvers from the activity, plus participants marked approved. */
export function approversOf(
  pr: BitbucketPullRequest,
  analysis: ApprovalAnalysis,
): BitbucketAccount[] {
  const byUuid = new Map<string, BitbucketAccount>();
  for (const a of analysis.approvers) if (a.uuid) byUuid.set(a.uuid, a);
  for (const p of pr.participants ?? []) {
    if (p.approved && p.user?.uuid && !byUuid.has(p.user.uuid)) {
      byUuid.set(p.user.uuid, p.user);
    }
  }
  return [...byUuid.values()];
}

function shortDescription(pr: BitbucketPullRequest): string | undefined {
  // Real answers carry a top-level `description` (the spec lists only
  // `summary`); an empty one falls back to summary.raw.
  const text = pr.description || pr.summary?.raw || '';
  if (!text) return undefined;
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

export interface PullRequestContext {
  workspaceUuid: string;
  /** Why the analysis is unknown, when it is (never a secret). */
  analysisGap?: string;
}

export function createPullRequestEntity(
  pr: BitbucketPullRequest & { destination: { repository: { uuid: string } } },
  analysis: ApprovalAnalysis,
  context: PullRequestContext,
): Entity {
  const destinationRepo = pr.destination.repository;
  const sourceRepo = pr.source?.repository;
  const reviewers = reviewersOf(pr);
  const approvers = approversOf(pr, analysis);
  const participants = pr.participants ?? [];
  const known = analysis.approvalStatus !== 'unknown' ? analysis : undefined;
  const repoName = destinationRepo.name ?? destinationRepo.full_name ?? '';
  return createIntegrationEntity({
    entityData: {
      source: pr,
      assign: {
        _key: bitbucketKeys.pullRequest(destinationRepo.uuid, pr.id),
        _type: BitbucketEntities.PULL_REQUEST._type,
        _class: BitbucketEntities.PULL_REQUEST._class,
        id: String(pr.id),
        name: pr.title ?? `#${pr.id}`,
        title: pr.title ?? `#${pr.id}`,
        displayName: `${repoName}/${pr.id}`,
        summary: pr.title,
        description: shortDescription(pr),
        webLink: htmlLink(pr.links),
        accountId: context.workspaceUuid,
        repoId: destinationRepo.uuid,
        repository: repoName,
        repositoryFullName: destinationRepo.full_name?.toLowerCase(),
        sourceRepoId: sourceRepo?.uuid,
        sourceRepository: sourceRepo?.full_name?.toLowerCase(),
        fromFork: Boolean(
          sourceRepo?.uuid && sourceRepo.uuid !== destinationRepo.uuid,
        ),
        source: pr.source?.branch?.name ?? '',
        target: pr.destination.branch?.name ?? '',
        sourceCommit: pr.source?.commit?.hash,
        destinationCommit: pr.destination.commit?.hash,
        mergeCommit: pr.merge_commit?.hash,
        state: pr.state,
        open: pr.state === 'OPEN',
        merged: pr.state === 'MERGED',
        declined: pr.state === 'DECLINED',
        superseded: pr.state === 'SUPERSEDED',
        draft: pr.draft,
        queued: pr.queued,
        reason: pr.reason || undefined,
        closeSourceBranch: pr.close_source_branch,
        closedById: pr.closed_by?.uuid,
        closedBy: pr.closed_by?.display_name,
        taskCount: pr.task_count,
        commentCount: pr.comment_count,
        createdOn: time(pr.created_on),
        updatedOn: time(pr.updated_on),
        authorId: pr.author?.uuid,
        author: pr.author?.display_name,
        reviewerIds: uuids(reviewers),
        reviewers: names(reviewers),
        participantIds: uuids(participants.map((p) => p.user)),
        changesRequestedByIds: uuids(
          participants
            .filter((p) => p.state === 'changes_requested')
            .map((p) => p.user),
        ),
        changesRequested: participants.some(
          (p) => p.state === 'changes_requested',
        ),
        approverIds: uuids(approvers),
        approvers: names(approvers),
        approvalStatus: analysis.approvalStatus,
        approvalAnalysisGap: context.analysisGap,
        // Absent (not false) when the analysis is unknown.
        ...(known
          ? {
              approved: known.approved,
              validated: known.validated,
              approvedCommitsRemoved: known.approvedCommitsRemoved,
              commits: known.commits,
              commitMessages: known.commitMessages,
              commitsApproved: known.commitsApproved,
              commitsNotApproved: known.commitsNotApproved,
              commitsByUnknownAuthor: known.commitsByUnknownAuthor,
            }
          : {}),
      },
    },
  });
}

/** Properties of `bitbucket_pull_request` that later steps read back. */
export const PullRequestProperties = {
  authorId: 'authorId',
  reviewerIds: 'reviewerIds',
  approverIds: 'approverIds',
  repositoryFullName: 'repositoryFullName',
  mergeCommit: 'mergeCommit',
  sourceCommit: 'sourceCommit',
  approvalStatus: 'approvalStatus',
} as const;

/** Who a collected PR names, and the commits it can be matched on. */
export interface PullRequestRef {
  key: string;
  authorId?: string;
  reviewerIds: string[];
  approverIds: string[];
  repositoryFullName?: string;
  mergeCommit?: string;
  sourceCommit?: string;
  /** 'approved' | 'not-approved' | 'unknown' (the approval analysis). */
  approvalStatus?: string;
}

export function readPullRequestRef(entity: Entity): PullRequestRef {
  const P = PullRequestProperties;
  return {
    key: entity._key,
    authorId: stringProperty(entity, P.authorId),
    reviewerIds: stringsProperty(entity, P.reviewerIds),
    approverIds: stringsProperty(entity, P.approverIds),
    repositoryFullName: stringProperty(entity, P.repositoryFullName),
    mergeCommit: stringProperty(entity, P.mergeCommit),
    sourceCommit: stringProperty(entity, P.sourceCommit),
    approvalStatus: stringProperty(entity, P.approvalStatus),
  };
}
