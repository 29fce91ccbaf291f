import { Entity } from '@jupiterone/integration-sdk-core';
import { BitbucketIngestionSourceIds, BitbucketSteps } from '../metadata';

/** The string items of an entity's array property. */
export function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/** The group slugs and names a branch restriction names, paired. */
export function restrictionGroups(
  restriction: Entity,
): Array<{ slug: string; name: string }> {
  const names = strings(restriction.groupNames);
  return strings(restriction.groupSlugs).map((slug, index) => ({
    slug,
    name: names[index] ?? slug,
  }));
}

/**
 * Both principal steps read the permission and branch-restriction entities
 * (no request of their own). Their source is repositories, like the entities
 * they start from; each also needs its principal's step, so switching users
 * off skips only the user links, switching groups off only the group links.
 */
export const principalStepBase = {
  ingestionSourceId: BitbucketIngestionSourceIds.REPOS,
  policySteps: [
    BitbucketSteps.PERMISSIONS.id,
    BitbucketSteps.BRANCH_RESTRICTIONS.id,
  ],
};
