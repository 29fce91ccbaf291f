import { ADMIN_SCOPE } from '../auth/scopes';
import {
  BitbucketBranchRestriction,
  repoBranchRestrictions,
} from '../client/responses/repoSettings';
import { BitbucketRunClient } from '../client/clientCache';
import {
  branchPosture,
  createBranchProtectionEntity,
  needsBranchingModel,
} from '../converters/branchProtection';
import { createBranchRestrictionEntity } from '../converters/branchRestriction';
import { RepoRef } from '../converters/repo';
import { BitbucketSteps } from '../metadata';
import {
  AccessGap,
  accessGapOf,
  addChildOnce,
  publishMissingPermission,
  StepContext,
  StepHandlers,
} from '../../steps';
import {
  adminReadFix,
  readEach,
  repoEnd,
  repoGapsMessage,
  repoName,
  REPOSITORIES,
  withRequestLog,
} from './common';
import { policyRepo } from './permissions';

/**
 * The effective branching model of a repository, or undefined when it
 * answered 403/404 (recorded in `modelGaps`: its branching-model
 * restrictions are then left out of the posture).
 */
async function branchingModel(
  run: BitbucketRunClient,
  repo: RepoRef,
  modelGaps: AccessGap[],
) {
  try {
    return await run.client.getEffectiveBranchingModel(
      repo.workspaceSlug,
      repo.uuid,
    );
  } catch (err) {
    const status = accessGapOf(err);
    if (status === undefined) throw err;
    modelGaps.push({ name: repoName(repo), status });
    return undefined;
  }
}

async function ingestRestrictions(
  context: StepContext,
  run: BitbucketRunClient,
  repo: RepoRef,
  modelGaps: AccessGap[],
): Promise<void> {
  const restrictions: BitbucketBranchRestriction[] = [];
  for await (const restriction of run.client.list(repoBranchRestrictions, [
    repo.workspaceSlug,
    repo.uuid,
  ])) {
    restrictions.push(restriction);
    await addChildOnce(
      context.jobState,
      repoEnd(repo),
      createBranchRestrictionEntity(policyRepo(repo), restriction),
    );
  }
  // An empty repository has no main branch to protect.
  if (!repo.mainBranch) return;
  // The branching model is read only when a restriction targets a branch
  // type: glob restrictions name their branches themselves.
  const model = needsBranchingModel(restrictions)
    ? await branchingModel(run, repo, modelGaps)
    : {};
  await addChildOnce(
    context.jobState,
    repoEnd(repo),
    createBranchProtectionEntity(
      policyRepo(repo),
      branchPosture(repo.mainBranch, restrictions, model),
    ),
  );
}

/**
 * Branch restrictions of every repository, and the protection posture of
 * its main branch they add up to (computed here, where the restrictions
 * are in hand: a repository whose restrictions could not be read gets no
 * posture rather than a wrong one).
 */
export function fetchBranchRestrictions(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.BRANCH_RESTRICTIONS.id;
  return withRequestLog(context, stepId, async (run) => {
    const modelGaps: AccessGap[] = [];
    await readEach(
      context,
      run,
      REPOSITORIES,
      {
        needs: { scope: ADMIN_SCOPE, for: 'reading branch restrictions' },
        what: 'branch restrictions',
        hint: adminReadFix('branch restrictions'),
      },
      (repo) => ingestRestrictions(context, run, repo, modelGaps),
    );
    if (modelGaps.length > 0) {
      publishMissingPermission(
        context,
        repoGapsMessage(
          'effective branching model',
          modelGaps,
          'Their branch protection posture leaves out the restrictions that target a branch type (branchingModelResolved = false). The endpoint needs the repository scope (Repositories: Read).',
        ),
      );
    }
  });
}

export const branchRestrictionHandlers = {
  BRANCH_RESTRICTIONS: fetchBranchRestrictions,
} satisfies StepHandlers<typeof BitbucketSteps>;
