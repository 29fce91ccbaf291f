/**
 * Deploys of the `large` CircleCI account: per organization a production
 * and a staging environment, per project one component; every pipeline's
 * deploy workflow (unless still on hold) deploys version 1.0.<number> to
 * staging, and every fourth also to production. The newest version of each
 * environment is live, so some live versions come from pipelines older than
 * the lookback window (the benchmark's GET /pipeline/{id} requests).
 */
import { CircleCIDatasetBuilder, DAY_MS } from './builder';
import {
  addComponentVersion,
  addDeployComponent,
  addDeployEnvironment,
} from './deploys';
import { CircleCIData } from './types';

export function addLargeDeploys(
  b: CircleCIDatasetBuilder,
  data: CircleCIData,
): void {
  const jobsByWorkflow = new Map<string, CircleCIData['jobs']>();
  for (const record of data.jobs) {
    const list = jobsByWorkflow.get(record.workflowId) ?? [];
    list.push(record);
    jobsByWorkflow.set(record.workflowId, list);
  }
  for (const org of data.collaborations) {
    const production = addDeployEnvironment(b, org, {
      name: 'production',
      ageMs: 400 * DAY_MS,
      labels: { env: 'prod' },
    });
    const staging = addDeployEnvironment(b, org, {
      name: 'staging',
      ageMs: 400 * DAY_MS,
    });
    for (const project of data.projects) {
      if (project.project.organization_id !== org.id) continue;
      const component = addDeployComponent(b, project, {
        name: project.project.name,
        ageMs: 300 * DAY_MS,
      });
      // Oldest first, so the last version of each environment is live.
      const pipelines = data.pipelines
        .filter((p) => p.project_slug === project.project.slug)
        .sort((x, y) => x.number - y.number);
      const deploys = pipelines.flatMap((pipeline) => {
        const workflow = data.workflows.find(
          (w) =>
            w.pipeline_id === pipeline.id &&
            w.name === 'deploy' &&
            w.status !== 'on_hold',
        );
        const job = workflow
          ? jobsByWorkflow.get(workflow.id)?.find((r) => r.job.type === 'build')
              ?.job
          : undefined;
        return workflow && job ? [{ pipeline, workflow, job }] : [];
      });
      const lastProduction = deploys
        .filter((d) => d.pipeline.number % 4 === 0)
        .pop();
      deploys.forEach((run, index) => {
        const name = `1.0.${run.pipeline.number}`;
        addComponentVersion(b, component, {
          name,
          environment: staging,
          live: index === deploys.length - 1,
          ...run,
        });
        if (run.pipeline.number % 4 === 0) {
          addComponentVersion(b, component, {
            name,
            environment: production,
            live: run === lastProduction,
            ...run,
          });
        }
      });
    }
  }
}
