import { createScheduleEntity, scheduleActor } from './schedule';
import { BOB } from '../test-support/users';

const project = {
  id: '11111111-aaaa-4bbb-8ccc-000000000001',
  slug: 'bb/acme/api',
};
const actor = BOB;

test('timetable, branch and actor are kept; other parameters by name only, in the entity and the raw data', () => {
  const entity = createScheduleEntity(
    {
      id: '44444444-aaaa-4bbb-8ccc-000000000004',
      name: 'nightly',
      description: null,
      'project-slug': project.slug,
      timetable: {
        'per-hour': 2,
        'hours-of-day': [1, 2],
        'days-of-week': ['MON'],
      },
      actor,
      parameters: { branch: 'main', 'deploy-token': 'sched-s3cret-value' },
      'created-at': '2026-01-02T03:04:05Z',
      'updated-at': '2026-01-03T03:04:05Z',
    },
    project,
  );
  expect(entity).toMatchObject({
    _key: 'circleci_schedule:44444444-aaaa-4bbb-8ccc-000000000004',
    _class: ['Configuration'],
    name: 'nightly',
    branch: 'main',
    parameterNames: ['branch', 'deploy-token'],
    perHour: 2,
    hoursOfDay: [1, 2],
    daysOfWeek: ['MON'],
    actorId: actor.id,
    actorLogin: 'bob',
    projectSlug: project.slug,
  });
  expect(entity.tag).toBeUndefined();
  expect(JSON.stringify(entity)).not.toContain('sched-s3cret-value');
});

test('an actor without id or login names no user', () => {
  expect(scheduleActor({ id: 's', actor: { login: 'x' } })).toBeUndefined();
  expect(scheduleActor({ id: 's', actor: { id: 'x' } })).toBeUndefined();
  expect(scheduleActor({ id: 's', actor })).toEqual(actor);
});
