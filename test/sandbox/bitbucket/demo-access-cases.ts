/**
 * Hard cases of issue 13's effective access, default reviewers and branch
 * protection posture (test/questions-answers.test.ts tests their answers):
 *  - acme-labs/experiments: its only admin besides the workspace owner is
 *    grace, through the RND project's permission (near miss: erin, who has
 *    write there directly and through the developers group);
 *  - acme-eng/api-gateway: the developers group is granted read on the
 *    repository, but write on the PLAT project, so its members can write
 *    (an explicit-grants-only reading would say read);
 *  - acme-eng/my-service: every posture item on its main branch, through a
 *    glob (`*`), the branching model's development branch and literal
 *    patterns: the compliant near miss of the posture question;
 *  - acme-eng/web-app: deletion is blocked through the production branch
 *    type, which the branching model points at its main branch.
 * Restriction ids continue from demo-question-cases.ts (300 and up).
 */
import { eng, labs, userUuid } from './demo-ids';
import { BbBranchRestriction, BbProject, BbRepo } from './model';

const PROJECTS: Record<string, Partial<BbProject>> = {
  'acme-eng/PLAT': {
    groupPermissions: [{ groupSlug: 'developers', permission: 'write' }],
    defaultReviewerUuids: [userUuid('bob')],
  },
  'acme-eng/WEB': {
    userPermissions: [
      { userUuid: userUuid('frank'), permission: 'create-repo' },
    ],
  },
  // No repositories: carol's project admin grants no repository access.
  'acme-eng/ARCH': {
    userPermissions: [{ userUuid: userUuid('carol'), permission: 'admin' }],
  },
  'acme-labs/RND': {
    userPermissions: [{ userUuid: userUuid('grace'), permission: 'admin' }],
  },
};

const rule = (
  kind: string,
  target: { pattern: string } | { branchType: string },
  value?: number,
): Omit<BbBranchRestriction, 'id'> => ({
  kind,
  ...('pattern' in target
    ? { branchMatchKind: 'glob' as const, pattern: target.pattern }
    : {
        branchMatchKind: 'branching_model' as const,
        pattern: '',
        branchType: target.branchType,
      }),
  ...(value === undefined ? {} : { value }),
  userUuids: [],
  groupSlugs: [],
});

const REPOS: Record<
  string,
  Pick<BbRepo, 'defaultReviewerUuids' | 'branchingModel'> & {
    restrictions?: Array<Omit<BbBranchRestriction, 'id'>>;
  }
> = {
  [eng('my-service')]: {
    defaultReviewerUuids: [userUuid('alice'), userUuid('bob')],
    restrictions: [
      rule('reset_pullrequest_approvals_on_change', {
        branchType: 'development',
      }),
      rule('require_passing_builds_to_merge', { pattern: '*' }, 1),
      rule('delete', { branchType: 'development' }),
    ],
  },
  [eng('web-app')]: {
    defaultReviewerUuids: [userUuid('dana')],
    branchingModel: { production: 'master' },
  },
  [labs('experiments')]: {
    // A development branch other than main: a development-typed rule does
    // not protect main here.
    branchingModel: { development: 'develop' },
    restrictions: [rule('delete', { branchType: 'development' })],
  },
};

export function addAccessCases(projects: BbProject[], repos: BbRepo[]): void {
  for (const project of projects) {
    Object.assign(project, PROJECTS[`${project.workspaceSlug}/${project.key}`]);
  }
  let id = 300;
  for (const repo of repos) {
    const extra = REPOS[`${repo.workspaceSlug}/${repo.slug}`];
    if (!extra) continue;
    const { restrictions, ...rest } = extra;
    Object.assign(repo, rest);
    for (const restriction of restrictions ?? []) {
      repo.branchRestrictions.push({ ...restriction, id: id++ });
    }
  }
}
