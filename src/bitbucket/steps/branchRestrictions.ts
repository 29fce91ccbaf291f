import {
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import { createBranchRestrictionEntity } from '../converters/branchRestriction';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { adminScopeMessage, checkAdminScope } from './adminScope';
import { policyRepo, repoDeniedMessage } from './permissions';
import { collectRepoRefs } from './repos';
import { addRepoChildOnce, forEachLimited, withRequestLog } from './shared';
import { publishMissingPermission, skipFailedListing } from '../../stepSupport';

const E = BitbucketEntities;

export const branchRestrictionSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: BitbucketSteps.BRANCH_RESTRICTIONS.id,
    name: BitbucketSteps.BRANCH_RESTRICTIONS.name,
    entities: [E.BRANCH_RESTRICTION],
    relationships: [BitbucketRelationships.REPO_HAS_BRANCH_RESTRICTION],
    dependsOn: [BitbucketSteps.REPOS.id],
    ingestionSourceId: BitbucketIngestionSourceIds.REPOS,
    executionHandler: withRequestLog(
      BitbucketSteps.BRANCH_RESTRICTIONS.id,
      async (context, run) => {
        const { jobState } = context;
        const scope = await checkAdminScope(run);
        if (scope.lacking.length > 0) {
          publishMissingPermission(
            context,
            adminScopeMessage(scope.lacking, 'reading branch restrictions'),
          );
          if (scope.noneCan) return;
        }
        const repos = await collectRepoRefs(jobState);
        await forEachLimited(repos, run.config.concurrency, async (repo) => {
          try {
            for await (const restriction of run.client.listBranchRestrictions(
              repo.workspaceSlug,
              repo.uuid,
            )) {
              const entity = createBranchRestrictionEntity(
                policyRepo(repo),
                restriction,
              );
              await addRepoChildOnce(
                jobState,
                repo.uuid,
                entity,
                RelationshipClass.HAS,
              );
            }
          } catch (err) {
            if (
              skipFailedListing(
                context,
                `The branch restrictions of Bitbucket repository '${repo.fullName}'`,
                err,
              )
            ) {
              return;
            }
            if (!isHttpStatus(err, 403, 404)) throw err;
            publishMissingPermission(
              context,
              repoDeniedMessage(repo, 'branch restrictions', err),
            );
          }
        });
      },
    ),
  },
];
