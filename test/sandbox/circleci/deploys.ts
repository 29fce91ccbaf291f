/**
 * The deploys API of a simulated CircleCI account: environments and
 * components of an organization, and the versions of each component, each
 * naming the environment and the pipeline, workflow and job that deployed
 * it (circleci-v2.openapi.json listEnvironments, listComponents,
 * listComponentVersions). Ids derive from names (not from the seeded
 * random source), so adding deploys moves no other id of a dataset.
 */
import { createHash } from 'crypto';
import { CircleCIDatasetBuilder } from './builder';
import {
  CircleCICollaboration,
  CircleCIDeployComponent,
  CircleCIDeployEnvironment,
  CircleCIJob,
  CircleCIPipeline,
  CircleCIProjectRecord,
  CircleCIWorkflow,
} from './types';

/** A UUID-shaped id from a name, the same on every run. */
export function nameUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

export function addDeployEnvironment(
  b: CircleCIDatasetBuilder,
  org: CircleCICollaboration,
  input: {
    name: string;
    ageMs: number;
    description?: string;
    labels?: Record<string, string>;
  },
): CircleCIDeployEnvironment {
  const environment: CircleCIDeployEnvironment = {
    id: nameUuid(`environment ${org.id} ${input.name}`),
    name: input.name,
    description: input.description ?? '',
    labels: Object.entries(input.labels ?? {}).map(([key, value]) => ({
      key,
      value,
    })),
    created_at: b.iso(input.ageMs),
    updated_at: b.iso(input.ageMs),
  };
  b.deploys.environments.push({ orgId: org.id, environment });
  return environment;
}

export function addDeployComponent(
  b: CircleCIDatasetBuilder,
  project: CircleCIProjectRecord,
  input: { name: string; ageMs: number },
): CircleCIDeployComponent {
  const component: CircleCIDeployComponent = {
    id: nameUuid(`component ${project.project.id} ${input.name}`),
    name: input.name,
    project_id: project.project.id,
    labels: [],
    release_count: 0,
    created_at: b.iso(input.ageMs),
    updated_at: b.iso(input.ageMs),
  };
  b.deploys.components.push({
    orgId: project.project.organization_id,
    component,
  });
  return component;
}

/**
 * A version of a component deployed to an environment by a job: its
 * pipeline and workflow are the job's own (the caller passes the three
 * objects the job belongs to).
 */
export function addComponentVersion(
  b: CircleCIDatasetBuilder,
  component: CircleCIDeployComponent,
  input: {
    name: string;
    environment: CircleCIDeployEnvironment;
    namespace?: string;
    live: boolean;
    pipeline: CircleCIPipeline;
    workflow: CircleCIWorkflow;
    job: CircleCIJob;
  },
): void {
  const deployedAt = input.job.stopped_at ?? input.job.started_at;
  b.deploys.versions.push({
    componentId: component.id,
    version: {
      name: input.name,
      environment_id: input.environment.id,
      namespace: input.namespace ?? 'default',
      is_live: input.live,
      pipeline_id: input.pipeline.id,
      workflow_id: input.workflow.id,
      job_id: input.job.id,
      ...(input.job.job_number === undefined
        ? {}
        : { job_number: input.job.job_number }),
      last_deployed_at: deployedAt,
    },
  });
  component.release_count += 1;
  if (deployedAt > component.updated_at) component.updated_at = deployedAt;
}
