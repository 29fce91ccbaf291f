import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import { analyzePullRequestApproval } from '../approval/analyze';
import { BitbucketRunClient } from '../client/clientCache';
import {
  BitbucketCommit,
  BitbucketPullRequest,
  BitbucketPullRequestActivity,
  pullRequestCommits,
} from '../client/responses/pullRequests';
import { bitbucketKeys } from '../converters/keys';
import {
  createPullRequestEntity,
  readPullRequestRef,
} from '../converters/pullRequest';
import { RepoRef } from '../converters/repo';
import { readWorkspaceRef } from '../converters/workspace';
import { BitbucketEntities, BitbucketSteps } from '../metadata';
import { pullRequestWindowStart } from './pullRequestWindow';
import {
  ActivityLoader,
  activityLoader,
  isProviderAnswer,
  readAll,
} from './activitySource';
import {
  AccessGaps,
  addChildOnce,
  forEachLimited,
  publishMissingPermission,
  relateOnce,
  runStartedOn,
  StepContext,
  StepHandlers,
} from '../../steps';
import {
  collectRepoRefs,
  repoEnd,
  repoGapsMessage,
  repoName,
  withRequestLog,
} from './common';

const E = BitbucketEntities;

/** Job-state data: uuids of the repositories whose PR listing failed. */
export const PULL_REQUEST_GAP_REPOS = 'bitbucket-pull-request-gap-repos';

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
    // without analysis; programming errors and the end of the run's time
    // (pacing past maxRunHours) still fail the step.
    if (!isProviderAnswer(err)) throw err;
    return { ok: false, reason: `${what}: ${err.status} ${err.statusText}` };
  }
}

/** uuids a commit author needs for the commit to count as attributable. */
async function knownAuthorUuids(
  run: BitbucketRunClient,
  context: StepContext,
): Promise<Set<string>> {
  const known = new Set<string>();
  const workspaces: Array<{ uuid: string; slug: string }> = [];
  await context.jobState.iterateEntities(
    { _type: E.WORKSPACE._type },
    (entity) => {
      const workspace = readWorkspaceRef(entity);
      if (workspace) workspaces.push(workspace);
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
  context: StepContext,
  run: BitbucketRunClient,
  repo: RepoRef,
  pr: BitbucketPullRequest,
  known: () => Promise<Set<string>>,
  loadActivity: ActivityLoader,
): Promise<void> {
  const { jobState } = context;
  // Activity and commits live on the destination repository (where the PR
  // is), addressed by uuid: the older integration used the source repo's
  // *name*, which failed for forks and for names that differ from the slug.
  const [activity, commits] = await Promise.all([
    fetchDetail<BitbucketPullRequestActivity[]>('activity', () =>
      loadActivity(pr),
    ),
    fetchDetail<BitbucketCommit[]>('commits', () =>
      readAll(
        run.client.list(pullRequestCommits, [
          repo.workspaceSlug,
          repo.uuid,
          pr.id,
        ]),
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
  await addChildOnce(jobState, repoEnd(repo), entity);
}

/**
 * Pull requests of every repository updated since the window start, each
 * with its approval analysis (activity and commits).
 */
export function fetchPullRequests(context: StepContext): Promise<void> {
  const stepId = BitbucketSteps.PULL_REQUESTS.id;
  return withRequestLog(context, stepId, async (run) => {
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
    const gaps = new AccessGaps(context, 'pull requests');
    // Repos and their PRs fan out; the transport bounds the requests
    // actually in flight (bitbucketConcurrency).
    const repoLimit = Math.max(1, Math.ceil(run.config.concurrency / 2));
    await forEachLimited(repos, repoLimit, (repo) =>
      gaps.attempt(repoName(repo), async () => {
        const prs: BitbucketPullRequest[] = [];
        for await (const pr of run.client.listPullRequests(
          repo.workspaceSlug,
          repo.uuid,
          since,
        )) {
          // A PR updated while its repo is listed moves to the top of the
          // `-updated_on` order and pushes the others down a place, so one
          // can appear on two pages: handle it once.
          const key = bitbucketKeys.pullRequest(repo.uuid, pr.id);
          if (claimed.has(key)) continue;
          claimed.add(key);
          prs.push(pr);
        }
        // The whole listing first: it decides where activity comes from.
        const loadActivity = activityLoader(
          run.client,
          repo,
          prs,
          context.logger,
        );
        await forEachLimited(prs, run.config.concurrency, (pr) =>
          ingestPullRequest(context, run, repo, pr, known, loadActivity),
        );
      }),
    );
    // The deployments step must not read "no pull request" into a
    // repository whose pull requests could not be read.
    await context.jobState.setData(
      PULL_REQUEST_GAP_REPOS,
      repos
        .filter((repo) => gaps.gaps.some((g) => g.name === repoName(repo)))
        .map((repo) => repo.uuid),
    );
    gaps.publish((found) =>
      repoGapsMessage(
        'pull requests',
        found,
        'The credential needs read access to those repositories and the pullrequest scope.',
      ),
    );
  });
}

/** Author, reviewer and approver links of every collected PR. */
export async function buildPullRequestUserRelationships({
  jobState,
}: StepContext): Promise<void> {
  await jobState.iterateEntities(
    { _type: E.PULL_REQUEST._type },
    async (entity) => {
      const pr = readPullRequestRef(entity);
      const links: Array<[RelationshipClass, string[]]> = [
        [RelationshipClass.OPENED, pr.authorId ? [pr.authorId] : []],
        [RelationshipClass.REVIEWED, pr.reviewerIds],
        [RelationshipClass.APPROVED, pr.approverIds],
      ];
      for (const [relationshipClass, ids] of links) {
        for (const userId of new Set(ids)) {
          if (!(await jobState.hasKey(userId))) continue;
          const user = { _key: userId, _type: E.USER._type };
          await relateOnce(jobState, user, relationshipClass, entity);
        }
      }
    },
  );
}

export const pullRequestHandlers = {
  PULL_REQUESTS: fetchPullRequests,
  PULL_REQUEST_USER_RELATIONSHIPS: buildPullRequestUserRelationships,
} satisfies StepHandlers<typeof BitbucketSteps>;
