import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketBranchRestriction } from '../client/responses/repoSettings';
import { bitbucketKeys } from './keys';
import { PolicyRepo } from './permission';

export function createBranchRestrictionEntity(
  repo: PolicyRepo,
  restriction: BitbucketBranchRestriction,
): Entity {
  const users = (restriction.users ?? []).filter(
    (u): u is typeof u & { uuid: string } => Boolean(u.uuid),
  );
  const groups = restriction.groups ?? [];
  const target =
    restriction.branch_match_kind === 'branching_model'
      ? restriction.branch_type
      : restriction.pattern;
  return createIntegrationEntity({
    entityData: {
      source: restriction,
      assign: {
        _key: bitbucketKeys.branchRestriction(repo.uuid, restriction.id),
        _type: BitbucketEntities.BRANCH_RESTRICTION._type,
        _class: BitbucketEntities.BRANCH_RESTRICTION._class,
        id: String(restriction.id),
        name: restriction.kind,
        displayName: `${restriction.kind} ${target ?? ''} (${
          repo.name
        })`.replace(/\s+/g, ' '),
        kind: restriction.kind,
        type: restriction.type,
        pattern: restriction.pattern || undefined,
        matchKind: restriction.branch_match_kind,
        branchType: restriction.branch_type ?? undefined,
        // e.g. the minimum approvals of require_approvals_to_merge.
        value: restriction.value ?? undefined,
        userIds: users.map((u) => u.uuid),
        groupSlugs: groups.map((g) => g.slug),
        groupNames: groups.map((g) => g.name ?? g.slug),
        groupKeys: groups.map((g) =>
          bitbucketKeys.group(repo.workspaceUuid, g.slug),
        ),
        repoId: repo.uuid,
        ownerId: repo.workspaceUuid,
        workspace: repo.workspaceSlug,
      },
    },
  });
}
