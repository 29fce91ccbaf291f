import {
  BitbucketCommit,
  BitbucketPullRequestActivity,
} from '../client/responses/pullRequests';
import { analyzePullRequestApproval, ApprovalInput } from './analyze';
import { parsePullRequestActivity } from './activity';
import { commitsInRange } from './commitRange';

const ALICE = '{alice}';
const BOB = '{bob}';
const CAROL = '{carol}';
const FRANK = '{frank}';
const MALLORY = '{mallory}'; // has an account, member of no workspace
const WORKSPACE = '{workspace}';
const MEMBERS = new Set([ALICE, BOB, CAROL, FRANK, WORKSPACE]);

/** A 40-character hash from a label, so 12-char prefixes are realistic. */
function hash(label: string): string {
  return Buffer.from(label).toString('hex').padEnd(40, '0').slice(0, 40);
}
const MAIN = hash('main-head');

function commit(
  label: string,
  author: string | undefined,
  parent: string,
): BitbucketCommit {
  return {
    hash: hash(label),
    message: `${label} message\n\nbody`,
    author: author
      ? { raw: `${author} <x@example.com>`, user: { uuid: author } }
      : { raw: 'Contractor <build@contractor.example>' },
    parents: [{ hash: parent.length === 40 ? parent : hash(parent) }],
  };
}

function update(
  source: string,
  state: 'OPEN' | 'MERGED' = 'OPEN',
  destination = MAIN,
): BitbucketPullRequestActivity {
  // Bitbucket abbreviates activity hashes to 12 characters.
  return {
    update: {
      state,
      source: { commit: { hash: source.slice(0, 12) } },
      destination: { commit: { hash: destination.slice(0, 12) } },
    },
  };
}

function approval(uuid: string): BitbucketPullRequestActivity {
  return { approval: { user: { uuid, display_name: uuid } } };
}

/** Activity is written oldest first here and handed over newest first. */
function newestFirst(
  ...entries: BitbucketPullRequestActivity[]
): BitbucketPullRequestActivity[] {
  return [...entries].reverse();
}

function input(
  activity: BitbucketPullRequestActivity[] | undefined,
  commits: BitbucketCommit[] | undefined,
): ApprovalInput {
  return { activity, commits, knownAuthorUuids: MEMBERS };
}

/** The analysis of activity written oldest first and `commits` (newest first). */
function analyze(
  activity: BitbucketPullRequestActivity[],
  commits: BitbucketCommit[],
) {
  return analyzePullRequestApproval(input(newestFirst(...activity), commits));
}

/** A validated analysis that approves not every commit, none removed by a force-push. */
const NOT_APPROVED = {
  approvalStatus: 'not-approved',
  approved: false,
  validated: true,
  approvedCommitsRemoved: false,
} as const;

