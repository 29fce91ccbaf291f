import { IntegrationStep } from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { createBranchRestrictionEntity } from '../converters/branchRestriction';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import {
  AccessGaps,
  addChildOnce,
  forEachLimited,
  StepContext,
  declareStep,
} from '../../steps';
import { repoEnd, repoGapsMessage, repoName, withRequestLog } from './common';
import { adminReadFix, policyRepo, reposForAdminListing } from './permissions';

/** Branch restrictions of every repository. */
export function fetchBranchRestrictions(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.BRANCH_RESTRICTIONS.id;
  return withRequestLog(context, stepId, async (run) => {
    const repos = await reposForAdminListing(
      context,
      run,
      'reading branch restrictions',
    );
    const gaps = new AccessGaps(context, 'branch restrictions');
    await forEachLimited(repos, run.config.concurrency, (repo) =>
      gaps.attempt(repoName(repo), async () => {
        for await (const restriction of run.client.listBranchRestrictions(
          repo.workspaceSlug,
          repo.uuid,
        )) {
          await addChildOnce(
            context.jobState,
            repoEnd(repo),
            createBranchRestrictionEntity(policyRepo(repo), restriction),
          );
        }
      }),
    );
    gaps.publish((found) =>
      repoGapsMessage(
        'branch restrictions',
        found,
        adminReadFix('branch restrictions'),
      ),
    );
  });
}

export const branchRestrictionSteps: IntegrationStep<IntegrationConfig>[] = [
  declareStep(BitbucketSteps.BRANCH_RESTRICTIONS, fetchBranchRestrictions, {
    writes: [
      BitbucketEntities.BRANCH_RESTRICTION,
      BitbucketRelationships.REPO_HAS_BRANCH_RESTRICTION,
    ],
    after: [BitbucketSteps.REPOS],
    source: BitbucketIngestionSourceIds.REPOS,
  }),
];
