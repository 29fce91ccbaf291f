import {
  IntegrationWarnEventName,
  JobState,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { getStepClient } from '../client/cache';
import { CircleCIClient } from '../client/client';
import { CircleCIUser } from '../client/responses/accounts';
import { circleciKeys } from '../converters/keys';
import {
  readPipelineRef,
  readRunActivity,
  RunActivityRef,
} from '../converters/pipeline';
import { readProjectRef } from '../converters/project';
import { readUserLogin } from '../converters/user';
import { readUserGroupSlug } from '../converters/userGroup';
import { CircleCIEntities as E, CircleCISteps } from '../metadata';
import {
  AccessGap,
  AccessGaps,
  fanOutFor,
  forEachLimited,
  relateOnce,
  StepContext,
  StepHandlers,
} from '../../steps';
import { addAccountUser, logCircleCIRequests } from './common';

/** What the collected workflows and jobs say one user did. */
interface UserActivity {
  startedWorkflowKeys: string[];
  approvedJobKeys: string[];
  /** Projects the user acted in; their organizations get the user as member. */
  projectSlugs: Set<string>;
}

/** user id -> what the collected workflows and jobs say the user did. */
async function readActivity(
  jobState: JobState,
): Promise<Map<string, UserActivity>> {
  const activity = new Map<string, UserActivity>();
  const note = (userId: string | undefined, projectSlug?: string) => {
    if (!userId) return undefined;
    let found = activity.get(userId);
    if (!found) {
      found = {
        startedWorkflowKeys: [],
        approvedJobKeys: [],
        projectSlugs: new Set(),
      };
      activity.set(userId, found);
    }
    if (projectSlug) found.projectSlugs.add(projectSlug);
    return found;
  };
  const read = (ref: RunActivityRef, keys: (a: UserActivity) => string[]) => {
    const actor = note(ref.actedBy, ref.projectSlug);
    if (actor) keys(actor).push(ref.key);
    note(ref.canceledBy, ref.projectSlug);
  };
  await jobState.iterateEntities({ _type: E.WORKFLOW._type }, (workflow) =>
    read(readRunActivity(workflow), (a) => a.startedWorkflowKeys),
  );
  await jobState.iterateEntities({ _type: E.JOB._type }, (job) => {
    const ref = readRunActivity(job);
    // Only an approval job's approver is linked; any actor is a member.
    read(ref, (a) => (ref.approval ? a.approvedJobKeys : []));
  });
  return activity;
}

/** project slug -> key of the collected organization it belongs to. */
async function groupKeysByProjectSlug(
  jobState: JobState,
): Promise<Map<string, string>> {
  const groupKeyByOrgSlug = new Map<string, string>();
  await jobState.iterateEntities({ _type: E.USER_GROUP._type }, (group) => {
    const slug = readUserGroupSlug(group);
    if (slug) groupKeyByOrgSlug.set(slug.toLowerCase(), group._key);
  });
  const byProjectSlug = new Map<string, string>();
  await jobState.iterateEntities({ _type: E.PROJECT._type }, (project) => {
    const ref = readProjectRef(project);
    const orgSlug = ref?.organizationSlug;
    const groupKey = orgSlug && groupKeyByOrgSlug.get(orgSlug.toLowerCase());
    if (ref && groupKey) byProjectSlug.set(ref.slug, groupKey);
  });
  return byProjectSlug;
}

/**
 * Looks up every user the activity names and the token owner does not
 * cover; a deleted (404) or hidden (403) user is recorded in `gaps`.
 */
async function lookUpUsers(
  context: StepContext,
  client: CircleCIClient,
  options: {
    me: CircleCIUser;
    userIds: string[];
    concurrency: number;
    loginToUserKey: Map<string, string>;
    gaps: AccessGaps;
  },
): Promise<void> {
  const { jobState } = context;
  const account = {
    _key: circleciKeys.account(options.me.id),
    _type: E.ACCOUNT._type,
  };
  await forEachLimited(options.userIds, options.concurrency, async (userId) => {
    // The token owner (and any user a rerun already has) needs no lookup.
    if (userId === options.me.id) return;
    if (await jobState.hasKey(circleciKeys.user(userId))) return;
    await options.gaps.attempt(`CircleCI user ${userId}`, async () => {
      const user = await client.getUser(userId);
      if (!(await addAccountUser(jobState, account, user, false))) return;
      options.loginToUserKey.set(
        user.login.toLowerCase(),
        circleciKeys.user(user.id),
      );
    });
  });
}

/**
 * Links every collected user to what they did; returns how many links were
 * skipped because their user could not be collected.
 */
async function linkActivity(
  jobState: JobState,
  activity: Map<string, UserActivity>,
  groupKeyByProjectSlug: Map<string, string>,
): Promise<number> {
  let skipped = 0;
  for (const [userId, acts] of activity) {
    const user = { _key: circleciKeys.user(userId), _type: E.USER._type };
    if (!(await jobState.hasKey(user._key))) {
      skipped += acts.startedWorkflowKeys.length + acts.approvedJobKeys.length;
      continue;
    }
    for (const projectSlug of acts.projectSlugs) {
      const groupKey = groupKeyByProjectSlug.get(projectSlug);
      if (!groupKey) continue;
      const group = { _key: groupKey, _type: E.USER_GROUP._type };
      // Acting in a project of the organization suggests membership but
      // does not prove it (CircleCI has no member list; an outside
      // collaborator can approve a job): `inferred` tells an access review
      // this edge is read from activity. The token owner's memberships come
      // from /me/collaborations and are written first, without it.
      await relateOnce(jobState, group, RelationshipClass.HAS, user, {
        inferred: true,
      });
    }
    for (const key of acts.startedWorkflowKeys) {
      const workflow = { _key: key, _type: E.WORKFLOW._type };
      await relateOnce(jobState, user, RelationshipClass.TRIGGERS, workflow);
    }
    for (const key of acts.approvedJobKeys) {
      const job = { _key: key, _type: E.JOB._type };
      await relateOnce(jobState, user, RelationshipClass.APPROVED, job);
    }
  }
  return skipped;
}

/** Pipeline trigger actors, linked only to a user known by that login. */
async function linkPipelineTriggers(
  jobState: JobState,
  loginToUserKey: Map<string, string>,
): Promise<void> {
  await jobState.iterateEntities(
    { _type: E.PIPELINE._type },
    async (pipeline) => {
      const login = readPipelineRef(pipeline).triggerActorLogin;
      const userKey = login && loginToUserKey.get(login.toLowerCase());
      if (!userKey) return;
      const user = { _key: userKey, _type: E.USER._type };
      await relateOnce(jobState, user, RelationshipClass.TRIGGERS, pipeline);
    },
  );
}

/** One warning for the users that could not be looked up. */
function describeUserGaps(gaps: AccessGap[], skipped: number): string {
  const deleted = gaps.filter((gap) => gap.status === 404).length;
  const forbidden = gaps.length - deleted;
  const parts = [
    deleted > 0
      ? `${deleted} CircleCI user(s) named by workflows or jobs no longer exist (GET /user/{id} answered 404 Not Found, e.g. deleted accounts)`
      : undefined,
    forbidden > 0
      ? `${forbidden} CircleCI user(s) named by workflows or jobs could not be read (GET /user/{id} answered 403 Forbidden)`
      : undefined,
  ].filter((part): part is string => part !== undefined);
  return `${parts.join(
    '; ',
  )}; ${skipped} started-workflow/approved-job relationship(s) to them were skipped. The workflows and jobs keep the user ids in startedBy/approvedBy/canceledBy.`;
}

/**
 * CircleCI has no member list: the users are those the collected data names.
 * Workflow `started_by`/`canceled_by` and job `approved_by`/`canceled_by`
 * are user ids, each looked up once with `GET /user/{id}`. Pipeline trigger
 * actors carry only a login, so they are linked only to a user already known
 * by that login (never guessed).
 */
export async function fetchUsers(context: StepContext) {
  const { client, config } = getStepClient(context);
  const { jobState } = context;
  const me = await client.getMe();
  const groupKeyByProjectSlug = await groupKeysByProjectSlug(jobState);
  const activity = await readActivity(jobState);
  const loginToUserKey = new Map<string, string>([
    [me.login.toLowerCase(), circleciKeys.user(me.id)],
  ]);
  await jobState.iterateEntities({ _type: E.USER._type }, (user) => {
    const login = readUserLogin(user);
    if (login) loginToUserKey.set(login.toLowerCase(), user._key);
  });
  // A deleted CircleCI user answers 404; a user the token may not see 403.
  const gaps = new AccessGaps(context);
  await lookUpUsers(context, client, {
    me,
    userIds: [...activity.keys()],
    concurrency: fanOutFor(config.concurrency),
    loginToUserKey,
    gaps,
  });
  const skipped = await linkActivity(jobState, activity, groupKeyByProjectSlug);
  await linkPipelineTriggers(jobState, loginToUserKey);
  gaps.publish(
    (found) => describeUserGaps(found, skipped),
    (found) =>
      found.some((gap) => gap.status === 403)
        ? IntegrationWarnEventName.MissingPermission
        : IntegrationWarnEventName.MissingEntity,
  );
  logCircleCIRequests(context, client);
}

export const userHandlers = {
  USERS: fetchUsers,
} satisfies StepHandlers<typeof CircleCISteps>;
