import {
  Entity,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { getStepClient } from '../client/cache';
import { CircleCISchedule } from '../client/types';
import { circleciKeys } from '../converters/keys';
import { ProjectRef, readProjectRef } from '../converters/project';
import { createScheduleEntity, scheduleActor } from '../converters/schedule';
import {
  createUserEntity,
  createUserPersonMappedRelationship,
} from '../converters/user';
import {
  CircleCIEntities,
  CircleCIIngestionSourceIds,
  CircleCIMappedRelationships,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import {
  AccessGaps,
  addChildOnce,
  addRelationshipOnce,
  describeGaps,
  fanOutFor,
  forEachLimited,
  relateOnce,
  StepContext,
} from '../../steps';
import { logCircleCIRequests } from './common';

const E = CircleCIEntities;

/**
 * Adds the schedule's actor as a `circleci_user` when no step has yet
 * (the schedule answer carries the whole User object, so no lookup is
 * needed) and links the schedule to it. `claimed` is synchronous, so two
 * schedules of one actor read side by side add the user once.
 */
async function linkActor(
  context: StepContext,
  schedule: Entity,
  raw: CircleCISchedule,
  account: { _key: string; _type: string },
  claimed: Set<string>,
): Promise<boolean> {
  const actor = scheduleActor(raw);
  if (!actor) return false;
  const { jobState } = context;
  const key = circleciKeys.user(actor.id);
  if (!claimed.has(key)) {
    claimed.add(key);
    if (!(await jobState.hasKey(key))) {
      const user = createUserEntity(actor, { tokenOwner: false });
      await addChildOnce(jobState, account, user);
      const mapped = createUserPersonMappedRelationship(user);
      if (mapped) await addRelationshipOnce(jobState, mapped);
    }
  }
  await relateOnce(jobState, schedule, RelationshipClass.USES, {
    _key: key,
    _type: E.USER._type,
  });
  return true;
}

/**
 * Each project's schedules, and the user each runs as (schedule USES
 * user). Runs before the users step, which then finds these actors
 * already collected and does not look them up again.
 */
export async function fetchSchedules(context: StepContext) {
  const { client, config } = getStepClient(context);
  const me = await client.getMe();
  const account = { _key: circleciKeys.account(me.id), _type: E.ACCOUNT._type };
  const projects: Array<{ entity: Entity; ref: ProjectRef }> = [];
  await context.jobState.iterateEntities(
    { _type: E.PROJECT._type },
    (entity) => {
      const ref = readProjectRef(entity);
      if (ref) projects.push({ entity, ref });
    },
  );
  const gaps = new AccessGaps(context, 'schedules');
  const claimed = new Set<string>();
  let withoutActor = 0;
  await forEachLimited(
    projects,
    fanOutFor(config.concurrency),
    async ({ entity, ref }) => {
      await gaps.attempt(`CircleCI project ${ref.slug}`, async () => {
        for await (const raw of client.listSchedules(ref.slug)) {
          const schedule = createScheduleEntity(raw, ref);
          await addChildOnce(context.jobState, entity, schedule);
          if (!(await linkActor(context, schedule, raw, account, claimed))) {
            withoutActor++;
          }
        }
      });
    },
  );
  gaps.publish(
    (found) =>
      `CircleCI GET /project/{project-slug}/schedule could not be read for ${
        found.length
      } project(s): ${describeGaps(
        found,
      )}. Their schedules (and the users they run as) are not collected; everything else is. Give the API token's user access to those projects.`,
  );
  if (withoutActor > 0) {
    context.logger.info(
      { withoutActor },
      'CircleCI schedules without a complete actor (id and login) are collected without a USES relationship',
    );
  }
  logCircleCIRequests(context, client);
}

export const scheduleSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...CircleCISteps.SCHEDULES,
    entities: [CircleCIEntities.SCHEDULE, CircleCIEntities.USER],
    relationships: [
      CircleCIRelationships.PROJECT_HAS_SCHEDULE,
      CircleCIRelationships.SCHEDULE_USES_USER,
      CircleCIRelationships.ACCOUNT_HAS_USER,
    ],
    mappedRelationships: [CircleCIMappedRelationships.USER_IS_PERSON],
    dependsOn: [CircleCISteps.ACCOUNT.id, CircleCISteps.PROJECTS.id],
    ingestionSourceId: CircleCIIngestionSourceIds.PIPELINES,
    executionHandler: fetchSchedules,
  },
];
