import {
  bitbucketFullNameFromUrl,
  bitbucketWorkspaceOfOrgSlug,
  matchUserByWorkspaceNickname,
  PullRequestCommitIndex,
} from './match';

const FULL = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0';

describe('bitbucketFullNameFromUrl', () => {
  test.each([
    ['https://bitbucket.org/acme-eng/api', 'acme-eng/api'],
    ['https://bitbucket.org/Acme-Eng/My-Service/', 'acme-eng/my-service'],
    ['https://bitbucket.org/acme-eng/api.git', 'acme-eng/api'],
  ])('%s -> %s', (url, expected) => {
    expect(bitbucketFullNameFromUrl(url)).toBe(expected);
  });

  test.each([
    'https://github.com/acme/api',
    'https://bitbucket.org/acme-eng',
    'not a url',
    undefined,
  ])('%s is not a Bitbucket repository', (url) => {
    expect(bitbucketFullNameFromUrl(url)).toBeUndefined();
  });
});

describe('PullRequestCommitIndex', () => {
  const index = new PullRequestCommitIndex();
  index.add({
    key: 'pr-merged',
    repositoryFullName: 'acme-eng/api',
    mergeCommit: FULL.slice(0, 12),
    sourceCommit: 'ffffffffffff',
  });
  index.add({
    key: 'pr-open',
    repositoryFullName: 'acme-eng/api',
    sourceCommit: '0123456789ab',
  });

  test('a full revision matches an abbreviated merge commit in the same repository', () => {
    expect(index.find('acme-eng/api', FULL)).toEqual([
      { pullRequestKey: 'pr-merged', matchedOn: 'merge_commit' },
    ]);
  });

  test('a source-head build matches the PR by its source commit', () => {
    expect(index.find('acme-eng/api', `0123456789ab${'0'.repeat(28)}`)).toEqual(
      [{ pullRequestKey: 'pr-open', matchedOn: 'source_commit' }],
    );
  });

  test('the same commit in another repository, or a different commit, matches nothing', () => {
    expect(index.find('acme-eng/web', FULL)).toEqual([]);
    expect(index.find('acme-eng/api', '9'.repeat(40))).toEqual([]);
  });

  test('full hashes must agree beyond the 12-character abbreviation', () => {
    const full = new PullRequestCommitIndex();
    full.add({ key: 'p', repositoryFullName: 'w/r', mergeCommit: FULL });
    expect(full.find('w/r', `${FULL.slice(0, 12)}${'9'.repeat(28)}`)).toEqual(
      [],
    );
    expect(full.find('w/r', FULL)).toHaveLength(1);
  });

  test('a merge-commit match wins over a source-commit match of another PR', () => {
    const both = new PullRequestCommitIndex();
    both.add({ key: 'a', repositoryFullName: 'w/r', sourceCommit: FULL });
    both.add({ key: 'b', repositoryFullName: 'w/r', mergeCommit: FULL });
    expect(both.find('w/r', FULL)).toEqual([
      { pullRequestKey: 'b', matchedOn: 'merge_commit' },
    ]);
  });
});

test('bitbucketWorkspaceOfOrgSlug recognises only Bitbucket organizations', () => {
  expect(bitbucketWorkspaceOfOrgSlug('bb/Acme-Eng')).toBe('acme-eng');
  expect(bitbucketWorkspaceOfOrgSlug('bitbucket/acme-eng')).toBe('acme-eng');
  expect(bitbucketWorkspaceOfOrgSlug('gh/acme')).toBeUndefined();
  expect(bitbucketWorkspaceOfOrgSlug('circleci/abc123')).toBeUndefined();
  expect(bitbucketWorkspaceOfOrgSlug('bb/acme/extra')).toBeUndefined();
  expect(bitbucketWorkspaceOfOrgSlug(undefined)).toBeUndefined();
});

describe('matchUserByWorkspaceNickname', () => {
  const members = new Map([
    [
      'acme-eng',
      new Map([
        ['alice', ['u-alice']],
        ['sam', ['u-sam-1', 'u-sam-2']],
      ]),
    ],
    [
      'acme-labs',
      new Map([
        ['alice', ['u-alice']],
        ['bob', ['u-bob']],
      ]),
    ],
  ]);

  test('one member with that nickname in the organization workspace', () => {
    expect(matchUserByWorkspaceNickname('alice', ['acme-eng'], members)).toBe(
      'u-alice',
    );
    // the same Bitbucket user in two workspaces is still one match
    expect(
      matchUserByWorkspaceNickname('alice', ['acme-eng', 'acme-labs'], members),
    ).toBe('u-alice');
  });

  test('no link for an ambiguous nickname, a non-member, or a workspace the user is not in', () => {
    expect(
      matchUserByWorkspaceNickname('sam', ['acme-eng'], members),
    ).toBeUndefined();
    expect(
      matchUserByWorkspaceNickname('carol', ['acme-eng'], members),
    ).toBeUndefined();
    expect(
      matchUserByWorkspaceNickname('bob', ['acme-eng'], members),
    ).toBeUndefined();
  });
});
