import { changeReviewOf } from './deployChain';

const SHA = 'a'.repeat(40);

describe('changeReviewOf', () => {
  test.each([
    [['approved'], 'approved'],
    [['not-approved'], 'not-approved'],
    [['unknown'], 'unknown'],
    [[undefined], 'unknown'],
    [['approved', 'not-approved'], 'not-approved'],
    [['approved', 'unknown'], 'unknown'],
    [[], 'no-pull-request'],
  ])('matched PRs %j -> %s', (approvals, expected) => {
    expect(
      changeReviewOf({
        commitSha: SHA,
        repositoryCollected: true,
        pullRequestApprovals: approvals,
      }),
    ).toBe(expected);
  });

  test('an unknown commit or an uncollected repository is unknown, never no-pull-request', () => {
    expect(
      changeReviewOf({ repositoryCollected: true, pullRequestApprovals: [] }),
    ).toBe('unknown');
    expect(
      changeReviewOf({
        commitSha: SHA,
        repositoryCollected: false,
        pullRequestApprovals: [],
      }),
    ).toBe('unknown');
  });
});
