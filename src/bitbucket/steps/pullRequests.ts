import {
  createDirectRelationship,
  IntegrationProviderAPIError,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import { analyzePullRequestApproval } from '../approval/analyze';
import { BitbucketRunClient } from '../client/clientCache';
import {
  BitbucketCommit,
  BitbucketPullRequest,
  BitbucketPullRequestActivity,
} from '../client/types';
import {
  createPullRequestEntity,
  createPullRequestKey,
} from '../converters/pullRequest';
import {
  BitbucketEntities,
  BitbucketIngestionSourceIds,
  BitbucketRelationships,
  BitbucketSteps,
} from '../metadata';
import { pullRequestWindowStart } from './pullRequestWindow';
import { collectRepoRefs, RepoRef } from './repos';
import {
  addRepoChildOnce,
  BitbucketStepContext,
  forEachLimited,
  withRequestLog,
} from './shared';
import {
  publishMissingPermission,
  runStartedOn,
  skipFailedListing,
} from '../../stepSupport';

const E = BitbucketEntities;

async function readAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** A reason the analysis could not be made, or undefined when it could. */
type Fetched<T> = { ok: true; value: T } | { ok: false; reason: string };

async function fetchDetail<T>(
  what: string,
  load: () => Promise<T>,
): Promise<Fetched<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (err) {
    // Any provider answer (403, 404, retries exhausted...) leaves the PR
    // without analysis; programming errors still fail the step.
    if (!(err instanceof IntegrationProviderAPIError)) throw err;
    return { ok: false, reason: `${what}: ${err.status} ${err.statusText}` };
  }
}

/** uuids a commit author needs for the commit to count as attributable. */
async function knownAuthorUuids(
  run: BitbucketRunClient,
  context: BitbucketStepContext,
): Promise<Set<string>> {
  const known = new Set<string>();
  const workspaces: Array<{ uuid: string; slug: string }> = [];
  await context.jobState.iterateEntities(
    { _type: E.WORKSPACE._type },
    (workspace) => {
      workspaces.push({ uuid: workspace._key, slug: String(workspace.slug) });
    },
  );
  for (const workspace of workspaces) {
    known.add(workspace.uuid);
    for (const uuid of await run.client.getMemberUuids(workspace.slug)) {
      known.add(uuid);
    }
  }
  return known;
}

async function ingestPullRequest(
  context: BitbucketStepContext,
  run: BitbucketRunClient,
  repo: RepoRef,
  pr: BitbucketPullRequest,
  known: () => Promise<Set<string>>,
): Promise<void> {
  const { jobState } = context;
  // Activity and commits live on the destination repository (where the PR
  // is), addressed by uuid: the older integration used the source repo's
  // *name*, which failed for forks and for names that differ from the slug.
  const [activity, commits] = await Promise.all([
    fetchDetail<BitbucketPullRequestActivity[]>('activity', () =>
      readAll(
        run.client.listPullRequestActivity(
          repo.workspaceSlug,
          repo.uuid,
          pr.id,
        ),
      ),
    ),
    fetchDetail<BitbucketCommit[]>('commits', () =>
      readAll(
        run.client.listPullRequestCommits(repo.workspaceSlug, repo.uuid, pr.id),
      ),
    ),
  ]);
  const analysis = analyzePullRequestApproval({
    activity: activity.ok ? activity.value : undefined,
    commits: commits.ok ? commits.value : undefined,
    knownAuthorUuids: await known(),
  });
  const gaps = [activity, commits]
    .filter((f): f is { ok: false; reason: string } => !f.ok)
    .map((f) => f.reason);
  if (gaps.length > 0) {
    publishMissingPermission(
      context,
      `Bitbucket pull request ${repo.fullName}#${
        pr.id
      } was collected without its approval analysis (approvalStatus "unknown"): ${gaps.join(
        '; ',
      )}. Check that the credential can read pull requests of '${
        repo.fullName
      }' (scope pullrequest); the next run retries it if the PR is updated.`,
    );
  }
  const entity = createPullRequestEntity(
    {
      ...pr,
      destination: {
        ...pr.destination,
        repository: { ...pr.destination?.repository, uuid: repo.uuid },
      },
    },
    analysis,
    {
      workspaceUuid: repo.workspaceUuid,
      analysisGap: gaps.length > 0 ? gaps.join('; ') : undefined,
    },
  );
  await addRepoChildOnce(jobState, repo.uuid, entity, RelationshipClass.HAS);
}

