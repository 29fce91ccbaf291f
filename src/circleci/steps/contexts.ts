import {
  Entity,
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { getStepClient } from '../client/cache';
import { CircleCIClient } from '../client/client';
import { CircleCIContext } from '../client/types';
import {
  createContextEntity,
  createContextEnvVarEntity,
} from '../converters/context';
import { circleciKeys } from '../converters/keys';
import { readUserGroupSlug } from '../converters/userGroup';
import {
  CircleCIEntities,
  CircleCIIngestionSourceIds,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import {
  AccessGaps,
  addChildOnce,
  describeGaps,
  FanOut,
  fanOutFor,
  forEachLimited,
  relateOnce,
  runInPool,
  StepContext,
  declareStep,
} from '../../steps';
import { logCircleCIRequests } from './common';

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
  await addChildOnce(jobState, group, contextEntity);
  for (const variable of variables) {
    await addChildOnce(jobState, contextEntity, variable);
  }
  for (const projectId of restrictions.projectIds) {
    const project = {
      _key: circleciKeys.project(projectId),
      _type: CircleCIEntities.PROJECT._type,
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
  const { client, config } = getStepClient(context);
  const groups: Entity[] = [];
  await context.jobState.iterateEntities(
    { _type: CircleCIEntities.USER_GROUP._type },
    (group) => {
      groups.push(group);
    },
  );
  const gaps = new AccessGaps(context, 'contexts');
  const pool = new FanOut(fanOutFor(config.concurrency));
  // Organizations side by side; a failure in one still waits for the
  // others' requests in flight before it is rethrown.
  await runInPool(pool, () =>
    forEachLimited(groups, Math.max(1, groups.length), async (group) => {
      const orgSlug = readUserGroupSlug(group);
      if (!orgSlug) return;
      await gaps.attempt(`CircleCI organization ${orgSlug}`, async () => {
        for await (const raw of client.listContexts(orgSlug)) {
          await pool.add(() =>
            collectContext(context, client, group, orgSlug, raw),
          );
        }
      });
    }),
  );
  gaps.publish(
    (found) =>
      `CircleCI GET /context?owner-slug could not be read for ${
        found.length
      } organization(s): ${describeGaps(
        found,
      )}. Their contexts and variable names are not collected; everything else is. Give the API token's user access to those organizations' contexts.`,
  );
  logCircleCIRequests(context, client);
}

export const contextSteps: IntegrationStep<IntegrationConfig>[] = [
  // Projects are needed for the USES relationships of restrictions.
  declareStep(CircleCISteps.CONTEXTS, fetchContexts, {
    writes: [
      CircleCIEntities.CONTEXT,
      CircleCIEntities.CONTEXT_ENV_VAR,
      CircleCIRelationships.USER_GROUP_HAS_CONTEXT,
      CircleCIRelationships.CONTEXT_HAS_ENV_VAR,
      CircleCIRelationships.PROJECT_USES_CONTEXT,
      CircleCIRelationships.PROJECT_USES_CONTEXT_ENV_VAR,
    ],
    after: [CircleCISteps.USER_GROUPS, CircleCISteps.PROJECTS],
    source: CircleCIIngestionSourceIds.CONTEXTS,
  }),
];
