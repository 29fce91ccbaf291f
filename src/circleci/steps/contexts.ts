import {
  createDirectRelationship,
  Entity,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import { getStepClient } from '../client/cache';
import { CircleCIClient } from '../client/client';
import { CircleCIContext } from '../client/types';
import {
  createContextEntity,
  createContextEnvVarEntity,
} from '../converters/contexts';
import { circleciKeys } from '../converters/keys';
import {
  CircleCIEntities,
  CircleCIIngestionSourceIds,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import { forEachConcurrently, WorkPool } from './pool';
import {
  accessGapStatus,
  CircleCIStepContext,
  fanOut,
  logRequestSummary,
} from './util';
import {
  addEntityOnce,
  addRelationshipOnce,
  publishMissingPermission,
  skipFailedListing,
  stringProperty,
} from '../../stepSupport';

interface ContextRestrictions {
  /** Kinds of restriction (project, expression, group), one per restriction. */
  types: string[];
  /** Project ids of the restrictions of type "project". */
  projectIds: string[];
}

async function readRestrictions(
  client: CircleCIClient,
  contextId: string,
): Promise<ContextRestrictions> {
  const restrictions: ContextRestrictions = { types: [], projectIds: [] };
  for await (const restriction of client.listContextRestrictions(contextId)) {
    // A restriction of no stated kind still restricts the context.
    restrictions.types.push(restriction.restriction_type ?? 'unknown');
    if (restriction.restriction_type !== 'project') continue;
    // project_id is deprecated in favour of restriction_value.
    const id = restriction.restriction_value ?? restriction.project_id;
    if (id) restrictions.projectIds.push(id);
  }
  return restrictions;
}

async function collectContext(
  context: CircleCIStepContext,
  client: CircleCIClient,
  group: Entity,
  orgSlug: string,
  raw: CircleCIContext,
) {
  // Variables and restrictions are read at once; the context entity needs
  // the restrictions, so it is added when both are in (a context holds few
  // variables, so keeping them briefly costs little).
  const readVariables = async () => {
    const variables: Entity[] = [];
    for await (const variable of client.listContextEnvironmentVariables(
      raw.id,
    )) {
      variables.push(createContextEnvVarEntity(variable, raw));
    }
    return variables;
  };
  const [variables, restrictions] = await Promise.all([
    readVariables(),
    readRestrictions(client, raw.id),
  ]);
  const contextEntity = createContextEntity(
    raw,
    { slug: orgSlug },
    restrictions.types,
  );
  await addEntityOnce(context.jobState, contextEntity);
  await addRelationshipOnce(
    context.jobState,
    createDirectRelationship({
      _class: RelationshipClass.HAS,
      from: group,
      to: contextEntity,
    }),
  );
  for (const variable of variables) {
    await addEntityOnce(context.jobState, variable);
    await addRelationshipOnce(
      context.jobState,
      createDirectRelationship({
        _class: RelationshipClass.HAS,
        from: contextEntity,
        to: variable,
      }),
    );
  }
  for (const projectId of restrictions.projectIds) {
    const projectKey = circleciKeys.project(projectId);
    // A restriction may name a project outside the collected organizations.
    if (!(await context.jobState.hasKey(projectKey))) continue;
    await addRelationshipOnce(
      context.jobState,
      createDirectRelationship({
        _class: RelationshipClass.USES,
        fromKey: projectKey,
        fromType: CircleCIEntities.PROJECT._type,
        toKey: contextEntity._key,
        toType: CircleCIEntities.CONTEXT._type,
      }),
    );
    for (const variable of variables) {
      await addRelationshipOnce(
        context.jobState,
        createDirectRelationship({
          _class: RelationshipClass.USES,
          fromKey: projectKey,
          fromType: CircleCIEntities.PROJECT._type,
          toKey: variable._key,
          toType: CircleCIEntities.CONTEXT_ENV_VAR._type,
        }),
      );
    }
  }
}

/**
 * Contexts of each organization with their variable names and project
 * restrictions. A context restricted to projects is USED by those projects
 * (and so are its variables); unrestricted contexts and expression/group
 * restrictions name no project, so they produce no USES relationship.
 */
export async function fetchContexts(context: CircleCIStepContext) {
  const { client, config } = getStepClient(context);
  const groups: Entity[] = [];
  await context.jobState.iterateEntities(
    { _type: CircleCIEntities.USER_GROUP._type },
    (group) => {
      groups.push(group);
    },
  );
  const pool = new WorkPool(fanOut(config.concurrency));
  try {
    // Organizations side by side; unlike Promise.all, a failure in one still
    // waits for the others' requests in flight before it is rethrown.
    await forEachConcurrently(
      groups,
      Math.max(1, groups.length),
      async (group) => {
        const orgSlug = stringProperty(group, 'slug');
        if (!orgSlug) return;
        try {
          for await (const raw of client.listContexts(orgSlug)) {
            await pool.add(() =>
              collectContext(context, client, group, orgSlug, raw),
            );
          }
        } catch (err) {
          if (
            skipFailedListing(
              context,
              `The contexts of CircleCI organization ${orgSlug}`,
              err,
            )
          ) {
            return;
          }
          if (!isHttpStatus(err, 403, 404)) throw err;
          publishMissingPermission(
            context,
            `CircleCI organization ${orgSlug}: GET /context?owner-slug answered ${accessGapStatus(
              err,
            )}, so its contexts and their variable names are not collected. Give the API token's user access to the organization's contexts.`,
          );
        }
      },
    );
  } finally {
    await pool.drain().catch(() => undefined);
  }
  await pool.drain();
  logRequestSummary(context, client.transport);
}

export const contextSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...CircleCISteps.CONTEXTS,
    entities: [CircleCIEntities.CONTEXT, CircleCIEntities.CONTEXT_ENV_VAR],
    relationships: [
      CircleCIRelationships.USER_GROUP_HAS_CONTEXT,
      CircleCIRelationships.CONTEXT_HAS_ENV_VAR,
      CircleCIRelationships.PROJECT_USES_CONTEXT,
      CircleCIRelationships.PROJECT_USES_CONTEXT_ENV_VAR,
    ],
    // Projects are needed for the USES relationships of restrictions.
    dependsOn: [CircleCISteps.USER_GROUPS.id, CircleCISteps.PROJECTS.id],
    ingestionSourceId: CircleCIIngestionSourceIds.CONTEXTS,
    executionHandler: fetchContexts,
  },
];
