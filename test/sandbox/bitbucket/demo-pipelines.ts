/**
 * Bitbucket Pipelines of the demo dataset: deployment environments,
 * pipeline runs and deployments, with the hard cases of the deploy
 * questions (test/questions-answers.test.ts):
 * - web-app: carol's approved "Accessibility fixes" (#4) released by
 *   alice's pipeline #41 to Staging and Production (admin-only);
 * - api-gateway: carol's unapproved hotfix PR #4, merged by bob, deployed
 *   by bob's pipeline #17 to a Production environment that is not
 *   restricted to admins; before it, carol pushed a hotfix straight to
 *   main (no pull request) and pipeline #16 deployed it;
 * - my-service: the approved "Add health endpoint" (#4) deployed by
 *   pipeline #8 of a contractor whose account was deleted since;
 * - my-service's Production environment answers 403 to its variables
 *   listing (listings/pipeline-variables.ts lists the variables of the others);
 * - runs outside the window (my-service #1 and #2, 150 and 120 days ago)
 *   and #1's deployment are not collected: newest first, the listing stops
 *   at #2; web-app's pull-request pipeline #40 failed and deployed nothing.
 */
import { demoIds as ids, eng, repoUuid, userUuid } from './demo-ids';
import {
  BbDeployment,
  BbEnvironment,
  BbPipeline,
  BitbucketData,
} from './model';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;

/** The account of the deleted contractor: in no listing, named by runs only. */
export const DELETED_DEPLOYER_UUID = ids.uuid('user:former-contractor');

/** The commit carol pushed straight to api-gateway's main (no PR). */
export const DIRECT_HOTFIX_COMMIT = ids.hash(
  'acme-eng/api-gateway:direct-hotfix',
);

const ENVIRONMENTS: Array<
  [repo: string, name: string, type: BbEnvironment['type'], adminOnly: boolean]
> = [
  [eng('web-app'), 'Test', 'Test', false],
  [eng('web-app'), 'Staging', 'Staging', false],
  [eng('web-app'), 'Production', 'Production', true],
  [eng('api-gateway'), 'Staging', 'Staging', false],
  // The hard case: anyone with write access can deploy to production.
  [eng('api-gateway'), 'Production', 'Production', false],
  [eng('my-service'), 'Production', 'Production', true],
];

export function environmentUuid(repo: string, name: string): string {
  return ids.uuid(`environment:${repo}:${name}`);
}

export function pipelineUuid(repo: string, buildNumber: number): string {
  return ids.uuid(`pipeline:${repo}#${buildNumber}`);
}

