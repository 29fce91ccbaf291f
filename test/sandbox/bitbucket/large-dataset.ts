/**
 * The `large` dataset: the demo's shapes at LargeDatasetParams sizes, drawn
 * from the seeded RNG (same seed, same data). `scale` multiplies repositories
 * and users per workspace, so the total size grows linearly with it; the
 * pull-request count per repository is used as given.
 */
import { SeededRandom } from '../random';
import { LargeDatasetParams } from '../types';
import { randomIds } from './ids';
import { addLargePipelines } from './large-pipelines';
import { CHILD_LISTINGS } from './listings/registry';
import {
  BbBranchRestriction,
  BbGroup,
  BbMembership,
  BbProject,
  BbRepo,
  BbUser,
  BbWorkspace,
  BitbucketData,
} from './model';
import {
  buildRepositoryHistory,
  BuildContext,
  CommitSpec,
  PrEvent,
  PrPlan,
} from './pull-request-builder';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
/** PR creation times spread over twice the integration's 90-day lookback. */
const HISTORY_DAYS = 180;

type Scenario =
  | 'approved'
  | 'self-approved'
  | 'commit-after-approval'
  | 'force-push'
  | 'unknown-author'
  | 'unreviewed';

const SCENARIOS: Array<[Scenario, number]> = [
  ['approved', 45],
  ['self-approved', 5],
  ['commit-after-approval', 10],
  ['force-push', 5],
  ['unknown-author', 5],
  ['unreviewed', 30],
];

function weighted<T>(rng: SeededRandom, table: Array<[T, number]>): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng.next() * total;
  for (const [value, weight] of table) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return table[table.length - 1][0];
}

