import {
  createMappedRelationship,
  Entity,
  generateRelationshipType,
  Relationship,
  RelationshipClass,
  RelationshipDirection,
} from '@jupiterone/integration-sdk-core';
import {
  CircleCIComponentVersion,
  CircleCIDeployComponent,
  CircleCIDeployEnvironment,
  CircleCIDeployLabel,
} from '../client/responses/deploys';
import { CircleCIEntities } from '../metadata';
import { circleciEntity } from './entity';
import { ChangeReview } from '../../crossvendor/deployChain';
import { stringProperty } from '../../steps/entityProperties';
import { circleciKeys } from './keys';
import { parseCircleCITime } from './time';

/** Labels as `key=value` strings (J1 properties cannot hold objects). */
function labelStrings(labels: CircleCIDeployLabel[] | undefined): string[] {
  return (labels ?? []).flatMap((label) =>
    typeof label.key === 'string' && label.key !== ''
      ? [`${label.key}=${typeof label.value === 'string' ? label.value : ''}`]
      : [],
  );
}

/** Label keys that name an environment's tier. */
const TIER_LABEL_KEYS = new Set(['env', 'environment', 'tier', 'stage']);
const PRODUCTION_WORDS = new Set(['prod', 'production', 'prd', 'live']);
/** Words that, in front of "prod", make it not production ("pre-prod", "non-prod"). */
const NOT_PRODUCTION_PREFIXES = new Set(['pre', 'non', 'not']);

/**
 * Whether a CircleCI deploy environment is production. The API has no
 * environment type, so it is read from what users name: a tier label
 * (`env`, `environment`, `tier` or `stage`) whose value is prod,
 * production, prd or live decides; without one, the name does when one of
 * its words is such a word not preceded by pre/non/not (`prod-eu` and
 * `production` are production; `preprod`, `pre-prod`, `non-prod` and
 * `staging` are not).
 */
export function isProductionEnvironment(
  environment: Pick<CircleCIDeployEnvironment, 'name' | 'labels'>,
): boolean {
  const tierLabels = (environment.labels ?? []).filter(
    (l) =>
      typeof l.key === 'string' && TIER_LABEL_KEYS.has(l.key.toLowerCase()),
  );
  if (tierLabels.length > 0) {
    return tierLabels.some(
      (l) =>
        typeof l.value === 'string' &&
        PRODUCTION_WORDS.has(l.value.toLowerCase()),
    );
  }
  const words = (environment.name ?? '').toLowerCase().split(/[^a-z0-9]+/);
  return words.some(
    (word, i) =>
      PRODUCTION_WORDS.has(word) &&
      (i === 0 || !NOT_PRODUCTION_PREFIXES.has(words[i - 1])),
  );
}

type OrganizationResource = CircleCIDeployEnvironment | CircleCIDeployComponent;

/**
 * The converter of an organization's environments or components: what
 * they have alike (keyed by id, named by id when the name is empty,
 * labelled, dated, owned by an organization), then what is `own`.
 */
function organizationResourceEntity<R extends OrganizationResource>(
  metadata: { _type: string; _class: string[] },
  key: (id: string) => string,
  own: (resource: R) => Record<string, string | number | boolean | undefined>,
) {
  return (resource: R, organization: { id: string }): Entity => {
    const name = resource.name || resource.id;
    return circleciEntity(metadata, resource, {
      _key: key(resource.id),
      id: resource.id,
      name,
      displayName: name,
      labels: labelStrings(resource.labels),
      organizationId: organization.id,
      createdOn: parseCircleCITime(resource.created_at),
      updatedOn: parseCircleCITime(resource.updated_at),
      ...own(resource),
    });
  };
}

/** `circleci_environment` from `GET /deploy/environments`. */
export const createEnvironmentEntity = organizationResourceEntity(
  CircleCIEntities.ENVIRONMENT,
  circleciKeys.environment,
  (environment: CircleCIDeployEnvironment) => ({
    description: environment.description || undefined,
    production: isProductionEnvironment(environment),
  }),
);

/** `circleci_component` from `GET /deploy/components`. */
export const createComponentEntity = organizationResourceEntity(
  CircleCIEntities.COMPONENT,
  circleciKeys.component,
  (component: CircleCIDeployComponent) => ({
    projectId: component.project_id || undefined,
    releaseCount: component.release_count,
  }),
);

/** What the deploy step knows of the run that deployed a version. */
export interface DeployRunInfo {
  /** The pipeline's vcs.revision: the deployed commit. */
  commitSha?: string;
  branch?: string;
  /** `workspace/repo` (lower case) of a Bitbucket repository. */
  repositoryFullName?: string;
  projectSlug?: string;
  pipelineNumber?: number;
  triggerActorLogin?: string;
  /** Whether the pipeline is in this run's pipeline window. */
  inWindow: boolean;
}

