import { BitbucketBranchRestriction } from '../client/responses/repoSettings';
import {
  branchPosture,
  globMatches,
  needsBranchingModel,
} from './branchProtection';
import { repositoryLevelOf } from './projectPermission';
import {
  createRepoAllowsUserRelationship,
  summarizeAccess,
} from './repoAccess';

describe('summarizeAccess', () => {
  test('the highest level wins; every path reaching it is named', () => {
    expect(
      summarizeAccess(
        [
          { path: 'direct', level: 'read' },
          { path: 'project-group', via: 'developers', level: 'write' },
          { path: 'group', via: 'devs', level: 'write' },
        ],
        'write',
      ),
    ).toEqual({
      permission: 'write',
      read: true,
      write: true,
      admin: false,
      grantedThrough: 'group, project-group',
      grants: 'direct:read, group:devs:write, project-group:developers:write',
      effectivePermission: 'write',
    });
  });

  test("a level Bitbucket reports that no grant explains is 'unknown'", () => {
    // e.g. admin through a group whose members API 1.0 no longer lists.
    expect(
      summarizeAccess([{ path: 'direct', level: 'write' }], 'admin'),
    ).toMatchObject({
      permission: 'admin',
      admin: true,
      grantedThrough: 'unknown',
      grants: 'direct:write',
    });
  });

  test('without the effective listing the explicit grants decide', () => {
    expect(
      summarizeAccess([{ path: 'workspace-admin', level: 'admin' }], undefined),
    ).toMatchObject({
      permission: 'admin',
      grantedThrough: 'workspace-admin',
      effectivePermission: undefined,
    });
    expect(summarizeAccess([], undefined)).toBeUndefined();
  });

  test('repo ALLOWS user, keyed by both ends', () => {
    const access = summarizeAccess(
      [{ path: 'project', level: 'read' }],
      'read',
    );
    if (!access) throw new Error('no access');
    expect(
      createRepoAllowsUserRelationship('{r}', '{u}', access),
    ).toMatchObject({
      _key: '{r}|allows|{u}',
      _type: 'bitbucket_repo_allows_user',
      _class: 'ALLOWS',
      permission: 'read',
      write: false,
      grantedThrough: 'project',
    });
  });
});

describe('repositoryLevelOf', () => {
  test('create-repo is write; none grants nothing', () => {
    expect(repositoryLevelOf('create-repo')).toBe('write');
    expect(repositoryLevelOf('admin')).toBe('admin');
    expect(repositoryLevelOf('none')).toBeUndefined();
  });
});

const restriction = (
  fields: Partial<BitbucketBranchRestriction>,
): BitbucketBranchRestriction => ({
  id: 1,
  kind: 'push',
  branch_match_kind: 'glob',
  ...fields,
});

describe('branch protection posture', () => {
  test('globs: * matches any run of characters, the rest is literal', () => {
    expect(globMatches('*', 'main')).toBe(true);
    expect(globMatches('release/*', 'release/1.2')).toBe(true);
    expect(globMatches('release/*', 'main')).toBe(false);
    expect(globMatches('ma.n', 'main')).toBe(false);
    expect(globMatches('main', 'main')).toBe(true);
  });

  test('approvals without enforced merge checks fail; a compliant branch fails nothing', () => {
    const weak = branchPosture(
      'main',
      [
        restriction({
          kind: 'require_approvals_to_merge',
          pattern: 'main',
          value: 2,
        }),
      ],
      {},
    );
    expect(weak).toMatchObject({
      requiredApprovals: 2,
      mergeChecksEnforced: false,
      approvalsEnforced: false,
      compliant: false,
    });
    expect(weak.failedChecks).toContain('merge-checks-not-enforced');
    expect(weak.failedChecks).not.toContain('no-required-approvals');
    const model = {
      development: { name: 'main', use_mainbranch: true },
      production: { name: 'prod', use_mainbranch: false },
    };
    const strong = branchPosture(
      'main',
      [
        restriction({
          id: 1,
          kind: 'require_approvals_to_merge',
          pattern: 'main',
          value: 1,
        }),
        restriction({ id: 2, kind: 'enforce_merge_checks', pattern: '*' }),
        restriction({
          id: 3,
          kind: 'reset_pullrequest_approvals_on_change',
          branch_match_kind: 'branching_model',
          branch_type: 'development',
        }),
        restriction({
          id: 4,
          kind: 'require_passing_builds_to_merge',
          pattern: 'm*',
          value: 2,
        }),
        restriction({ id: 5, kind: 'force', pattern: 'main' }),
        restriction({ id: 6, kind: 'delete', pattern: 'main' }),
        // Near misses: another branch, and the production type (= prod).
        restriction({
          id: 7,
          kind: 'require_approvals_to_merge',
          pattern: 'release/*',
          value: 5,
        }),
        restriction({
          id: 8,
          kind: 'require_approvals_to_merge',
          branch_match_kind: 'branching_model',
          branch_type: 'production',
          value: 4,
        }),
      ],
      model,
    );
    expect(strong).toMatchObject({
      requiredApprovals: 1,
      requiredPassingBuilds: 2,
      approvalsEnforced: true,
      approvalsResetOnChange: true,
      failedChecks: [],
      compliant: true,
      restrictionIds: ['1', '2', '3', '4', '5', '6'],
    });
  });

  test('an unreadable branching model leaves branch-type rules out, and says so', () => {
    const rules = [
      restriction({
        kind: 'delete',
        branch_match_kind: 'branching_model',
        branch_type: 'development',
      }),
    ];
    expect(needsBranchingModel(rules)).toBe(true);
    expect(branchPosture('main', rules, undefined)).toMatchObject({
      deletionBlocked: false,
      branchingModelResolved: false,
    });
    // A prefix branch type covers a main branch carrying that prefix.
    expect(
      branchPosture(
        'release/main',
        [restriction({ ...rules[0], branch_type: 'release' })],
        { branch_types: [{ kind: 'release', prefix: 'release/' }] },
      ),
    ).toMatchObject({ deletionBlocked: true, branchingModelResolved: true });
  });
});
