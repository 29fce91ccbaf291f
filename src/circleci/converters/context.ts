import { Entity } from '@jupiterone/integration-sdk-core';
import {
  CircleCIContext,
  CircleCIContextEnvironmentVariable,
} from '../client/responses/contexts';
import { CircleCIEntities } from '../metadata';
import { circleciEntity } from './entity';
import { parseCircleCITime } from './time';
import { circleciKeys } from './keys';

/** `circleci_context` from `GET /context?owner-slug=`. */
/**
 * `circleci_context`. `restrictionTypes` are the kinds of its restrictions
 * (project, expression, group); a context with none is usable by every
 * project of its organization, which `restricted: false` makes queryable.
 */
export function createContextEntity(
  context: CircleCIContext,
  organization: { slug: string },
  restrictionTypes: string[],
): Entity {
  return circleciEntity(CircleCIEntities.CONTEXT, context, {
    _key: circleciKeys.context(context.id),
    id: context.id,
    name: context.name,
    displayName: context.name,
    createdOn: parseCircleCITime(context.created_at),
    organizationSlug: organization.slug,
    restricted: restrictionTypes.length > 0,
    restrictionTypes: [...new Set(restrictionTypes)].sort(),
  });
}

/** `circleci_context_environment_variable`: the name only (the API has no value). */
export function createContextEnvVarEntity(
  variable: CircleCIContextEnvironmentVariable,
  context: { id: string; name: string },
): Entity {
  return circleciEntity(CircleCIEntities.CONTEXT_ENV_VAR, variable, {
    _key: circleciKeys.contextEnvVar(context.id, variable.variable),
    name: variable.variable,
    displayName: variable.variable,
    variable: variable.variable,
    contextId: context.id,
    contextName: context.name,
    createdOn: parseCircleCITime(variable.created_at),
    updatedOn: parseCircleCITime(variable.updated_at),
  });
}