export function buildLargeDataset(
  params: LargeDatasetParams,
  seed: number,
  referenceTime: number,
): BitbucketData {
  const rng = new SeededRandom(seed);
  const ids = randomIds(rng);
  const scale = Math.max(1, params.scale);
  const workspaceCount = Math.max(1, params.workspaces);
  const usersPerWorkspace = Math.max(
    3,
    Math.round(params.usersPerWorkspace * scale),
  );
  const reposPerWorkspace = Math.max(
    1,
    Math.round(params.reposPerWorkspace * scale),
  );
  const prsPerRepo = Math.max(0, params.pullRequestsPerRepo);

  const data: BitbucketData = {
    users: [],
    workspaces: [],
    memberships: [],
    groups: [],
    projects: [],
    repos: [],
    commits: [],
    pullRequests: [],
  };
  const userMap = new Map<string, BbUser>();
  const addUser = (nickname: string, displayName: string): BbUser => {
    const user: BbUser = {
      uuid: ids.uuid(nickname),
      accountId: rng.hex(24),
      nickname,
      displayName,
      createdOn: referenceTime - rng.int(200, 2000) * DAY,
    };
    data.users.push(user);
    userMap.set(user.uuid, user);
    return user;
  };
  // A user in every workspace, and an account in none (unknown commit author).
  const shared = addUser('shared-admin', 'Shared Admin');
  const outsider = addUser('outside-contributor', 'Outside Contributor');
  const context: BuildContext = {
    ids,
    users: userMap,
    sink: data,
    nextCommentId: 1,
  };

  for (let w = 1; w <= workspaceCount; w += 1) {
    const slug = `large-ws-${w}`;
    const workspace: BbWorkspace = {
      uuid: ids.uuid(slug),
      slug,
      name: `Large Workspace ${w}`,
      isPrivate: w % 2 === 1,
      createdOn: referenceTime - rng.int(500, 1500) * DAY,
      updatedOn: referenceTime - rng.int(1, 60) * DAY,
    };
    data.workspaces.push(workspace);

    const members: BbUser[] = [shared];
    data.memberships.push({
      workspaceSlug: slug,
      userUuid: shared.uuid,
      permission: 'owner',
    });
    for (let i = 1; i < usersPerWorkspace; i += 1) {
      const user = addUser(`user-${w}-${i}`, `User ${w}-${i}`);
      members.push(user);
      const membership: BbMembership = {
        workspaceSlug: slug,
        userUuid: user.uuid,
        permission:
          i % 17 === 0 ? 'collaborator' : i % 9 === 0 ? 'owner' : 'member',
      };
      data.memberships.push(membership);
    }
    const member = (): BbUser => rng.pick(members);
    const otherMember = (not: string): BbUser => {
      const candidates = members.filter((m) => m.uuid !== not);
      return rng.pick(candidates);
    };

    const groupSlugs = ['developers', 'admins', `team-${w}`];
    for (const groupSlug of groupSlugs) {
      const owner = member();
      const group: BbGroup = {
        workspaceSlug: slug,
        slug: groupSlug,
        name: groupSlug.replace(/-/g, ' '),
        permission: groupSlug === 'admins' ? 'admin' : 'write',
        autoAdd: groupSlug === 'developers',
        ownerUuid: owner.uuid,
        memberUuids: members
          .filter(
            (m, i) => m === owner || i % 3 === groupSlugs.indexOf(groupSlug),
          )
          .map((m) => m.uuid),
      };
      data.groups.push(group);
    }

    const projectCount = Math.max(1, Math.ceil(reposPerWorkspace / 10));
    const projects: BbProject[] = [];
    for (let p = 1; p <= projectCount; p += 1) {
      const project: BbProject = {
        workspaceSlug: slug,
        uuid: ids.uuid(`${slug}:P${p}`),
        key: `P${p}`,
        name: `Project ${p}`,
        description: `Project ${p} of ${slug}`,
        // Every third project (P1, P4, ...) is public and may hold public repos.
        isPrivate: p % 3 !== 1,
        createdOn: referenceTime - rng.int(300, 900) * DAY,
        updatedOn: referenceTime - rng.int(1, 100) * DAY,
      };
      // Issue 13: project permissions and default reviewers, chosen
      // without the random stream so the rest of the dataset is unchanged.
      project.groupPermissions = [
        { groupSlug: `team-${w}`, permission: p % 2 === 0 ? 'write' : 'read' },
      ];
      project.userPermissions = [
        { userUuid: members[p % members.length].uuid, permission: 'admin' },
      ];
      if (p % 2 === 1) {
        project.defaultReviewerUuids = [members[(p + 1) % members.length].uuid];
      }
      projects.push(project);
      data.projects.push(project);
    }

    const repos: BbRepo[] = [];
    let restrictionId = 1;
    for (let r = 0; r < reposPerWorkspace; r += 1) {
      const repoSlug = `repo-${r}`;
      const restrictions: BbBranchRestriction[] = [];
      const mainBranch = r % 4 === 1 ? 'master' : 'main';
      if (r % 6 !== 2) {
        restrictions.push({
          id: restrictionId++,
          kind: 'require_approvals_to_merge',
          branchMatchKind: 'glob',
          pattern: mainBranch,
          value: r % 2 === 0 ? 2 : 1,
          userUuids: [],
          groupSlugs: [],
        });
      }
      restrictions.push({
        id: restrictionId++,
        kind: r % 3 === 0 ? 'push' : 'force',
        branchMatchKind: 'glob',
        pattern: mainBranch,
        userUuids: r % 3 === 0 ? [member().uuid] : [],
        groupSlugs: r % 3 === 0 ? ['admins'] : [],
      });
      if (r % 5 === 0) {
        // A branch-type rule: the posture needs the branching model.
        restrictions.push({
          id: restrictionId++,
          kind: 'delete',
          branchMatchKind: 'branching_model',
          pattern: '',
          branchType: 'development',
          userUuids: [],
          groupSlugs: [],
        });
      }
      const project = r % 7 === 3 ? undefined : projects[r % projects.length];
      const repo: BbRepo = {
        workspaceSlug: slug,
        uuid: ids.uuid(`${slug}/${repoSlug}`),
        slug: repoSlug,
        // Every fifth repository's display name differs from its slug.
        name: r % 5 === 1 ? `Repo ${r}` : repoSlug,
        description: `Repository ${r} of ${slug}`,
        // "Private projects cannot contain public repositories" (project schema).
        isPrivate: project ? project.isPrivate || r % 2 === 1 : r % 4 !== 0,
        projectKey: project?.key,
        mainBranch,
        parentUuid: r % 10 === 9 ? repos[0].uuid : undefined,
        language: rng.pick(['typescript', 'go', 'python', 'java']),
        size: rng.int(10_000, 50_000_000),
        forkPolicy: r % 4 !== 0 ? 'no_public_forks' : 'allow_forks',
        createdOn: referenceTime - rng.int(200, 800) * DAY,
        updatedOn: referenceTime - rng.int(0, 30) * DAY,
        mainHead: '',
        adminForbidden: r % 13 === 5,
        userPermissions: (
          [
            { userUuid: member().uuid, permission: 'admin' },
            { userUuid: member().uuid, permission: 'write' },
          ] as BbRepo['userPermissions']
        ).filter(
          (p, i, all) => all.findIndex((q) => q.userUuid === p.userUuid) === i,
        ),
        groupPermissions: [
          { groupSlug: 'developers', permission: 'write' },
          { groupSlug: 'admins', permission: 'admin' },
        ],
        branchRestrictions: restrictions,
        ...(r % 4 === 2
          ? { defaultReviewerUuids: [members[r % members.length].uuid] }
          : {}),
      };
      repos.push(repo);
      data.repos.push(repo);
    }
    const forks = repos.filter((repo) => repo.parentUuid !== undefined);

    for (const repo of repos) {
      if (repo.parentUuid) continue; // forks carry no PRs of their own
      const plans: PrPlan[] = [];
      for (let id = 1; id <= prsPerRepo; id += 1) {
        const fromFork = repo === repos[0] && forks.length > 0 && id % 5 === 0;
        plans.push(
          planPullRequest(rng, repo, fromFork ? rng.pick(forks) : repo, id, {
            member,
            otherMember,
            outsider,
            referenceTime,
          }),
        );
      }
      const author = member();
      const base: CommitSpec[] = [
        {
          label: 'base-1',
          author: { uuid: author.uuid },
          message: 'Initial commit',
        },
        {
          label: 'base-2',
          author: { uuid: author.uuid },
          message: 'Project setup',
        },
      ];
      buildRepositoryHistory(context, repo, base, repo.createdOn, plans);
    }
    for (const fork of forks) {
      fork.mainHead = repos[0].mainHead;
    }
  }
  addLargePipelines(data);
  // Child listings draw last: the records above stay the same whatever
  // they generate.
  data.listings = {};
  for (const listing of CHILD_LISTINGS) {
    if (listing.large) {
      data.listings[listing.name] = listing.large(data, ids, referenceTime);
    }
  }
  return data;
}