describe('analyzePullRequestApproval: the demo hard cases', () => {
  test('approved by another member: every commit approved', () => {
    const c1 = commit('p1-c1', ALICE, MAIN);
    const c2 = commit('p1-c2', ALICE, 'p1-c1');
    const result = analyze([update(c2.hash), approval(BOB)], [c2, c1]);
    expect(result).toEqual({
      approvalStatus: 'approved',
      approved: true,
      validated: true,
      approvedCommitsRemoved: false,
      commits: [c2.hash, c1.hash],
      commitMessages: ['p1-c2 message', 'p1-c1 message'],
      commitsApproved: [c2.hash, c1.hash],
      commitsNotApproved: [],
      commitsByUnknownAuthor: [],
      approvers: [{ uuid: BOB, display_name: BOB }],
    });
  });

  test('self-approved: an author cannot approve their own commit', () => {
    const c1 = commit('p2-c1', FRANK, MAIN);
    const result = analyze([update(c1.hash), approval(FRANK)], [c1]);
    expect(result).toMatchObject({
      ...NOT_APPROVED,
      commitsApproved: [],
      commitsNotApproved: [c1.hash],
    });
    expect(result.approvers.map((a) => a.uuid)).toEqual([FRANK]);
  });

  test('a PR author approving a colleague commit counts (judged per commit author)', () => {
    const c1 = commit('p9-c1', BOB, MAIN);
    const c2 = commit('p9-c2', ALICE, 'p9-c1');
    const result = analyze([update(c2.hash), approval(ALICE)], [c2, c1]);
    expect(result).toMatchObject({
      approved: false,
      commitsApproved: [c1.hash],
      commitsNotApproved: [c2.hash],
    });
  });

  test('commit pushed after approval is not approved', () => {
    const c1 = commit('p3-c1', CAROL, MAIN);
    const c2 = commit('p3-c2', CAROL, 'p3-c1');
    const result = analyze(
      [update(c1.hash), approval(BOB), update(c2.hash)],
      [c2, c1],
    );
    expect(result).toMatchObject({
      ...NOT_APPROVED,
      commitsApproved: [c1.hash],
      commitsNotApproved: [c2.hash],
    });
  });

  test('force-push after approval: approved range removed, new commits unapproved', () => {
    const old1 = commit('w2-c1', BOB, MAIN);
    const old2 = commit('w2-c2', BOB, 'w2-c1');
    const new1 = commit('w2-c1-rewritten', BOB, MAIN);
    const new2 = commit('w2-c2-rewritten', BOB, 'w2-c1-rewritten');
    const result = analyze(
      [update(old2.hash), approval(ALICE), update(new2.hash)],
      [new2, new1],
    );
    expect(old1.hash).not.toEqual(new1.hash);
    expect(result).toMatchObject({
      ...NOT_APPROVED,
      approvedCommitsRemoved: true,
      commits: [new2.hash, new1.hash],
      commitsApproved: [],
      commitsNotApproved: [new2.hash, new1.hash],
    });
  });

  test('unknown authors: raw-only never approved; non-member approved but unknown', () => {
    const c1 = commit('g1-c1', BOB, MAIN);
    const c2 = commit('g1-c2', undefined, 'g1-c1');
    const c3 = commit('g1-c3', MALLORY, 'g1-c2');
    const result = analyze([update(c3.hash), approval(ALICE)], [c3, c2, c1]);
    expect(result).toMatchObject({
      ...NOT_APPROVED,
      validated: false,
      commitsApproved: [c3.hash, c1.hash],
      commitsNotApproved: [c2.hash],
      commitsByUnknownAuthor: [c3.hash, c2.hash],
    });
  });

  test('PR from a fork: commits and activity of the destination repo suffice', () => {
    // The fork's commits have parents outside the PR (the fork's own base);
    // the range walk stops at commits it does not know.
    const c1 = commit('f3-c1', CAROL, 'fork-base');
    const c2 = commit('f3-c2', CAROL, 'f3-c1');
    const result = analyze(
      [update(c2.hash, 'OPEN', hash('fork-base')), approval(ALICE)],
      [c2, c1],
    );
    expect(result).toMatchObject({
      approvalStatus: 'approved',
      approved: true,
      validated: true,
      commitsApproved: [c2.hash, c1.hash],
    });
  });
});

