import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketPipelineSchedule } from '../client/responses/pipelines';
import { time } from './common';
import { bitbucketKeys } from './keys';
import { RepoRef } from './repo';

/** Ref types that name a branch (Mercurial's named branches included). */
const BRANCH_REF_TYPES = new Set(['branch', 'named_branch', 'bookmark']);

/**
 * `bitbucket_pipeline_schedule` (Configuration, like circleci_schedule):
 * a cron trigger that runs one pipeline of the repository's
 * bitbucket-pipelines.yml on one branch, unattended. `pipeline` is the
 * selector's pattern (the custom pipeline's name, or the branch pattern).
 */
export function createPipelineScheduleEntity(
  repo: Pick<RepoRef, 'uuid' | 'fullName' | 'workspaceSlug'>,
  schedule: BitbucketPipelineSchedule,
): Entity {
  const target = schedule.target ?? {};
  const selector = target.selector ?? schedule.selector ?? {};
  const refName = target.ref_name || undefined;
  const refType = target.ref_type || undefined;
  const isBranch = refType !== undefined && BRANCH_REF_TYPES.has(refType);
  const name = [selector.pattern, refName].filter(Boolean).join(' on ');
  return createIntegrationEntity({
    entityData: {
      source: schedule,
      assign: {
        // Schedule uuids are addressed below their repository.
        _key: bitbucketKeys.below(BitbucketEntities.PIPELINE_SCHEDULE)(
          repo.uuid,
          schedule.uuid,
        ),
        _type: BitbucketEntities.PIPELINE_SCHEDULE._type,
        _class: BitbucketEntities.PIPELINE_SCHEDULE._class,
        id: schedule.uuid,
        name: name || schedule.uuid,
        displayName: `${name || schedule.uuid} (${repo.fullName})`,
        enabled: schedule.enabled === true,
        cronPattern: schedule.cron_pattern || undefined,
        refType,
        refName,
        branch: isBranch ? refName : undefined,
        tag: refType === 'tag' ? refName : undefined,
        selectorType: selector.type || undefined,
        pipeline: selector.pattern || undefined,
        createdOn: time(schedule.created_on),
        updatedOn: time(schedule.updated_on),
        repoId: repo.uuid,
        repoFullName: repo.fullName,
        workspace: repo.workspaceSlug,
      },
    },
  });
}