/** The chain evidence (src/crossvendor/deployChain.ts). */
export interface DeployReview {
  changeReview: ChangeReview;
  pullRequestKey?: string;
  pullRequestKeys?: string[];
}

export interface DeployContext {
  component: { id: string; name?: string; projectId?: string };
  environment?: { name?: string; production?: boolean };
  run?: DeployRunInfo;
  review: DeployReview;
}

/** The app's job page, when the project slug and pipeline number are known. */
function jobLink(
  version: CircleCIComponentVersion,
  run: DeployRunInfo | undefined,
): string | undefined {
  if (
    !run?.projectSlug ||
    run.pipelineNumber === undefined ||
    !version.workflow_id ||
    version.job_number === undefined
  ) {
    return undefined;
  }
  return [
    'https://app.circleci.com/pipelines',
    run.projectSlug,
    run.pipelineNumber,
    'workflows',
    version.workflow_id,
    'jobs',
    version.job_number,
  ].join('/');
}

/**
 * `circleci_deploy`: one version of a component in one environment (the
 * versions listing names the environment of each item).
 */
export function createDeployEntity(
  version: CircleCIComponentVersion,
  context: DeployContext,
): Entity {
  const { component, environment, run, review } = context;
  const componentName = component.name || component.id;
  const environmentName = environment?.name || version.environment_id;
  return circleciEntity(CircleCIEntities.DEPLOY, version, {
    _key: circleciKeys.deploy(
      component.id,
      version.environment_id,
      version.namespace,
      version.name,
    ),
    name: `${componentName} ${version.name}`,
    displayName: environmentName
      ? `${componentName} ${version.name} in ${environmentName}`
      : `${componentName} ${version.name}`,
    version: version.name,
    namespace: version.namespace || undefined,
    isLive: version.is_live === true,
    active: version.is_live === true,
    lastDeployedOn: parseCircleCITime(version.last_deployed_at),
    componentId: component.id,
    componentName,
    projectId: component.projectId,
    environmentId: version.environment_id,
    environmentName,
    production: environment?.production === true,
    pipelineId: version.pipeline_id,
    workflowId: version.workflow_id,
    jobId: version.job_id,
    jobNumber: version.job_number,
    pipelineInWindow: run?.inWindow ?? false,
    projectSlug: run?.projectSlug,
    pipelineNumber: run?.pipelineNumber,
    triggerActorLogin: run?.triggerActorLogin,
    commitSha: run?.commitSha,
    branch: run?.branch,
    repositoryFullName: run?.repositoryFullName,
    changeReview: review.changeReview,
    pullRequestKey: review.pullRequestKey,
    pullRequestKeys: review.pullRequestKeys,
    webLink: jobLink(version, run),
  });
}

/**
 * `<run> PERFORMED circleci_deploy` for a run outside the pipeline window:
 * mapped by the run's key, no placeholder created.
 */
export function createMappedRunPerformedDeploy(
  run: { _key: string; _type: string },
  deploy: Entity,
): Relationship {
  return createMappedRelationship({
    _class: RelationshipClass.PERFORMED,
    _type: generateRelationshipType(
      RelationshipClass.PERFORMED,
      run._type,
      deploy._type,
    ),
    _mapping: {
      relationshipDirection: RelationshipDirection.REVERSE,
      sourceEntityKey: deploy._key,
      targetFilterKeys: [['_type', '_key']],
      targetEntity: { _type: run._type, _key: run._key },
      skipTargetCreation: true,
    },
  });
}

/** Properties of environments and components that later steps read back. */
export const DeployProperties = {
  id: 'id',
  name: 'name',
  production: 'production',
  projectId: 'projectId',
} as const;

export interface EnvironmentRef {
  key: string;
  name?: string;
  production: boolean;
}

export function readEnvironmentRef(entity: Entity): EnvironmentRef {
  return {
    key: entity._key,
    name: stringProperty(entity, DeployProperties.name),
    production: entity[DeployProperties.production] === true,
  };
}

export interface ComponentRef {
  key: string;
  id: string;
  name?: string;
  projectId?: string;
}

export function readComponentRef(entity: Entity): ComponentRef | undefined {
  const id = stringProperty(entity, DeployProperties.id);
  if (!id) return undefined;
  return {
    key: entity._key,
    id,
    name: stringProperty(entity, DeployProperties.name),
    projectId: stringProperty(entity, DeployProperties.projectId),
  };
}
