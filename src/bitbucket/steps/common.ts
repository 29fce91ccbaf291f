import { Entity, JobState } from '@jupiterone/integration-sdk-core';
import { BitbucketRunClient, getBitbucketClient } from '../client/clientCache';
import { readRepoRef, RepoRef } from '../converters/repo';
import { readWorkspaceRef, WorkspaceRef } from '../converters/workspace';
import { BitbucketEntities } from '../metadata';
import {
  AccessGap,
  countingTransport,
  describeGaps,
  logStepRequests,
  skipFailedListing,
  StepContext,
} from '../../steps';

/**
 * Runs a step body with a view of the run's client that counts this step's
 * requests per endpoint, and logs them as the step's last line (Bitbucket
 * allows 1,000 requests per hour per consumer). Token requests go through
 * the run's transport and are not counted here.
 */
export async function withRequestLog(
  context: StepContext,
  stepId: string,
  body: (run: BitbucketRunClient) => Promise<void>,
): Promise<void> {
  const run = getBitbucketClient(context);
  const counter = countingTransport(run.client.transport);
  try {
    await body({ ...run, client: run.client.withTransport(counter.transport) });
  } finally {
    logStepRequests(context.logger, {
      vendor: 'Bitbucket',
      transport: run.client.transport,
      counted: { stepId, counts: counter.counts },
    });
  }
}

/**
 * Workspaces collected by the workspaces step, one at a time. A workspace
 * whose listing of `what` (e.g. "repositories") answers a body of the wrong
 * shape is skipped with one warning and the others still run.
 */
export async function forEachWorkspace(
  context: StepContext,
  what: string,
  fn: (workspace: WorkspaceRef, entity: Entity) => Promise<void>,
): Promise<void> {
  const workspaces: Array<[WorkspaceRef, Entity]> = [];
  await context.jobState.iterateEntities(
    { _type: BitbucketEntities.WORKSPACE._type },
    (entity) => {
      const ref = readWorkspaceRef(entity);
      if (ref) workspaces.push([ref, entity]);
    },
  );
  for (const [ref, entity] of workspaces) {
    try {
      await fn(ref, entity);
    } catch (err) {
      const label = `The ${what} of Bitbucket workspace '${ref.slug}'`;
      if (!skipFailedListing(context, label, err)) throw err;
    }
  }
}

/**
 * Repositories of this run, listed from the job state (no second listing).
 * Only the small refs are kept in memory.
 */
export async function collectRepoRefs(jobState: JobState): Promise<RepoRef[]> {
  const refs: RepoRef[] = [];
  await jobState.iterateEntities(
    { _type: BitbucketEntities.REPO._type },
    (repo) => {
      const ref = readRepoRef(repo);
      if (ref) refs.push(ref);
    },
  );
  return refs;
}

/** The repository end of a relationship, from its ref. */
export function repoEnd(repo: RepoRef): { _key: string; _type: string } {
  return { _key: repo.uuid, _type: BitbucketEntities.REPO._type };
}

/** The name of a repository in warnings. */
export function repoName(repo: RepoRef): string {
  return `Bitbucket repository '${repo.fullName}'`;
}

/**
 * One warning for the repositories whose `what` could not be read: they
 * were skipped, every other repository is still collected.
 */
export function repoGapsMessage(
  what: string,
  gaps: AccessGap[],
  fix: string,
): string {
  return `The ${what} of ${
    gaps.length
  } Bitbucket repository(ies) could not be read: ${describeGaps(
    gaps,
  )}. Those were skipped and every other repository is still collected. ${fix}`;
}
