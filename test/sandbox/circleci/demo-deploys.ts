/**
 * The demo account's deploys (CircleCI deploy tracking), built on the
 * pipelines the demo already has so every version names a real pipeline,
 * workflow and job. The hard cases of issue 14:
 * - my-service 1.4.0 in production: deployed by pipeline 5, which built the
 *   merge commit of my-service#4 (approved by others);
 * - api-gateway 2.7.1 in production: the merge commit of api-gateway#4,
 *   merged with no approval;
 * - web-app 2026.11.30-hotfix in production: a commit pushed straight to
 *   master (no pull request);
 * - my-service and web-app span two environments (production, staging);
 * - my-service 1.3.0: production (replaced, not live) by the 35-day-old
 *   pipeline and staging (still live) by the 60-day-old one, both outside
 *   the default 30-day pipeline window.
 * The GitHub and `circleci/<org-id>` organizations have no deploys (empty
 * listings).
 */
import { CircleCIDatasetBuilder, DAY_MS } from './builder';
import {
  addComponentVersion,
  addDeployComponent,
  addDeployEnvironment,
} from './deploys';
import {
  CircleCIData,
  CircleCIJob,
  CircleCIPipeline,
  CircleCIWorkflow,
} from './types';

interface Run {
  pipeline: CircleCIPipeline;
  workflow: CircleCIWorkflow;
  job: CircleCIJob;
}

export function addDemoDeploys(
  b: CircleCIDatasetBuilder,
  data: CircleCIData,
): void {
  const org = data.collaborations.find((c) => c['vcs-type'] === 'bitbucket');
  const projectNamed = (name: string) =>
    data.projects.find(
      (p) => p.project.organization_id === org?.id && p.project.name === name,
    );
  const run = (
    projectName: string,
    subject: (s: string) => boolean,
    workflowName: string,
    jobName: string,
  ): Run | undefined => {
    const project = projectNamed(projectName);
    const pipeline = data.pipelines.find(
      (p) =>
        p.project_slug === project?.project.slug &&
        subject(p.vcs.commit?.subject ?? ''),
    );
    const workflow = data.workflows.find(
      (w) => w.pipeline_id === pipeline?.id && w.name === workflowName,
    );
    const job = data.jobs.find(
      (j) => j.workflowId === workflow?.id && j.job.name === jobName,
    )?.job;
    return pipeline && workflow && job
      ? { pipeline, workflow, job }
      : undefined;
  };
  const myService = projectNamed('my-service');
  const webApp = projectNamed('web-app');
  const gateway = projectNamed('api-gateway');
  if (!org || !myService || !webApp || !gateway) return;

  const production = addDeployEnvironment(b, org, {
    name: 'production',
    ageMs: 300 * DAY_MS,
    description: 'Customer-facing',
    labels: { env: 'prod' },
  });
  const staging = addDeployEnvironment(b, org, {
    name: 'staging',
    ageMs: 300 * DAY_MS,
    labels: { env: 'staging' },
  });

  const service = addDeployComponent(b, myService, {
    name: 'my-service',
    ageMs: 200 * DAY_MS,
  });
  const released = run(
    'my-service',
    (s) => s.startsWith('Merged in pull request'),
    'deploy',
    'deploy-production',
  );
  const staged = run(
    'my-service',
    (s) => s === 'Release from 60 days ago',
    'build-and-test',
    'build',
  );
  const replaced = run(
    'my-service',
    (s) => s === 'Release from 35 days ago',
    'build-and-test',
    'build',
  );
  if (staged) {
    addComponentVersion(b, service, {
      name: '1.3.0',
      environment: staging,
      live: true,
      ...staged,
    });
  }
  if (replaced) {
    addComponentVersion(b, service, {
      name: '1.3.0',
      environment: production,
      live: false,
      ...replaced,
    });
  }
  if (released) {
    addComponentVersion(b, service, {
      name: '1.4.0',
      environment: production,
      live: true,
      ...released,
    });
  }

  const web = addDeployComponent(b, webApp, {
    name: 'web-app',
    ageMs: 200 * DAY_MS,
  });
  const webStaged = run(
    'web-app',
    (s) => s === 'Service change 1',
    'build',
    'integration-tests',
  );
  const hotfix = run(
    'web-app',
    (s) => s.startsWith('Hotfix:'),
    'release',
    'deploy-production',
  );
  if (webStaged) {
    addComponentVersion(b, web, {
      name: '2026.11.30',
      environment: staging,
      live: true,
      ...webStaged,
    });
  }
  if (hotfix) {
    addComponentVersion(b, web, {
      name: '2026.11.30-hotfix',
      environment: production,
      live: true,
      ...hotfix,
    });
  }

  const gatewayComponent = addDeployComponent(b, gateway, {
    name: 'api-gateway',
    ageMs: 200 * DAY_MS,
  });
  const gatewayRelease = run(
    'api-gateway',
    (s) => s.includes('(pull request #4)'),
    'build-and-deploy',
    'deploy-production',
  );
  if (gatewayRelease) {
    addComponentVersion(b, gatewayComponent, {
      name: '2.7.1',
      environment: production,
      live: true,
      ...gatewayRelease,
    });
  }
}