interface PlanHelpers {
  member(): BbUser;
  otherMember(not: string): BbUser;
  outsider: BbUser;
  referenceTime: number;
}

function planPullRequest(
  rng: SeededRandom,
  repo: BbRepo,
  sourceRepo: BbRepo,
  id: number,
  helpers: PlanHelpers,
): PrPlan {
  const author = helpers.member();
  const reviewer = helpers.otherMember(author.uuid);
  const scenario = weighted(rng, SCENARIOS);
  const state = weighted(rng, [
    ['OPEN', 30],
    ['MERGED', 50],
    ['DECLINED', 15],
    ['SUPERSEDED', 5],
  ] as Array<[string, number]>);
  let at =
    helpers.referenceTime -
    rng.int(1, HISTORY_DAYS) * DAY -
    rng.int(0, 23) * HOUR;
  const next = (): number => {
    at += rng.int(1, 3) * HOUR;
    return at;
  };
  let label = 0;
  const commits = (count: number, authorUuid = author.uuid): CommitSpec[] =>
    Array.from({ length: count }, () => {
      label += 1;
      return {
        label: `c${label}`,
        author: { uuid: authorUuid },
        message: `Change ${label} for PR ${id}`,
      };
    });

  const events: PrEvent[] = [];
  const initial = commits(rng.int(1, 3));
  if (scenario === 'unknown-author') {
    label += 1;
    initial.push(
      rng.next() < 0.5
        ? {
            label: `c${label}`,
            author: { raw: 'Build Bot <bot@ci.example>' },
            message: 'Automated change',
          }
        : {
            label: `c${label}`,
            author: { uuid: helpers.outsider.uuid },
            message: 'Outside contribution',
          },
    );
  }
  events.push({
    kind: 'push',
    at: next(),
    byUuid: author.uuid,
    commits: initial,
  });
  switch (scenario) {
    case 'approved':
    case 'unknown-author':
      events.push({ kind: 'approve', at: next(), userUuid: reviewer.uuid });
      break;
    case 'self-approved':
      events.push({ kind: 'approve', at: next(), userUuid: author.uuid });
      break;
    case 'commit-after-approval':
      events.push({ kind: 'approve', at: next(), userUuid: reviewer.uuid });
      events.push({
        kind: 'push',
        at: next(),
        byUuid: author.uuid,
        commits: commits(1),
      });
      break;
    case 'force-push':
      events.push({ kind: 'approve', at: next(), userUuid: reviewer.uuid });
      events.push({
        kind: 'force-push',
        at: next(),
        byUuid: author.uuid,
        commits: commits(initial.length),
      });
      break;
    case 'unreviewed':
      break;
  }
  if (rng.next() < 0.3) {
    events.push({
      kind: 'comment',
      at: next(),
      userUuid: reviewer.uuid,
      text: `Comment on PR ${id}`,
    });
  }
  if (state === 'MERGED') {
    events.push({ kind: 'merge', at: next(), userUuid: reviewer.uuid });
  } else if (state === 'DECLINED') {
    events.push({
      kind: 'decline',
      at: next(),
      userUuid: reviewer.uuid,
      reason: 'Declined in review',
    });
  } else if (state === 'SUPERSEDED') {
    events.push({ kind: 'supersede', at: next(), userUuid: author.uuid });
  }
  return {
    repo,
    sourceRepo,
    id,
    title: `PR ${id}: ${scenario}`,
    description: `Pull request ${id} (${scenario})`,
    authorUuid: author.uuid,
    sourceBranch: `feature/${sourceRepo === repo ? '' : 'fork-'}pr-${id}`,
    draft: state === 'OPEN' && id % 11 === 0,
    reviewerUuids: [reviewer.uuid],
    closeSourceBranch: id % 2 === 0,
    taskCount: id % 4,
    events,
  };
}
