import { Entity, JobState } from '@jupiterone/integration-sdk-core';
import { AccessGap, AccessGaps } from './accessGaps';
import { StepContext } from './context';
import { FanOut, runInPool } from './fanOut';
import { addChildOnce } from './graphWrites';

/**
 * The collected entities a step fans out over (a vendor's projects,
 * organizations, pipelines...): their `_type`, the checked reader of what
 * each per-parent request needs, and how warnings name them.
 */
export interface CollectedParents<Ref> {
  type: string;
  /** The parent's reference; undefined skips an entity that lacks it. */
  read: (entity: Entity) => Ref | undefined;
  /** The parent in a warning, e.g. "CircleCI project gh/acme/api". */
  name: (ref: Ref) => string;
  /** The kind of parent counted in a warning, e.g. "project". */
  noun: string;
}

/**
 * Runs `visit` for every collected parent, at most `limit` at a time,
 * streaming the job state so a large parent list (thousands of workflows)
 * is never held in memory. A 403/404 on one parent skips it (AccessGaps),
 * a listing of the wrong shape is skipped with its own warning, and
 * `describe` turns the gaps into the step's one warn event. Any other
 * failure fails the step once no visit is in flight.
 */
export async function forEachCollected<Ref>(
  context: StepContext,
  parents: CollectedParents<Ref>,
  options: {
    /** What is read per parent, for the wrong-shape warning. */
    what: string;
    limit: number;
    visit: (parent: Entity, ref: Ref) => Promise<void>;
    describe: (gaps: AccessGap[]) => string;
    /**
     * A pool the visits hand further work to (e.g. one task per listed
     * item): it is drained before the warning, so the step's warning and
     * last line come after all of its requests.
     */
    children?: FanOut;
  },
): Promise<void> {
  const gaps = new AccessGaps(context, options.what);
  const pool = new FanOut(options.limit);
  const visitAll = () =>
    runInPool(pool, () =>
      context.jobState.iterateEntities({ _type: parents.type }, (entity) => {
        const ref = parents.read(entity);
        if (ref === undefined) return;
        return pool.add(() =>
          gaps.attempt(parents.name(ref), () => options.visit(entity, ref)),
        );
      }),
    );
  if (options.children) await runInPool(options.children, visitAll);
  else await visitAll();
  gaps.publish(options.describe);
}

/**
 * Adds every item of a listing under the parent it was listed from (HAS),
 * each once; `each` then runs for every item with its entity (links of
 * the child to others).
 */
export async function addChildren<T>(
  jobState: JobState,
  parent: Entity,
  items: AsyncIterable<T>,
  convert: (item: T) => Entity,
  each?: (child: Entity, item: T) => Promise<void>,
): Promise<void> {
  for await (const item of items) {
    const child = convert(item);
    await addChildOnce(jobState, parent, child);
    await each?.(child, item);
  }
}
