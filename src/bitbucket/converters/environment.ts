import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketEnvironment } from '../client/responses/pipelines';
import { bitbucketKeys } from './keys';
import { RepoRef } from './repo';
import { stringProperty } from '../../steps/entityProperties';

/**
 * Bitbucket has three environment types, Test, Staging and Production
 * (rank 0, 1, 2); an environment is a production one when its type is.
 */
export function isProductionEnvironment(env: BitbucketEnvironment): boolean {
  return env.environment_type?.name?.toLowerCase() === 'production';
}

export function createEnvironmentEntity(
  repo: RepoRef,
  env: BitbucketEnvironment,
): Entity {
  const name = env.name ?? env.slug ?? env.uuid;
  const adminOnly = env.restrictions?.admin_only === true;
  return createIntegrationEntity({
    entityData: {
      source: env,
      assign: {
        _key: bitbucketKeys.environment(repo.uuid, env.uuid),
        _type: BitbucketEntities.ENVIRONMENT._type,
        _class: BitbucketEntities.ENVIRONMENT._class,
        id: env.uuid,
        name,
        displayName: `${repo.name}/${name}`,
        slug: env.slug,
        environmentType: env.environment_type?.name,
        typeRank: env.environment_type?.rank,
        rank: env.rank,
        production: isProductionEnvironment(env),
        // "Only administrators can deploy to this environment"; absent
        // restrictions mean anyone with write access can deploy.
        adminOnly,
        hidden: env.hidden,
        lock: env.lock?.name,
        environmentLockEnabled: env.environment_lock_enabled,
        deploymentGateEnabled: env.deployment_gate_enabled,
        repoId: repo.uuid,
        repository: repo.fullName,
        workspace: repo.workspaceSlug,
      },
    },
  });
}

/** What the deployments step needs of an environment it links to. */
export interface EnvironmentRef {
  key: string;
  name: string;
  production: boolean;
  repoId?: string;
}

export function readEnvironmentRef(entity: Entity): EnvironmentRef {
  return {
    repoId: stringProperty(entity, 'repoId'),
    key: entity._key,
    name: typeof entity.name === 'string' ? entity.name : entity._key,
    production: entity.production === true,
  };
}

/**
 * Where an environment lives, for the requests made below it (its
 * variables): undefined when the entity lacks any part of the path.
 */
export interface EnvironmentLocation {
  key: string;
  uuid: string;
  name: string;
  repoUuid: string;
  repoFullName: string;
  workspaceSlug: string;
}

export function readEnvironmentLocation(
  entity: Entity,
): EnvironmentLocation | undefined {
  const uuid = stringProperty(entity, 'id');
  const repoUuid = stringProperty(entity, 'repoId');
  const repoFullName = stringProperty(entity, 'repository');
  const workspaceSlug = stringProperty(entity, 'workspace');
  if (!uuid || !repoUuid || !repoFullName || !workspaceSlug) return undefined;
  return {
    key: entity._key,
    uuid,
    name: stringProperty(entity, 'name') ?? uuid,
    repoUuid,
    repoFullName,
    workspaceSlug,
  };
}