export function addDemoPipelines(
  data: BitbucketData,
  referenceTime: number,
): void {
  const ago = (days: number, minutes = 0): number =>
    referenceTime - days * DAY + minutes * MINUTE;
  const mergeCommit = (repo: string, id: number): string => {
    const pr = data.pullRequests.find(
      (p) => p.repoUuid === repoUuid(repo) && p.id === id,
    );
    if (!pr?.mergeCommit) throw new Error(`demo PR ${repo}#${id} not merged`);
    return pr.mergeCommit;
  };
  const sourceCommit = (repo: string, id: number): string => {
    const pr = data.pullRequests.find(
      (p) => p.repoUuid === repoUuid(repo) && p.id === id,
    );
    if (!pr) throw new Error(`demo PR ${repo}#${id} missing`);
    return pr.sourceCommit;
  };

  const environments: BbEnvironment[] = ENVIRONMENTS.map(
    ([repo, name, type, adminOnly], rank) => ({
      repoUuid: repoUuid(repo),
      uuid: environmentUuid(repo, name),
      name,
      type,
      rank,
      adminOnly,
      // The 403 hard case of the environment-variables step: one
      // environment whose variables the credential may not read.
      ...(repo === eng('my-service') ? { variablesForbidden: true } : {}),
    }),
  );

  const pipeline = (
    repo: string,
    buildNumber: number,
    fields: Omit<BbPipeline, 'repoUuid' | 'uuid' | 'buildNumber'>,
  ): BbPipeline => ({
    repoUuid: repoUuid(repo),
    uuid: pipelineUuid(repo, buildNumber),
    buildNumber,
    ...fields,
  });
  const branch = (commit: string) => ({
    kind: 'branch' as const,
    refName: 'main',
    commit,
  });
  const pipelines: BbPipeline[] = [
    pipeline(eng('my-service'), 1, {
      creatorUuid: userUuid('alice'),
      trigger: 'push',
      target: branch(mergeCommit(eng('my-service'), 6)),
      state: 'COMPLETED',
      result: 'SUCCESSFUL',
      createdOn: ago(150, 10),
      completedOn: ago(150, 19),
      buildSecondsUsed: 480,
    }),
    pipeline(eng('my-service'), 2, {
      creatorUuid: userUuid('frank'),
      trigger: 'schedule',
      target: branch(mergeCommit(eng('my-service'), 6)),
      state: 'COMPLETED',
      result: 'STOPPED',
      createdOn: ago(120),
      completedOn: ago(120, 3),
      buildSecondsUsed: 90,
    }),
    pipeline(eng('my-service'), 8, {
      creatorUuid: DELETED_DEPLOYER_UUID,
      trigger: 'manual',
      target: branch(mergeCommit(eng('my-service'), 4)),
      state: 'COMPLETED',
      result: 'SUCCESSFUL',
      createdOn: ago(27),
      completedOn: ago(27, 7),
      buildSecondsUsed: 390,
    }),
    pipeline(eng('web-app'), 40, {
      creatorUuid: userUuid('dana'),
      trigger: 'push',
      target: {
        kind: 'pullrequest',
        pullRequestId: 3,
        source: 'feature/dark-mode',
        destination: 'main',
        commit: sourceCommit(eng('web-app'), 3),
      },
      state: 'COMPLETED',
      result: 'FAILED',
      createdOn: ago(4, -30),
      completedOn: ago(4, -26),
      buildSecondsUsed: 200,
    }),
    pipeline(eng('web-app'), 41, {
      creatorUuid: userUuid('alice'),
      trigger: 'manual',
      target: branch(mergeCommit(eng('web-app'), 4)),
      state: 'COMPLETED',
      result: 'SUCCESSFUL',
      createdOn: ago(15, 60),
      completedOn: ago(15, 75),
      buildSecondsUsed: 720,
    }),
    pipeline(eng('api-gateway'), 16, {
      creatorUuid: userUuid('carol'),
      trigger: 'push',
      target: branch(DIRECT_HOTFIX_COMMIT),
      state: 'COMPLETED',
      result: 'SUCCESSFUL',
      createdOn: ago(2),
      completedOn: ago(2, 6),
      buildSecondsUsed: 300,
    }),
    pipeline(eng('api-gateway'), 17, {
      creatorUuid: userUuid('bob'),
      trigger: 'push',
      target: branch(mergeCommit(eng('api-gateway'), 4)),
      state: 'COMPLETED',
      result: 'SUCCESSFUL',
      createdOn: ago(0, -235),
      completedOn: ago(0, -228),
      buildSecondsUsed: 310,
    }),
  ];

  const deployment = (
    repo: string,
    number: number,
    environment: string,
    buildNumber: number,
    deployerUuid: string,
    offsetMinutes: number,
  ): BbDeployment => {
    const run = pipelines.find(
      (p) => p.uuid === pipelineUuid(repo, buildNumber),
    ) as BbPipeline;
    const startedOn = run.createdOn + offsetMinutes * MINUTE;
    return {
      repoUuid: repoUuid(repo),
      uuid: ids.uuid(`deployment:${repo}:${number}`),
      number,
      environmentUuid: environmentUuid(repo, environment),
      pipelineUuid: run.uuid,
      commit: run.target.commit,
      releaseName: `#${buildNumber}`,
      status: 'SUCCESSFUL',
      startedOn,
      completedOn: startedOn + 2 * MINUTE,
      deployerUuid,
    };
  };
  const deployments: BbDeployment[] = [
    deployment(eng('my-service'), 1, 'Production', 1, userUuid('alice'), 5),
    deployment(eng('my-service'), 3, 'Production', 8, DELETED_DEPLOYER_UUID, 5),
    deployment(eng('web-app'), 1, 'Staging', 41, userUuid('alice'), 8),
    deployment(eng('web-app'), 2, 'Production', 41, userUuid('alice'), 12),
    deployment(eng('api-gateway'), 4, 'Production', 16, userUuid('carol'), 4),
    deployment(eng('api-gateway'), 5, 'Production', 17, userUuid('bob'), 5),
  ];

  data.environments = environments;
  data.pipelines = pipelines;
  data.deployments = deployments;
}
