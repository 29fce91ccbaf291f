/**
 * Bitbucket Pipelines of the generated large dataset, derived from its
 * merged pull requests without drawing from the dataset's RNG (so every
 * other generated record stays as it was): every third repository has
 * Pipelines, with Test, Staging and Production environments (Production
 * admin-only on every second one); each merged pull request's merge commit
 * is built by a push pipeline ten minutes after the merge, deployed to
 * Staging, and every second one promoted to Production.
 */
import { labelIds } from './ids';
import {
  BbDeployment,
  BbEnvironment,
  BbPipeline,
  BitbucketData,
} from './model';

const MINUTE = 60_000;
const ids = labelIds('bitbucket-large-pipelines');

export function addLargePipelines(data: BitbucketData): void {
  const environments: BbEnvironment[] = [];
  const pipelines: BbPipeline[] = [];
  const deployments: BbDeployment[] = [];
  const withPipelines = data.repos.filter(
    (repo, index) => !repo.parentUuid && index % 3 === 0,
  );
  withPipelines.forEach((repo, r) => {
    const env = (type: BbEnvironment['type'], rank: number) => {
      const environment: BbEnvironment = {
        repoUuid: repo.uuid,
        uuid: ids.uuid(`${repo.uuid}:env:${type}`),
        name: type,
        type,
        rank,
        adminOnly: type === 'Production' && r % 2 === 0,
      };
      environments.push(environment);
      return environment;
    };
    env('Test', 0);
    const staging = env('Staging', 1);
    const production = env('Production', 2);
    const merged = data.pullRequests
      .filter((pr) => pr.repoUuid === repo.uuid && pr.mergeCommit)
      .sort((a, b) => a.updatedOn - b.updatedOn);
    let deploymentNumber = 0;
    merged.forEach((pr, i) => {
      const createdOn = pr.updatedOn + 10 * MINUTE;
      const pipeline: BbPipeline = {
        repoUuid: repo.uuid,
        uuid: ids.uuid(`${repo.uuid}:pipeline:${i + 1}`),
        buildNumber: i + 1,
        creatorUuid: pr.closedByUuid ?? pr.authorUuid,
        trigger: 'push',
        target: {
          kind: 'branch',
          refName: repo.mainBranch,
          commit: pr.mergeCommit as string,
        },
        state: 'COMPLETED',
        result: i % 7 === 3 ? 'FAILED' : 'SUCCESSFUL',
        createdOn,
        completedOn: createdOn + 6 * MINUTE,
        buildSecondsUsed: 300,
      };
      pipelines.push(pipeline);
      if (pipeline.result !== 'SUCCESSFUL') return;
      const targets = i % 2 === 0 ? [staging, production] : [staging];
      targets.forEach((environment, t) => {
        deploymentNumber += 1;
        const startedOn = createdOn + (4 + t * 2) * MINUTE;
        deployments.push({
          repoUuid: repo.uuid,
          uuid: ids.uuid(`${repo.uuid}:deployment:${deploymentNumber}`),
          number: deploymentNumber,
          environmentUuid: environment.uuid,
          pipelineUuid: pipeline.uuid,
          commit: pipeline.target.commit,
          releaseName: `#${pipeline.buildNumber}`,
          status: 'SUCCESSFUL',
          startedOn,
          completedOn: startedOn + MINUTE,
          deployerUuid: pipeline.creatorUuid,
        });
      });
    });
  });
  data.environments = environments;
  data.pipelines = pipelines;
  data.deployments = deployments;
}
