import {
  Entity,
  JobState,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { checkScope, scopeMessage } from '../auth/scopeCheck';
import { BitbucketClient, PathId } from '../client/client';
import { BitbucketListing } from '../client/listing';
import { BitbucketRunClient, getBitbucketClient } from '../client/clientCache';
import { BitbucketAccount } from '../client/responses/accounts';
import { BitbucketGroup } from '../client/responses/workspaces';
import {
  EnvironmentLocation,
  readEnvironmentLocation,
} from '../converters/environment';
import { NamedPermission } from '../converters/permission';
import { ProjectRef, readProjectRef } from '../converters/project';
import { readRepoRef, RepoRef } from '../converters/repo';
import { readWorkspaceRef, WorkspaceRef } from '../converters/workspace';
import { BitbucketEntities } from '../metadata';
import {
  AccessGap,
  addChildOnce,
  CollectedParents,
  countingTransport,
  describeGaps,
  forEachCollected,
  logStepRequests,
  publishMissingPermission,
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
 * One warning when some credential lacks `scope` (naming it), unless
 * `what` is undefined (a sibling step of the same scope gives it); false
 * when none has it, so the step makes no request that could only answer 403.
 */
export async function requireScope(
  context: StepContext,
  run: BitbucketRunClient,
  scope: string,
  what: string | undefined,
): Promise<boolean> {
  const check = await checkScope(run.authenticator, scope);
  if (what !== undefined && check.lacking.length > 0) {
    publishMissingPermission(context, scopeMessage(check.lacking, scope, what));
  }
  return !check.noneCan;
}

/** Collected entities of one `_type`, as the refs `read` makes of them. */
async function collectRefs<R>(
  jobState: JobState,
  _type: string,
  read: (entity: Entity) => R | undefined,
): Promise<R[]> {
  const refs: R[] = [];
  await jobState.iterateEntities({ _type }, (entity) => {
    const ref = read(entity);
    if (ref) refs.push(ref);
  });
  return refs;
}

/**
 * Repositories of this run, listed from the job state (no second listing).
 * Only the small refs are kept in memory.
 */
export function collectRepoRefs(jobState: JobState): Promise<RepoRef[]> {
  return collectRefs(jobState, BitbucketEntities.REPO._type, readRepoRef);
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
  return parentGapsMessage(REPOSITORIES, { what, hint: fix }, gaps);
}

/** What a repository admin-scoped listing needs, for access-gap warnings. */
export function adminReadFix(what: string): string {
  return `Reading ${what} needs repository admin rights on those repositories (OAuth scope repository:admin).`;
}

/** A collected workspace: its ref and its entity. */
type CollectedWorkspace = WorkspaceRef & { entity: Entity };

function collectWorkspaces(jobState: JobState): Promise<CollectedWorkspace[]> {
  return collectRefs(jobState, BitbucketEntities.WORKSPACE._type, (entity) => {
    const ref = readWorkspaceRef(entity);
    return ref && { ...ref, entity };
  });
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
  for (const { entity, ...ref } of await collectWorkspaces(context.jobState)) {
    try {
      await fn(ref, entity);
    } catch (err) {
      const label = `The ${what} of Bitbucket workspace '${ref.slug}'`;
      if (!skipFailedListing(context, label, err)) throw err;
    }
  }
}

/** A collected project, with the uuid of its workspace. */
export type ProjectParent = ProjectRef & { workspaceUuid: string };

/**
 * The resources Bitbucket steps read one listing of each
 * (forEachCollected's parents), and how their one access-gap warning
 * counts them.
 */
export interface BitbucketParents<P> extends CollectedParents<P> {
  /** The parents counted in the warning: "Bitbucket repository(ies)". */
  counted: string;
  /**
   * What the warning says of the others, before the hint; unless given,
   * "Those were skipped and every other <noun> is still collected."
   */
  others?: string;
  /** The path ids of a listing below the parent (BitbucketClient.list). */
  ids: (parent: P) => PathId[];
  /** Read one after another, in order (a run has few). */
  oneAtATime?: boolean;
  /** The parents as this run reads them, when that needs the job state. */
  prepare?: (jobState: JobState) => Promise<CollectedParents<P>>;
}

export const REPOSITORIES: BitbucketParents<RepoRef> = {
  type: BitbucketEntities.REPO._type,
  read: readRepoRef,
  name: repoName,
  ids: (repo) => [repo.workspaceSlug, repo.uuid],
  noun: 'repository',
  counted: 'Bitbucket repository(ies)',
};

export const WORKSPACES: BitbucketParents<WorkspaceRef> = {
  type: BitbucketEntities.WORKSPACE._type,
  read: readWorkspaceRef,
  name: (workspace) => `Bitbucket workspace '${workspace.slug}'`,
  ids: (workspace) => [workspace.slug],
  noun: 'workspace',
  counted: 'Bitbucket workspace(s)',
  others: 'Every other workspace is still collected.',
  oneAtATime: true,
};

export const PROJECTS: BitbucketParents<ProjectParent> = {
  type: BitbucketEntities.PROJECT._type,
  // A project names its workspace by slug; its permissions need the uuid.
  read: () => undefined,
  prepare: async (jobState) => {
    const workspaces = new Map(
      (await collectWorkspaces(jobState)).map((w) => [w.slug, w.uuid]),
    );
    return {
      ...PROJECTS,
      read: (entity) => {
        const ref = readProjectRef(entity);
        const workspaceUuid = ref && workspaces.get(ref.workspaceSlug);
        return workspaceUuid ? { ...ref, workspaceUuid } : undefined;
      },
    };
  },
  name: (project) =>
    `Bitbucket project '${project.workspaceSlug}/${project.key}'`,
  ids: (project) => [project.workspaceSlug, project.key],
  noun: 'project',
  counted: 'Bitbucket project(s)',
};

/** Collected deployment environments, addressed below their repository. */
export const ENVIRONMENTS: BitbucketParents<EnvironmentLocation> = {
  type: BitbucketEntities.ENVIRONMENT._type,
  read: readEnvironmentLocation,
  name: (env) => `Bitbucket environment '${env.repoFullName}/${env.name}'`,
  ids: (env) => [env.workspaceSlug, env.repoUuid, env.uuid],
  noun: 'environment',
  counted: 'Bitbucket deployment environment(s)',
};

/** What a step reads of each parent, for its one access-gap warning. */
export interface GapWarning {
  /** What is read per parent ("webhooks"). */
  what: string;
  /** The fix, last in the warning ("Reading webhooks needs ..."). */
  hint: string;
}

/** The one warning for the parents whose `what` could not be read. */
export function parentGapsMessage<P>(
  parents: Pick<BitbucketParents<P>, 'counted' | 'others' | 'noun'>,
  gap: GapWarning,
  gaps: AccessGap[],
): string {
  const others =
    parents.others ??
    `Those were skipped and every other ${parents.noun} is still collected.`;
  return `The ${gap.what} of ${gaps.length} ${
    parents.counted
  } could not be read: ${describeGaps(gaps)}. ${others} ${gap.hint}`;
}

/** What a Bitbucket listing step needs before it reads any parent. */
export interface ScopeGate {
  /**
   * The OAuth scope every listing needs; without it on any credential the
   * step makes no request.
   */
  needs?: {
    scope: string;
    /**
     * What needs it, for the one warning of consumers lacking it; left
     * out when a sibling step gives that warning.
     */
    for?: string;
  };
}

/**
 * For every repository (workspace, project) of the run, `read` with its
 * ref and entity (forEachCollected: bounded fan-out; those answering
 * 403/404 are named in one warning). Nothing when no credential holds the
 * scope the step needs.
 */
export async function readEach<P>(
  context: StepContext,
  run: BitbucketRunClient,
  parents: BitbucketParents<P>,
  step: GapWarning & ScopeGate,
  read: (parent: P, entity: Entity) => Promise<void>,
): Promise<void> {
  const { needs } = step;
  if (needs && !(await requireScope(context, run, needs.scope, needs.for))) {
    return;
  }
  const collected = (await parents.prepare?.(context.jobState)) ?? parents;
  await forEachCollected(context, collected, {
    what: step.what,
    limit: parents.oneAtATime ? 1 : run.config.concurrency,
    visit: (entity, ref) => read(ref, entity),
    describe: (gaps) => parentGapsMessage(parents, step, gaps),
  });
}

/** One listing per parent, whose items become the parent's children. */
export interface ChildListing<P, T> {
  list: (parent: P) => AsyncIterable<T>;
  /** The child entity of an item; undefined skips the item. */
  convert: (
    parent: P,
    item: T,
  ) => Entity | undefined | Promise<Entity | undefined>;
  /**
   * True for the first item outside the run's window: a listing sorted
   * newest first is read no further (no later page is requested).
   */
  until?: (item: T) => boolean;
  /** The parent's relationship to each child; HAS unless given. */
  relationshipClass?: RelationshipClass;
}

/**
 * For every repository (workspace, project) of the run, its listing's
 * items as children, each written once with the parent's relationship to
 * it; the parents answering 403/404 are named in one warning.
 */
export function addChildrenOf<P, T>(
  context: StepContext,
  run: BitbucketRunClient,
  parents: BitbucketParents<P>,
  step: GapWarning & ScopeGate & ChildListing<P, T>,
): Promise<void> {
  return readEach(context, run, parents, step, async (ref, entity) => {
    for await (const item of step.list(ref)) {
      if (step.until?.(item)) break;
      const child = await step.convert(ref, item);
      if (!child) continue;
      await addChildOnce(
        context.jobState,
        entity,
        child,
        step.relationshipClass,
      );
    }
  });
}

/** A permissions-config item: a level, and the group or user it names. */
interface ListedPermission<L extends string> {
  type?: string;
  permission: L;
}

/**
 * The explicit permissions of a repository or project (GET
 * …/permissions-config/groups, then …/users): each with its principal, as
 * the converters take it; an item naming no group slug or user uuid is
 * left out. The user listing is requested only after the group listing was
 * read (a 403 on the first ends both).
 */
export async function* permissionsConfig<L extends string>(
  client: BitbucketClient,
  ids: PathId[],
  groups: BitbucketListing<ListedPermission<L> & { group?: BitbucketGroup }>,
  users: BitbucketListing<ListedPermission<L> & { user?: BitbucketAccount }>,
): AsyncGenerator<NamedPermission<L>> {
  for await (const permission of client.list(groups, ids)) {
    const group = permission.group;
    if (group?.slug) yield { group: { ...permission, group } };
  }
  for await (const permission of client.list(users, ids)) {
    const user = permission.user;
    if (user?.uuid) {
      yield { user: { ...permission, user: { ...user, uuid: user.uuid } } };
    }
  }
}
