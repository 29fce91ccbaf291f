import { ItemShape } from '../../../responseShape';
import { listing, PAGED } from '../listing';

/** Deploy environments, components and their versions (see accounts.ts). */

/** A `{key, value}` label of a deploy environment or component. */
export interface CircleCIDeployLabel {
  key?: string;
  value?: string;
}

/**
 * `GET /deploy/environments` item (listEnvironments). The spec lists no
 * required member; only `id` is required here (it keys the entity).
 */
export interface CircleCIDeployEnvironment {
  id: string;
  name?: string;
  description?: string;
  labels?: CircleCIDeployLabel[];
  created_at?: string;
  updated_at?: string;
}

/** Deploy environments and components: `labels` entries must be objects. */
export const deployEnvironmentShape: ItemShape = {
  id: 'id',
  objectArrays: ['labels'],
  strings: ['name', 'description', 'created_at', 'updated_at'],
};

/** `GET /deploy/components` item (listComponents). */
export interface CircleCIDeployComponent {
  id: string;
  name?: string;
  project_id?: string;
  labels?: CircleCIDeployLabel[];
  release_count?: number;
  created_at?: string;
  updated_at?: string;
}

export const deployComponentShape: ItemShape = {
  id: 'id',
  pathId: true,
  objectArrays: ['labels'],
  numbers: ['release_count'],
  strings: ['name', 'project_id', 'created_at', 'updated_at'],
};

/**
 * `GET /deploy/components/{component_id}/versions` item
 * (listComponentVersions): one version of a component in one environment,
 * with the pipeline, workflow and job that deployed it.
 */
export interface CircleCIComponentVersion {
  name: string;
  environment_id?: string;
  namespace?: string;
  is_live?: boolean;
  pipeline_id?: string;
  workflow_id?: string;
  job_id?: string;
  job_number?: number;
  last_deployed_at?: string;
}

/** A version without a name is skipped: the name is its identity. */
export const componentVersionShape: ItemShape = {
  id: 'name',
  booleans: ['is_live'],
  numbers: ['job_number'],
  strings: [
    'environment_id',
    'namespace',
    'pipeline_id',
    'workflow_id',
    'job_id',
    'last_deployed_at',
  ],
};

/**
 * Versions of a component in every environment. The spec declares no
 * page parameter here although the answer has next_page_token; the token
 * is sent, as for workflow jobs.
 */
export const componentVersions = listing<CircleCIComponentVersion>(
  'GET /deploy/components/{component_id}/versions',
  componentVersionShape,
  PAGED,
);
