/**
 * Pipeline schedules of repositories (scope pipeline). Demo cases:
 * my-service runs its `nightly-security-scan` custom pipeline on main every
 * night; web-app has a disabled weekly `release` schedule on the
 * `release/2024` branch, answered the older way, with the selector at the
 * top level instead of in `target` (the integration reads both); every
 * other repository has none.
 */
import { demoIds, eng, repoUuid } from '../demo-ids';
import { iso } from '../render';
import { defineListing } from './listing';

export interface BbPipelineSchedule {
  uuid: string;
  repoUuid: string;
  enabled: boolean;
  cronPattern: string;
  refName: string;
  selector: { type: string; pattern: string };
  /** Answer the selector at the top level, as older answers do. */
  topLevelSelector?: boolean;
  createdOn: number;
  updatedOn: number;
}

/** schemas.pipeline_schedule (target: schemas.pipeline_ref_target). */
function render(schedule: BbPipelineSchedule) {
  const selector = schedule.selector;
  return {
    type: 'pipeline_schedule',
    uuid: schedule.uuid,
    enabled: schedule.enabled,
    cron_pattern: schedule.cronPattern,
    target: {
      type: 'pipeline_ref_target',
      ref_type: 'branch',
      ref_name: schedule.refName,
      ...(schedule.topLevelSelector ? {} : { selector }),
    },
    ...(schedule.topLevelSelector ? { selector } : {}),
    created_on: iso(schedule.createdOn),
    updated_on: iso(schedule.updatedOn),
  };
}

const DAY = 24 * 60 * 60 * 1000;

export const PIPELINE_SCHEDULES = defineListing<BbPipelineSchedule>({
  name: 'pipelineSchedules',
  routes: [
    {
      owner: 'repository',
      path: '/repositories/{workspace}/{repo_slug}/pipelines_config/schedules',
      scope: 'pipeline',
      defaultPagelen: 10,
      ownerOf: (schedule) => schedule.repoUuid,
      render,
    },
  ],
  demo: (referenceTime) => {
    const ago = (days: number): number => referenceTime - days * DAY;
    return [
      {
        uuid: demoIds.uuid('schedule:my-service'),
        repoUuid: repoUuid(eng('my-service')),
        enabled: true,
        cronPattern: '0 0 2 * * ? *',
        refName: 'main',
        selector: { type: 'custom', pattern: 'nightly-security-scan' },
        createdOn: ago(200),
        updatedOn: ago(30),
      },
      {
        uuid: demoIds.uuid('schedule:web-app'),
        repoUuid: repoUuid(eng('web-app')),
        enabled: false,
        cronPattern: '0 30 6 ? * MON *',
        refName: 'release/2024',
        selector: { type: 'branches', pattern: 'release/*' },
        topLevelSelector: true,
        createdOn: ago(400),
        updatedOn: ago(120),
      },
    ];
  },
});