export const pullRequestSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: BitbucketSteps.PULL_REQUESTS.id,
    name: BitbucketSteps.PULL_REQUESTS.name,
    entities: [E.PULL_REQUEST],
    relationships: [BitbucketRelationships.REPO_HAS_PULL_REQUEST],
    // Only repos: switching users off must not switch PRs off.
    dependsOn: [BitbucketSteps.REPOS.id],
    ingestionSourceId: BitbucketIngestionSourceIds.PULL_REQUESTS,
    executionHandler: withRequestLog(
      BitbucketSteps.PULL_REQUESTS.id,
      async (context, run) => {
        const since = pullRequestWindowStart({
          now: runStartedOn(context),
          lastSuccessfulStartedOn:
            context.executionHistory?.lastSuccessful?.startedOn,
          lookbackDays: run.config.pullRequestLookbackDays,
        });
        context.logger.info(
          { since: since.toISOString() },
          'Collecting Bitbucket pull requests updated since the window start',
        );
        // Asked for at the first PR, by when the users step (if it runs)
        // has started the member listing this shares.
        let knownPromise: Promise<Set<string>> | undefined;
        const known = () =>
          (knownPromise = knownPromise ?? knownAuthorUuids(run, context));
        const repos = await collectRepoRefs(context.jobState);
        const claimed = new Set<string>();
        // Repos and their PRs fan out; the transport bounds the requests
        // actually in flight (bitbucketConcurrency).
        const repoLimit = Math.max(1, Math.ceil(run.config.concurrency / 2));
        await forEachLimited(repos, repoLimit, async (repo) => {
          try {
            await forEachLimited(
              run.client.listPullRequests(repo.workspaceSlug, repo.uuid, since),
              run.config.concurrency,
              (pr) => {
                // A PR updated while its repo is listed moves to the top of
                // the `-updated_on` order and pushes the others down a
                // place, so one can appear on two pages: handle it once.
                const key = createPullRequestKey(repo.uuid, pr.id);
                if (claimed.has(key)) return Promise.resolve();
                claimed.add(key);
                return ingestPullRequest(context, run, repo, pr, known);
              },
            );
          } catch (err) {
            if (
              skipFailedListing(
                context,
                `The pull requests of Bitbucket repository '${repo.fullName}'`,
                err,
              )
            ) {
              return;
            }
            if (!isHttpStatus(err, 403, 404)) throw err;
            publishMissingPermission(
              context,
              `Bitbucket answered ${
                isHttpStatus(err, 404) ? '404 Not Found' : '403 Forbidden'
              } for the pull requests of repository '${repo.fullName}' (${
                repo.uuid
              }); its pull requests were skipped and every other repository is still collected. The credential needs read access to the repository and the pullrequest scope.`,
            );
          }
        });
      },
    ),
  },
  {
    // In its own step so PRs do not depend on users: the author, reviewer
    // and approver links need the user entities, the PRs themselves do not.
    id: BitbucketSteps.PULL_REQUEST_USER_RELATIONSHIPS.id,
    name: BitbucketSteps.PULL_REQUEST_USER_RELATIONSHIPS.name,
    entities: [],
    relationships: [
      BitbucketRelationships.USER_OPENED_PULL_REQUEST,
      BitbucketRelationships.USER_REVIEWED_PULL_REQUEST,
      BitbucketRelationships.USER_APPROVED_PULL_REQUEST,
    ],
    dependsOn: [BitbucketSteps.PULL_REQUESTS.id, BitbucketSteps.USERS.id],
    ingestionSourceId: BitbucketIngestionSourceIds.PULL_REQUESTS,
    executionHandler: async ({ jobState }) => {
      await jobState.iterateEntities(
        { _type: E.PULL_REQUEST._type },
        async (pr) => {
          const links: Array<[RelationshipClass, unknown]> = [
            [RelationshipClass.OPENED, [pr.authorId]],
            [RelationshipClass.REVIEWED, pr.reviewerIds],
            [RelationshipClass.APPROVED, pr.approverIds],
          ];
          for (const [relationshipClass, ids] of links) {
            if (!Array.isArray(ids)) continue;
            for (const userId of new Set(ids)) {
              if (typeof userId !== 'string') continue;
              if (!(await jobState.hasKey(userId))) continue;
              const relationship = createDirectRelationship({
                _class: relationshipClass,
                fromKey: userId,
                fromType: E.USER._type,
                toKey: pr._key,
                toType: E.PULL_REQUEST._type,
              });
              if (!(await jobState.hasKey(relationship._key))) {
                await jobState.addRelationship(relationship);
              }
            }
          }
        },
      );
    },
  },
];
