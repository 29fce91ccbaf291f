import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import {
  BitbucketBranchRestriction,
  BitbucketEffectiveBranchingModel,
} from '../client/responses/repoSettings';
import { bitbucketKeys } from './keys';
import { PolicyRepo } from './permission';

/**
 * The protection posture of a repository's main branch, resolved from its
 * branch restrictions: a restriction applies when its glob matches the
 * branch name, or when it targets a branch type (`branch_match_kind:
 * branching_model`) that the effective branching model points at the
 * branch (development / production, or a prefix type such as release/).
 */

/** The checks a main branch must pass, as `failedChecks` names them. */
export const POSTURE_CHECKS = {
  approvals: 'no-required-approvals',
  mergeChecks: 'merge-checks-not-enforced',
  resetApprovals: 'approvals-not-reset-on-change',
  passingBuilds: 'no-passing-builds-required',
  forcePush: 'force-push-allowed',
  deletion: 'deletion-allowed',
} as const;

/**
 * Bitbucket Cloud's branch patterns: `*` matches any run of characters
 * (slashes included); everything else is literal.
 */
export function globMatches(pattern: string, branch: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(branch);
}

/** True when a branching-model restriction's branch type covers the main branch. */
export function branchTypeCovers(
  model: BitbucketEffectiveBranchingModel,
  branchType: string | undefined,
  mainBranch: string,
): boolean {
  const branch = mainBranch;
  if (branchType === 'development' || branchType === 'production') {
    const target = model[branchType];
    if (!target) return false;
    const name = target.use_mainbranch ? mainBranch : target.name;
    return name === branch;
  }
  return (model.branch_types ?? []).some(
    (type) =>
      type.kind === branchType &&
      typeof type.prefix === 'string' &&
      type.prefix !== '' &&
      branch.startsWith(type.prefix),
  );
}

export interface BranchPosture {
  branch: string;
  requiredApprovals: number;
  requiredDefaultReviewerApprovals: number;
  mergeChecksEnforced: boolean;
  approvalsEnforced: boolean;
  approvalsResetOnChange: boolean;
  requiredPassingBuilds: number;
  passingBuildsRequired: boolean;
  forcePushBlocked: boolean;
  deletionBlocked: boolean;
  /**
   * False when branching-model restrictions exist but the branching model
   * could not be read: those restrictions were not counted.
   */
  branchingModelResolved: boolean;
  restrictionIds: string[];
  failedChecks: string[];
  compliant: boolean;
}

/**
 * The posture of `branch` under `restrictions`. `model` is needed only when
 * some restriction uses the branching model; undefined means unreadable.
 */
export function branchPosture(
  branch: string,
  restrictions: BitbucketBranchRestriction[],
  model: BitbucketEffectiveBranchingModel | undefined,
): BranchPosture {
  let branchingModelResolved = true;
  const applying = restrictions.filter((r) => {
    if (r.branch_match_kind === 'branching_model') {
      if (!model) {
        branchingModelResolved = false;
        return false;
      }
      return branchTypeCovers(model, r.branch_type, branch);
    }
    return typeof r.pattern === 'string' && globMatches(r.pattern, branch);
  });
  const ofKind = (kind: string) => applying.filter((r) => r.kind === kind);
  const highest = (kind: string) =>
    Math.max(0, ...ofKind(kind).map((r) => r.value ?? 1));
  const requiredApprovals = highest('require_approvals_to_merge');
  const requiredPassingBuilds = highest('require_passing_builds_to_merge');
  const mergeChecksEnforced = ofKind('enforce_merge_checks').length > 0;
  const approvalsResetOnChange =
    ofKind('reset_pullrequest_approvals_on_change').length > 0;
  const forcePushBlocked = ofKind('force').length > 0;
  const deletionBlocked = ofKind('delete').length > 0;
  const C = POSTURE_CHECKS;
  const failedChecks: string[] = [
    requiredApprovals === 0 ? C.approvals : undefined,
    // Without enforce_merge_checks, approvals and builds only warn.
    mergeChecksEnforced ? undefined : C.mergeChecks,
    approvalsResetOnChange ? undefined : C.resetApprovals,
    requiredPassingBuilds === 0 ? C.passingBuilds : undefined,
    forcePushBlocked ? undefined : C.forcePush,
    deletionBlocked ? undefined : C.deletion,
  ].flatMap((check) => (check === undefined ? [] : [check]));
  return {
    branch,
    requiredApprovals,
    requiredDefaultReviewerApprovals: highest(
      'require_default_reviewer_approvals_to_merge',
    ),
    mergeChecksEnforced,
    approvalsEnforced: requiredApprovals > 0 && mergeChecksEnforced,
    approvalsResetOnChange,
    requiredPassingBuilds,
    passingBuildsRequired: requiredPassingBuilds > 0,
    forcePushBlocked,
    deletionBlocked,
    branchingModelResolved,
    restrictionIds: applying.map((r) => String(r.id)),
    failedChecks,
    compliant: failedChecks.length === 0,
  };
}

/** True when resolving `restrictions` needs the effective branching model. */
export function needsBranchingModel(
  restrictions: BitbucketBranchRestriction[],
): boolean {
  return restrictions.some((r) => r.branch_match_kind === 'branching_model');
}

/**
 * One entity per repository and main branch: the SDK cannot update the
 * repository entity after the repositories step wrote it, and the posture
 * needs the admin-only restriction listing, which the repositories step
 * must not wait for (repo HAS branch protection).
 */
export function createBranchProtectionEntity(
  repo: PolicyRepo,
  posture: BranchPosture,
): Entity {
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _key: bitbucketKeys.branchProtection(repo.uuid, posture.branch),
        _type: BitbucketEntities.BRANCH_PROTECTION._type,
        _class: BitbucketEntities.BRANCH_PROTECTION._class,
        name: `${repo.name}:${posture.branch}`,
        displayName: `${repo.name} ${posture.branch} protection`,
        category: 'config',
        ...posture,
        repoId: repo.uuid,
        ownerId: repo.workspaceUuid,
        workspace: repo.workspaceSlug,
      },
    },
  });
}
