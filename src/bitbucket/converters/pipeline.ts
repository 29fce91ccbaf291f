import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketPipeline } from '../client/responses/pipelines';
import { time } from './common';
import { bitbucketKeys } from './keys';
import { RepoRef } from './repo';
import { stringProperty } from '../../steps/entityProperties';

/**
 * `pipeline_trigger_push` -> `push`: real answers name the kind of trigger,
 * target and state in `type`; `name` (e.g. `PUSH`, `COMPLETED`) is the same
 * word in upper case, used when `type` is absent.
 */
function kindOf(
  value: { type?: string; name?: string } | undefined,
  prefix: string,
): string | undefined {
  if (value?.type?.startsWith(prefix)) {
    return value.type.slice(prefix.length) || undefined;
  }
  return value?.name?.toLowerCase() || undefined;
}

/** Seconds from creation to completion when the API gives no duration. */
function durationSeconds(pipeline: BitbucketPipeline): number | undefined {
  if (typeof pipeline.duration_in_seconds === 'number') {
    return pipeline.duration_in_seconds;
  }
  const created = time(pipeline.created_on);
  const completed = time(pipeline.completed_on);
  return created !== undefined && completed !== undefined
    ? Math.round((completed - created) / 1000)
    : undefined;
}

export function createPipelineEntity(
  repo: RepoRef,
  pipeline: BitbucketPipeline,
): Entity {
  const target = pipeline.target;
  const state = pipeline.state;
  const result = state?.result?.name?.toUpperCase();
  const buildNumber = pipeline.build_number;
  const name = buildNumber !== undefined ? `#${buildNumber}` : pipeline.uuid;
  return createIntegrationEntity({
    entityData: {
      source: pipeline,
      assign: {
        _key: bitbucketKeys.pipeline(repo.uuid, pipeline.uuid),
        _type: BitbucketEntities.PIPELINE._type,
        _class: BitbucketEntities.PIPELINE._class,
        id: pipeline.uuid,
        name,
        displayName: `${repo.name} ${name}`,
        buildNumber,
        triggerType: kindOf(pipeline.trigger, 'pipeline_trigger_'),
        creatorId: pipeline.creator?.uuid,
        creator: pipeline.creator?.display_name,
        // ref (branch or tag push), pullrequest, or commit (custom runs).
        targetType: kindOf(target, 'pipeline_')?.replace(/_target$/, ''),
        refType: target?.ref_type,
        refName: target?.ref_name,
        commitSha: target?.commit?.hash,
        pullRequestId:
          target?.pullrequest?.id !== undefined
            ? String(target.pullrequest.id)
            : undefined,
        sourceBranch: target?.source,
        destinationBranch: target?.destination,
        selector: target?.selector?.pattern,
        state: state?.name?.toUpperCase(),
        result,
        completed: state?.name?.toUpperCase() === 'COMPLETED',
        successful: result === 'SUCCESSFUL',
        createdOn: time(pipeline.created_on),
        completedOn: time(pipeline.completed_on),
        durationSeconds: durationSeconds(pipeline),
        buildSecondsUsed: pipeline.build_seconds_used,
        // The API gives no html link; this is the page Bitbucket shows.
        webLink:
          buildNumber !== undefined
            ? `https://bitbucket.org/${repo.fullName}/pipelines/results/${buildNumber}`
            : undefined,
        repoId: repo.uuid,
        repository: repo.fullName,
        workspace: repo.workspaceSlug,
      },
    },
  });
}

/** Properties of `bitbucket_pipeline` that later steps read back. */
export const PipelineProperties = {
  creatorId: 'creatorId',
} as const;

export function readPipelineCreatorId(entity: Entity): string | undefined {
  return stringProperty(entity, PipelineProperties.creatorId);
}
