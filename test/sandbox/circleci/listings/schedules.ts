/**
 * Scheduled pipelines of projects (`GET /project/{project-slug}/schedule`;
 * the actor arrives whole, as the User schema). Demo cases: my-service's
 * `nightly-release` runs as bob (no employee record) and gh-web's
 * `hourly-smoke` as acme-release-bot, a service account only this schedule
 * names; near miss: web-app's `weekly-audit`, run as alice (an employee).
 * None in the large dataset.
 */
import { DAY_MS } from '../builder';
import { CircleCIUser } from '../types';
import { defineProjectListing, DemoContext } from './listing';

/** `GET /project/{project-slug}/schedule` item. */
export interface CircleCISchedule {
  id: string;
  name: string;
  description: string | null;
  'project-slug': string;
  timetable: {
    'per-hour': number;
    'hours-of-day': number[];
    'days-of-week': string[];
  };
  actor: CircleCIUser;
  parameters: Record<string, string | number | boolean>;
  'created-at': string;
  'updated-at': string;
}

const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI'];

interface ScheduleInput {
  name: string;
  actor: CircleCIUser;
  hours: number[];
  perHour?: number;
  days: string[];
  parameters: Record<string, string | number | boolean>;
}

function demoInput(
  projectName: string,
  { me, reviewer, bot }: DemoContext,
): ScheduleInput | undefined {
  switch (projectName) {
    case 'my-service':
      return {
        name: 'nightly-release',
        actor: reviewer,
        hours: [2],
        days: WEEKDAYS,
        parameters: { branch: 'main', 'run-integration-tests': true },
      };
    case 'web-app':
      return {
        name: 'weekly-audit',
        actor: me,
        hours: [6],
        days: ['MON'],
        parameters: { branch: 'master' },
      };
    case 'gh-web':
      return {
        name: 'hourly-smoke',
        actor: bot,
        hours: Array.from({ length: 24 }, (_, h) => h),
        perHour: 1,
        days: [...WEEKDAYS, 'SAT', 'SUN'],
        parameters: { branch: 'main' },
      };
    default:
      return undefined;
  }
}

export const PROJECT_SCHEDULES = defineProjectListing<CircleCISchedule>({
  name: 'schedules',
  path: '/project/{project-slug}/schedule',
  demo: (project, context) => {
    const input = demoInput(project.name, context);
    if (!input) return undefined;
    return [
      {
        id: context.random.uuid(),
        name: input.name,
        description: `${input.name} of ${project.name}`,
        'project-slug': project.slug,
        timetable: {
          'per-hour': input.perHour ?? 1,
          'hours-of-day': input.hours,
          'days-of-week': input.days,
        },
        actor: input.actor,
        parameters: input.parameters,
        'created-at': context.iso(90 * DAY_MS),
        'updated-at': context.iso(30 * DAY_MS),
      },
    ];
  },
});