describe('analyzePullRequestApproval: edges', () => {
  test('a single MERGED update does not crash (the older integration did)', () => {
    const c1 = commit('m-c1', ALICE, MAIN);
    const result = analyze([update(c1.hash, 'MERGED'), approval(BOB)], [c1]);
    expect(result).toMatchObject({
      approved: true,
      commitsApproved: [c1.hash],
    });
  });

  test('the MERGED update after approvals changes nothing', () => {
    const c1 = commit('m2-c1', ALICE, MAIN);
    const result = analyze(
      [
        update(c1.hash),
        approval(BOB),
        update(c1.hash, 'MERGED', hash('merge-commit')),
      ],
      [c1],
    );
    expect(result).toMatchObject({
      approved: true,
      approvedCommitsRemoved: false,
    });
  });

  test('the same approver twice is listed once', () => {
    const c1 = commit('d-c1', ALICE, MAIN);
    const c2 = commit('d-c2', ALICE, 'd-c1');
    const activity = newestFirst(
      update(c1.hash),
      approval(BOB),
      update(c2.hash),
      approval(BOB),
      approval(BOB),
    );
    const parsed = parsePullRequestActivity(activity);
    expect(parsed.approvals).toEqual([
      {
        range: expect.objectContaining({ sourceHash: c1.hash.slice(0, 12) }),
        approverUuids: [BOB],
      },
      {
        range: expect.objectContaining({ sourceHash: c2.hash.slice(0, 12) }),
        approverUuids: [BOB],
      },
    ]);
    const result = analyzePullRequestApproval(input(activity, [c2, c1]));
    expect(result.approvers.map((a) => a.uuid)).toEqual([BOB]);
    expect(result).toMatchObject({
      approved: true,
      commitsApproved: [c2.hash, c1.hash],
    });
  });

  test('12-character activity hashes match full commit hashes', () => {
    const c1 = commit('h-c1', ALICE, MAIN);
    expect(commitsInRange([c1], c1.hash.slice(0, 12), MAIN)).toEqual({
      found: true,
      commits: [c1],
    });
    expect(commitsInRange([c1], 'ffffffffffff', MAIN)).toEqual({
      found: false,
    });
  });

  test('without parents the list order (newest first) bounds the range', () => {
    const strip = (c: BitbucketCommit): BitbucketCommit => ({
      ...c,
      parents: undefined,
    });
    const c1 = strip(commit('o-c1', ALICE, MAIN));
    const c2 = strip(commit('o-c2', ALICE, 'o-c1'));
    const c3 = strip(commit('o-c3', ALICE, 'o-c2'));
    expect(commitsInRange([c3, c2, c1], c2.hash.slice(0, 12), MAIN)).toEqual({
      found: true,
      commits: [c2, c1],
    });
    expect(
      commitsInRange([c3, c2, c1], c3.hash.slice(0, 12), c1.hash.slice(0, 12)),
    ).toEqual({ found: true, commits: [c3, c2] });
  });

  test('an approval before any update lists the approver but approves nothing', () => {
    const c1 = commit('u-c1', ALICE, MAIN);
    const result = analyze([approval(BOB)], [c1]);
    expect(result).toMatchObject({
      approvalStatus: 'not-approved',
      approved: false,
      commitsNotApproved: [c1.hash],
    });
    expect(result.approvers.map((a) => a.uuid)).toEqual([BOB]);
  });

  test('a PR without commits is not approved', () => {
    const result = analyzePullRequestApproval(input([], []));
    expect(result).toMatchObject({
      approvalStatus: 'not-approved',
      approved: false,
      validated: true,
    });
  });

  test.each([
    ['activity', undefined, []],
    ['commits', [], undefined],
    ['both', undefined, undefined],
  ] as const)(
    'unknown when %s could not be fetched (never reads as not approved)',
    (_what, activity, commits) => {
      const result = analyzePullRequestApproval(
        input(
          activity as BitbucketPullRequestActivity[] | undefined,
          commits as BitbucketCommit[] | undefined,
        ),
      );
      expect(result).toEqual({ approvalStatus: 'unknown', approvers: [] });
      expect('approved' in result).toBe(false);
    },
  );

  test('unknown keeps the approvers seen in the activity', () => {
    const result = analyzePullRequestApproval(
      input(newestFirst(update(hash('x')), approval(BOB)), undefined),
    );
    expect(result).toEqual({
      approvalStatus: 'unknown',
      approvers: [{ uuid: BOB, display_name: BOB }],
    });
  });

  test('comments and changes-requested bind nothing', () => {
    const c1 = commit('r-c1', ALICE, MAIN);
    const result = analyze(
      [
        update(c1.hash),
        { comment: { id: 1, user: { uuid: BOB } } },
        { changes_requested: { user: { uuid: CAROL } } },
      ],
      [c1],
    );
    expect(result).toMatchObject({ approved: false, approvers: [] });
  });
});
