import { Entity } from '@jupiterone/integration-sdk-core';
import { CircleCIUser } from '../client/responses/accounts';
import { CircleCISchedule } from '../client/responses/projectSettings';
import { CircleCIEntities } from '../metadata';
import { circleciEntity } from './entity';
import { parseCircleCITime } from './time';
import { circleciKeys } from './keys';

function numbers(values: unknown): number[] | undefined {
  if (!Array.isArray(values)) return undefined;
  return values.filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v),
  );
}

/** A `branch` / `tag` parameter when it is a non-empty string. */
function stringParameter(
  parameters: Record<string, unknown> | undefined,
  name: string,
): string | undefined {
  const value = parameters?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The user a schedule runs as, when the API names one completely (`actor`
 * has the User schema: id, login, name, avatar_url); undefined otherwise.
 */
export function scheduleActor(
  schedule: CircleCISchedule,
): CircleCIUser | undefined {
  const actor = schedule.actor;
  if (!actor?.id || !actor.login) return undefined;
  return {
    id: actor.id,
    login: actor.login,
    name: actor.name ?? '',
    avatar_url: actor.avatar_url ?? null,
  };
}

/**
 * `circleci_schedule` (Configuration): a scheduled trigger of a project.
 * Its pipelines run as `actor` with that user's permissions (contexts,
 * checkout), which is why the actor is kept. Pipeline parameters are
 * caller-supplied and may hold secrets: only `branch` and `tag` are read,
 * the other parameters by name only, and the raw data has no parameter
 * value either.
 */
export function createScheduleEntity(
  schedule: CircleCISchedule,
  project: { id: string; slug: string },
): Entity {
  const timetable = schedule.timetable ?? {};
  const branch = stringParameter(schedule.parameters, 'branch');
  const tag = stringParameter(schedule.parameters, 'tag');
  const actor = scheduleActor(schedule);
  const parameterNames = Object.keys(schedule.parameters ?? {}).sort();
  const reduced = {
    id: schedule.id,
    name: schedule.name,
    description: schedule.description ?? null,
    'project-slug': schedule['project-slug'],
    timetable,
    actor: schedule.actor,
    parameterNames,
    'created-at': schedule['created-at'],
    'updated-at': schedule['updated-at'],
  };
  return circleciEntity(CircleCIEntities.SCHEDULE, reduced, {
    _key: circleciKeys.schedule(schedule.id),
    id: schedule.id,
    name: schedule.name || schedule.id,
    displayName: schedule.name || schedule.id,
    description: schedule.description || undefined,
    projectId: project.id,
    projectSlug: project.slug,
    branch,
    tag,
    parameterNames,
    perHour: timetable['per-hour'],
    hoursOfDay: numbers(timetable['hours-of-day']),
    daysOfWeek: timetable['days-of-week'],
    daysOfMonth: numbers(timetable['days-of-month']),
    months: timetable.months,
    actorId: actor?.id ?? (schedule.actor?.id || undefined),
    actorLogin: actor?.login ?? (schedule.actor?.login || undefined),
    actorName: schedule.actor?.name || undefined,
    createdOn: parseCircleCITime(schedule['created-at']),
    updatedOn: parseCircleCITime(schedule['updated-at']),
  });
}
