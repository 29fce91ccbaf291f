/**
 * Hard cases the managed questions' answers are tested on
 * (test/questions-answers.test.ts): each one makes a question's answer
 * hold a row that must be there next to a near miss that must not.
 * Kept apart from demo-repositories.ts so the restriction ids of the
 * original seeds (100...) do not move; these take ids from 200, and the
 * pull requests below take the next free id of their repository.
 */
import { eng, repoUuid, userUuid } from './demo-ids';
import { BbBranchRestriction, BbRepo } from './model';
import { CommitSpec, PrPlan } from './pull-request-builder';

const CASES: Record<string, Array<Omit<BbBranchRestriction, 'id'>>> = {
  // Approvals on main *and* "Prevent a merge with unresolved merge checks":
  // the one repository where Bitbucket refuses an unapproved merge (the near
  // miss of "approvals required but not enforced").
  'acme-eng/my-service': [
    {
      kind: 'enforce_merge_checks',
      branchMatchKind: 'glob',
      pattern: 'main',
      userUuids: [],
      groupSlugs: [],
    },
  ],
  // Approvals required on release branches only: the repository has an
  // approval restriction, but not on its main branch.
  'acme-labs/experiments': [
    {
      kind: 'require_approvals_to_merge',
      branchMatchKind: 'glob',
      pattern: 'release/*',
      value: 2,
      userUuids: [],
      groupSlugs: [],
    },
  ],
};

export function addQuestionCases(repos: BbRepo[]): void {
  let id = 200;
  for (const repo of repos) {
    for (const restriction of CASES[`${repo.workspaceSlug}/${repo.slug}`] ??
      []) {
      repo.branchRestrictions.push({ ...restriction, id: id++ });
    }
  }
}

/**
 * grace's personal fork of web-app, deleted after web-app#7 was merged
 * from it (BitbucketData.deletedRepos).
 */
export function questionCaseDeletedRepos(
  repo: (fullName: string) => BbRepo,
): BbRepo[] {
  const webApp = repo(eng('web-app'));
  return [
    {
      ...webApp,
      workspaceSlug: 'grace-gupta',
      uuid: repoUuid('grace-gupta/web-app'),
      name: 'web-app',
      projectKey: undefined,
      parentUuid: webApp.uuid,
      userPermissions: [],
      groupPermissions: [],
      branchRestrictions: [],
    },
  ];
}

/** The helpers of demo-pull-requests.ts the pull-request cases are written with. */
export interface PlanHelpers {
  referenceTime: number;
  repo(fullName: string): BbRepo;
  plan(
    fullName: string,
    id: number,
    fields: Partial<PrPlan> & Pick<PrPlan, 'title' | 'authorUuid' | 'events'>,
  ): PrPlan;
  by(nickname: string, label: string, message: string): CommitSpec;
}

const HOUR = 60 * 60 * 1000;

/**
 * Pull requests appended after a repository's original ones (new ids, so
 * the original PRs keep theirs). Both merge after every original PR was
 * opened, so no original PR's destination commit moves.
 */
export function questionCasePullRequests(
  fullName: string,
  h: PlanHelpers,
): PrPlan[] {
  const hoursAgo = (hours: number): number => h.referenceTime - hours * HOUR;
  if (fullName === eng('web-app')) {
    // grace's personal fork, deleted after the merge: no endpoint serves
    // it, and the PR's commits answer 404 (spec: "the source branch is
    // from a forked repository which no longer exists") and the approval
    // analysis is 'unknown' though alice's approval is in the activity.
    // No CircleCI pipeline built its merge commit.
    const [deletedFork] = questionCaseDeletedRepos(h.repo);
    return [
      h.plan(eng('web-app'), 7, {
        title: 'Translate checkout into German',
        authorUuid: userUuid('grace'),
        sourceRepo: deletedFork,
        sourceBranch: 'feature/i18n-de',
        reviewerUuids: [userUuid('alice')],
        events: [
          {
            kind: 'push',
            at: hoursAgo(30),
            byUuid: userUuid('grace'),
            commits: [h.by('grace', 'c1', 'German checkout strings')],
          },
          { kind: 'approve', at: hoursAgo(26), userUuid: userUuid('alice') },
          { kind: 'merge', at: hoursAgo(20), userUuid: userUuid('bob') },
        ],
      }),
    ];
  }
  if (fullName === eng('api-gateway')) {
    // api-gateway asks 2 approvals but does not enforce merge checks: bob
    // merged carol's hotfix with no approval at all. CircleCI built and
    // deployed its merge commit (test/sandbox/circleci/demo-question-cases.ts).
    return [
      h.plan(eng('api-gateway'), 4, {
        title: 'Hotfix: raise upstream connection pool',
        authorUuid: userUuid('carol'),
        sourceBranch: 'hotfix/connection-pool',
        reviewerUuids: [userUuid('bob')],
        events: [
          {
            kind: 'push',
            at: hoursAgo(5),
            byUuid: userUuid('carol'),
            commits: [h.by('carol', 'c1', 'Raise connection pool to 64')],
          },
          { kind: 'merge', at: hoursAgo(4), userUuid: userUuid('bob') },
        ],
      }),
    ];
  }
  return [];
}
