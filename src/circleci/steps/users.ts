import {
  createDirectRelationship,
  IntegrationStep,
  IntegrationWarnEventName,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../../config';
import { isHttpStatus } from '../../http';
import { getStepClient } from '../client/cache';
import { circleciKeys } from '../converters/keys';
import {
  createUserEntity,
  createUserPersonMappedRelationship,
} from '../converters/users';
import {
  CircleCIEntities,
  CircleCIIngestionSourceIds,
  CircleCIMappedRelationships,
  CircleCIRelationships,
  CircleCISteps,
} from '../metadata';
import { forEachConcurrently } from './pool';
import { CircleCIStepContext, fanOut, logRequestSummary } from './util';
import {
  addEntityOnce,
  addRelationshipOnce,
  publishWarning,
  skipFailedListing,
  stringProperty,
} from '../../stepSupport';

/** What the collected workflows and jobs say one user did. */
interface UserActivity {
  startedWorkflowKeys: string[];
  approvedJobKeys: string[];
  /** Projects the user acted in; their organizations get the user as member. */
  projectSlugs: Set<string>;
}

function activityOf(
  activity: Map<string, UserActivity>,
  userId: string,
): UserActivity {
  let found = activity.get(userId);
  if (!found) {
    found = {
      startedWorkflowKeys: [],
      approvedJobKeys: [],
      projectSlugs: new Set(),
    };
    activity.set(userId, found);
  }
  return found;
}

/**
 * CircleCI has no member list: the users are those the collected data names.
 * Workflow `started_by`/`canceled_by` and job `approved_by`/`canceled_by`
 * are user ids, each looked up once with `GET /user/{id}`. Pipeline trigger
 * actors carry only a login, so they are linked only to a user already known
 * by that login (never guessed).
 */
export async function fetchUsers(context: CircleCIStepContext) {
  const { client, config } = getStepClient(context);
  const { jobState } = context;
  const me = await client.getMe();
  const accountKey = circleciKeys.account(me.id);

  const groupKeyByOrgSlug = new Map<string, string>();
  await jobState.iterateEntities(
    { _type: CircleCIEntities.USER_GROUP._type },
    (group) => {
      const slug = stringProperty(group, 'slug');
      if (slug) groupKeyByOrgSlug.set(slug.toLowerCase(), group._key);
    },
  );
  const groupKeyByProjectSlug = new Map<string, string>();
  await jobState.iterateEntities(
    { _type: CircleCIEntities.PROJECT._type },
    (project) => {
      const slug = stringProperty(project, 'slug');
      const orgSlug = stringProperty(project, 'organizationSlug');
      const groupKey = orgSlug && groupKeyByOrgSlug.get(orgSlug.toLowerCase());
      if (slug && groupKey) groupKeyByProjectSlug.set(slug, groupKey);
    },
  );

  const activity = new Map<string, UserActivity>();
  const note = (userId: unknown, projectSlug: string | undefined) => {
    if (typeof userId !== 'string' || userId === '') return undefined;
    const found = activityOf(activity, userId);
    if (projectSlug) found.projectSlugs.add(projectSlug);
    return found;
  };
  await jobState.iterateEntities(
    { _type: CircleCIEntities.WORKFLOW._type },
    (workflow) => {
      const projectSlug = stringProperty(workflow, 'projectSlug');
      note(workflow.startedBy, projectSlug)?.startedWorkflowKeys.push(
        workflow._key,
      );
      note(workflow.canceledBy, projectSlug);
    },
  );
  await jobState.iterateEntities(
    { _type: CircleCIEntities.JOB._type },
    (job) => {
      const projectSlug = stringProperty(job, 'projectSlug');
      const approver = note(job.approvedBy, projectSlug);
      if (approver && job.type === 'approval') {
        approver.approvedJobKeys.push(job._key);
      }
      note(job.canceledBy, projectSlug);
    },
  );

  const loginToUserKey = new Map<string, string>([
    [me.login.toLowerCase(), circleciKeys.user(me.id)],
  ]);
  await jobState.iterateEntities(
    { _type: CircleCIEntities.USER._type },
    (user) => {
      const login = stringProperty(user, 'username');
      if (login) loginToUserKey.set(login.toLowerCase(), user._key);
    },
  );
  const deleted: string[] = [];
  const forbidden: string[] = [];
  await forEachConcurrently(
    [...activity.keys()],
    fanOut(config.concurrency),
    async (userId) => {
      const userKey = circleciKeys.user(userId);
      // The token owner (and any user a rerun already has) needs no lookup.
      if (userId === me.id || (await jobState.hasKey(userKey))) return;
      try {
        const user = await client.getUser(userId);
        const entity = createUserEntity(user, { tokenOwner: false });
        if (!(await addEntityOnce(context.jobState, entity))) return;
        loginToUserKey.set(user.login.toLowerCase(), entity._key);
        await addRelationshipOnce(
          context.jobState,
          createDirectRelationship({
            _class: RelationshipClass.HAS,
            fromKey: accountKey,
            fromType: CircleCIEntities.ACCOUNT._type,
            toKey: entity._key,
            toType: CircleCIEntities.USER._type,
          }),
        );
        const mapped = createUserPersonMappedRelationship(entity);
        if (mapped) await addRelationshipOnce(context.jobState, mapped);
      } catch (err) {
        // A deleted CircleCI user answers 404; a user the token may not see
        // 403. Both are summarised in one warn event below.
        if (skipFailedListing(context, `CircleCI user ${userId}`, err)) {
          return;
        }
        if (!isHttpStatus(err, 403, 404)) throw err;
        (isHttpStatus(err, 404) ? deleted : forbidden).push(userId);
      }
    },
  );

  let skipped = 0;
  for (const [userId, acts] of activity) {
    const userKey = circleciKeys.user(userId);
    if (!(await jobState.hasKey(userKey))) {
      skipped += acts.startedWorkflowKeys.length + acts.approvedJobKeys.length;
      continue;
    }
    for (const projectSlug of acts.projectSlugs) {
      const groupKey = groupKeyByProjectSlug.get(projectSlug);
      if (!groupKey) continue;
      await addRelationshipOnce(
        context.jobState,
        createDirectRelationship({
          _class: RelationshipClass.HAS,
          fromKey: groupKey,
          fromType: CircleCIEntities.USER_GROUP._type,
          toKey: userKey,
          toType: CircleCIEntities.USER._type,
        }),
      );
    }
    for (const workflowKey of acts.startedWorkflowKeys) {
      await addRelationshipOnce(
        context.jobState,
        createDirectRelationship({
          _class: RelationshipClass.TRIGGERS,
          fromKey: userKey,
          fromType: CircleCIEntities.USER._type,
          toKey: workflowKey,
          toType: CircleCIEntities.WORKFLOW._type,
        }),
      );
    }
    for (const jobKey of acts.approvedJobKeys) {
      await addRelationshipOnce(
        context.jobState,
        createDirectRelationship({
          _class: RelationshipClass.APPROVED,
          fromKey: userKey,
          fromType: CircleCIEntities.USER._type,
          toKey: jobKey,
          toType: CircleCIEntities.JOB._type,
        }),
      );
    }
  }

  await jobState.iterateEntities(
    { _type: CircleCIEntities.PIPELINE._type },
    async (pipeline) => {
      const login = stringProperty(pipeline, 'triggerActorLogin');
      const userKey = login && loginToUserKey.get(login.toLowerCase());
      if (!userKey) return;
      await addRelationshipOnce(
        context.jobState,
        createDirectRelationship({
          _class: RelationshipClass.TRIGGERS,
          fromKey: userKey,
          fromType: CircleCIEntities.USER._type,
          toKey: pipeline._key,
          toType: CircleCIEntities.PIPELINE._type,
        }),
      );
    },
  );

  if (deleted.length > 0 || forbidden.length > 0) {
    const parts = [
      deleted.length > 0
        ? `${deleted.length} CircleCI user(s) named by workflows or jobs no longer exist (GET /user/{id} answered 404 Not Found, e.g. deleted accounts)`
        : undefined,
      forbidden.length > 0
        ? `${forbidden.length} CircleCI user(s) named by workflows or jobs could not be read (GET /user/{id} answered 403 Forbidden)`
        : undefined,
    ].filter((part): part is string => part !== undefined);
    publishWarning(
      context.logger,
      forbidden.length > 0
        ? IntegrationWarnEventName.MissingPermission
        : IntegrationWarnEventName.MissingEntity,
      `${parts.join(
        '; ',
      )}; ${skipped} started-workflow/approved-job relationship(s) to them were skipped. The workflows and jobs keep the user ids in startedBy/approvedBy/canceledBy.`,
    );
  }
  logRequestSummary(context, client.transport);
}

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    ...CircleCISteps.USERS,
    entities: [CircleCIEntities.USER],
    relationships: [
      CircleCIRelationships.ACCOUNT_HAS_USER,
      CircleCIRelationships.USER_GROUP_HAS_USER,
      CircleCIRelationships.USER_TRIGGERS_WORKFLOW,
      CircleCIRelationships.USER_APPROVED_JOB,
      CircleCIRelationships.USER_TRIGGERS_PIPELINE,
    ],
    mappedRelationships: [CircleCIMappedRelationships.USER_IS_PERSON],
    dependsOn: [
      CircleCISteps.ACCOUNT.id,
      CircleCISteps.USER_GROUPS.id,
      CircleCISteps.PROJECTS.id,
      CircleCISteps.PIPELINES.id,
      CircleCISteps.WORKFLOWS.id,
      CircleCISteps.JOBS.id,
    ],
    ingestionSourceId: CircleCIIngestionSourceIds.PIPELINES,
    executionHandler: fetchUsers,
  },
];
