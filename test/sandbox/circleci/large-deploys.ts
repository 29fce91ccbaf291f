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
  // Indexed once: a scan of every workflow per pipeline took minutes on
  // the estate profile (15,000+ pipelines).
  const group = <T>(items: T[], key: (item: T) => string) => {
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const list = groups.get(key(item)) ?? [];
      list.push(item);
      groups.set(key(item), list);
    }
    return groups;
  };
  const jobsByWorkflow = group(data.jobs, (r) => r.workflowId);
  const workflowsByPipeline = group(data.workflows, (w) => w.pipeline_id);
  const pipelinesByProject = group(data.pipelines, (p) => p.project_slug);
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
      const pipelines = [
        ...(pipelinesByProject.get(project.project.slug) ?? []),
      ].sort((x, y) => x.number - y.number);
      const deploys = pipelines.flatMap((pipeline) => {
        const workflow = workflowsByPipeline
          .get(pipeline.id)
          ?.find((w) => w.name === 'deploy' && w.status !== 'on_hold');
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
