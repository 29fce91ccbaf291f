/**
 * Hard cases the managed questions' answers are tested on
 * (test/questions-answers.test.ts): each one makes a question's answer
 * hold a row that must be there next to a near miss that must not.
 * Kept apart from demo-repositories.ts so the restriction ids of the
 * original seeds (100...) do not move; these take ids from 200.
 */
import { BbBranchRestriction, BbRepo } from './model';

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
