import { Entity, RelationshipClass } from '@jupiterone/integration-sdk-core';
import { getStepClient } from '../client/cache';
import { CircleCIClient } from '../client/client';
import {
  CircleCIContext,
  contextEnvVars,
  contextRestrictions,
} from '../client/responses/contexts';
import {
  createContextEntity,
  createContextEnvVarEntity,
} from '../converters/context';
import { circleciKeys } from '../converters/keys';
import { CircleCIEntities as E, CircleCISteps } from '../metadata';
import {
  addChildOnce,
  FanOut,
  fanOutFor,
  relateOnce,
  StepContext,
  StepHandlers,
} from '../../steps';
import { forEachCircleCIParent } from './common';
import { CircleCIListings } from './listings';
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
  for await (const restriction of client.list(contextRestrictions, [
    contextId,
  ])) {
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
  context: StepContext,
  client: CircleCIClient,
  group: Entity,
  orgSlug: string,
  raw: CircleCIContext,
) {
  const { jobState } = context;
  // Variables and restrictions are read at once; the context entity needs
  // the restrictions, so it is added when both are in (a context holds few
  // variables, so keeping them briefly costs little).
  const readVariables = async () => {
    const variables: Entity[] = [];
    for await (const variable of client.list(contextEnvVars, [raw.id])) {
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
  await addChildOnce(jobState, group, contextEntity);
  for (const variable of variables) {
    await addChildOnce(jobState, contextEntity, variable);
  }
  for (const projectId of restrictions.projectIds) {
    const project = {
      _key: circleciKeys.project(projectId),
      _type: E.PROJECT._type,
    };
    // A restriction may name a project outside the collected organizations.
    if (!(await jobState.hasKey(project._key))) continue;
    for (const used of [contextEntity, ...variables]) {
      await relateOnce(jobState, project, RelationshipClass.USES, used);
    }
  }
}

/**
 * Contexts of each organization with their variable names and project
 * restrictions. A context restricted to projects is USED by those projects
 * (and so are its variables); unrestricted contexts and expression/group
 * restrictions name no project, so they produce no USES relationship.
 */
export async function fetchContexts(context: StepContext) {
  const { config } = getStepClient(context);
  // Organizations side by side, their contexts in one bounded pool; a
  // failure in one still waits for the requests in flight.
  const pool = new FanOut(fanOutFor(config.concurrency));
  await forEachCircleCIParent(
    context,
    CircleCIListings.contexts,
    async (group, orgSlug, client) => {
      for await (const raw of client.listContexts(orgSlug)) {
        await pool.add(() =>
          collectContext(context, client, group, orgSlug, raw),
        );
      }
    },
    pool,
  );
}

// Projects are needed for the USES relationships of restrictions.

export const contextHandlers = {
  CONTEXTS: fetchContexts,
} satisfies StepHandlers<typeof CircleCISteps>;
