import { Entity, RelationshipClass } from '@jupiterone/integration-sdk-core';
import { AccessGap, AccessGaps, describeGaps } from './accessGaps';
import { StepContext } from './context';
import { forEachLimited } from './fanOut';
import { addChildOnce, RelationshipEnd } from './graphWrites';

/**
 * The per-parent listing pattern of both vendors' steps: for every parent
 * resource (repository, project, workspace, organization...) read one
 * listing, write each child once with the parent's relationship to it, and
 * turn the parents that answered 403/404 into one warn event naming them.
 */

/** A kind of parent resource, as the access-gap warning names it. */
export interface ParentKind<P> {
  /** The parents counted in the warning: "Bitbucket repository(ies)". */
  counted: string;
  /**
   * What the warning says of the others, before the hint: "Those were
   * skipped and every other repository is still collected."
   */
  others: string;
  /** One parent in the warning: "Bitbucket repository 'acme/api'". */
  name: (parent: P) => string;
  /** The parent's end of its relationship to each child. */
  end: (parent: P) => RelationshipEnd;
}

/** What a step reads of each parent, for its one access-gap warning. */
export interface GapWarning {
  /** What is read per parent ("webhooks"). */
  what: string;
  /** The fix, last in the warning ("Reading webhooks needs ..."). */
  hint: string;
}

/** The one warning for the parents whose `what` could not be read. */
export function parentGapsMessage<P>(
  kind: ParentKind<P>,
  gap: GapWarning,
  gaps: AccessGap[],
): string {
  return `The ${gap.what} of ${gaps.length} ${
    kind.counted
  } could not be read: ${describeGaps(gaps)}. ${kind.others} ${gap.hint}`;
}

export interface PerParent<P> extends GapWarning {
  kind: ParentKind<P>;
  parents: Iterable<P> | AsyncIterable<P>;
  /** Parents read at once; 1 reads them one after another, in order. */
  concurrency: number;
}

/**
 * Runs `read` for every parent (bounded fan-out); a parent answering
 * 403/404 is skipped and named in one warning, a listing of the wrong shape
 * skipped with its own; anything else fails the step.
 */
export async function forEachParent<P>(
  context: StepContext,
  options: PerParent<P>,
  read: (parent: P) => Promise<void>,
): Promise<void> {
  const { kind } = options;
  const gaps = new AccessGaps(context, options.what);
  await forEachLimited(options.parents, options.concurrency, (parent) =>
    gaps.attempt(kind.name(parent), () => read(parent)),
  );
  gaps.publish((found) => parentGapsMessage(kind, options, found));
}

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
 * For every parent, its listing's items as children: each written once
 * with the parent's relationship to it (forEachParent for the gaps).
 */
export function addChildrenOfEach<P, T>(
  context: StepContext,
  options: PerParent<P>,
  listing: ChildListing<P, T>,
): Promise<void> {
  return forEachParent(context, options, async (parent) => {
    for await (const item of listing.list(parent)) {
      if (listing.until?.(item)) break;
      const child = await listing.convert(parent, item);
      if (!child) continue;
      await addChildOnce(
        context.jobState,
        options.kind.end(parent),
        child,
        listing.relationshipClass,
      );
    }
  });
}
