import { Entity, RelationshipClass } from '@jupiterone/integration-sdk-core';
import { getStepClient } from '../client/cache';
import {
  CircleCISchedule,
  projectSchedules,
} from '../client/responses/projectSettings';
import { circleciKeys } from '../converters/keys';
import { createScheduleEntity, scheduleActor } from '../converters/schedule';
import { CircleCIEntities as E, CircleCISteps } from '../metadata';
import {
  addChildren,
  relateOnce,
  StepContext,
  StepHandlers,
} from '../../steps';
import { addAccountUser, forEachCircleCIParent } from './common';
import { CircleCIListings } from './listings';
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
      await addAccountUser(jobState, account, actor, false);
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
  const { client } = getStepClient(context);
  const me = await client.getMe();
  const account = { _key: circleciKeys.account(me.id), _type: E.ACCOUNT._type };
  const claimed = new Set<string>();
  let withoutActor = 0;
  const actorOf = async (schedule: Entity, raw: CircleCISchedule) => {
    if (!(await linkActor(context, schedule, raw, account, claimed))) {
      withoutActor++;
    }
  };
  await forEachCircleCIParent(
    context,
    CircleCIListings.schedules,
    (project, ref) =>
      addChildren(
        context.jobState,
        project,
        client.list(projectSchedules, [ref.slug]),
        (raw) => createScheduleEntity(raw, ref),
        actorOf,
      ),
  );
  if (withoutActor > 0) {
    context.logger.info(
      { withoutActor },
      'CircleCI schedules without a complete actor (id and login) are collected without a USES relationship',
    );
  }
}

export const scheduleHandlers = {
  SCHEDULES: fetchSchedules,
} satisfies StepHandlers<typeof CircleCISteps>;
