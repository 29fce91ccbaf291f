/**
 * The demo's hard cases of the PR-approval analysis and the exact result an
 * integration must compute for each (prior-art §3).
 */
import { eng, prCommit, repoUuid, userUuid, DEMO_WORKSPACES } from './demo-ids';

/** The approval analysis the integration must compute for a PR. */
export interface ExpectedApprovalAnalysis {
  approved: boolean;
  validated: boolean;
  approvedCommitsRemoved: boolean;
  /** The PR's current commits, newest first (full hashes). */
  commits: string[];
  /** Subsets of `commits`, in the same order, without duplicates. */
  commitsApproved: string[];
  commitsNotApproved: string[];
  commitsByUnknownAuthor: string[];
  /** Everyone who approved (self-approvers included), sorted, no duplicates. */
  approverIds: string[];
}

export interface DemoApprovalCase {
  name: string;
  description: string;
  workspace: string;
  repoSlug: string;
  repoUuid: string;
  pullRequestId: number;
  expected: ExpectedApprovalAnalysis;
}

/**
 * The hard cases. Hashes and uuids are fixed; `expected` follows prior-art §3:
 * an approval binds to the (source head, destination) range current when it
 * was given, and a commit counts as approved only if someone other than its
 * author approved a range containing it.
 */
export const DEMO_BITBUCKET_CASES: DemoApprovalCase[] = [
  {
    name: 'approved-by-other-member',
    description:
      'alice pushes two commits, bob approves: every commit approved by someone else. The repo name "My Service" differs from its slug.',
    workspace: DEMO_WORKSPACES.eng,
    repoSlug: 'my-service',
    repoUuid: repoUuid(eng('my-service')),
    pullRequestId: 1,
    expected: {
      approved: true,
      validated: true,
      approvedCommitsRemoved: false,
      commits: [
        prCommit(eng('my-service'), 1, 'c2'),
        prCommit(eng('my-service'), 1, 'c1'),
      ],
      commitsApproved: [
        prCommit(eng('my-service'), 1, 'c2'),
        prCommit(eng('my-service'), 1, 'c1'),
      ],
      commitsNotApproved: [],
      commitsByUnknownAuthor: [],
      approverIds: [userUuid('bob')],
    },
  },
  {
    name: 'self-approved',
    description:
      'frank pushes one commit and is the only approver: an author cannot approve their own commit.',
    workspace: DEMO_WORKSPACES.eng,
    repoSlug: 'my-service',
    repoUuid: repoUuid(eng('my-service')),
    pullRequestId: 2,
    expected: {
      approved: false,
      validated: true,
      approvedCommitsRemoved: false,
      commits: [prCommit(eng('my-service'), 2, 'c1')],
      commitsApproved: [],
      commitsNotApproved: [prCommit(eng('my-service'), 2, 'c1')],
      commitsByUnknownAuthor: [],
      approverIds: [userUuid('frank')],
    },
  },
  {
    name: 'commit-after-approval',
    description:
      "bob approves carol's first commit; carol then pushes a second one nobody approved (Bitbucket keeps the approval: the participant still shows approved=true).",
    workspace: DEMO_WORKSPACES.eng,
    repoSlug: 'my-service',
    repoUuid: repoUuid(eng('my-service')),
    pullRequestId: 3,
    expected: {
      approved: false,
      validated: true,
      approvedCommitsRemoved: false,
      commits: [
        prCommit(eng('my-service'), 3, 'c2'),
        prCommit(eng('my-service'), 3, 'c1'),
      ],
      commitsApproved: [prCommit(eng('my-service'), 3, 'c1')],
      commitsNotApproved: [prCommit(eng('my-service'), 3, 'c2')],
      commitsByUnknownAuthor: [],
      approverIds: [userUuid('bob')],
    },
  },
  {
    name: 'force-push-after-approval',
    description:
      "alice approves bob's two commits; bob force-pushes two rewritten commits: the approved range no longer exists and the new commits are unapproved.",
    workspace: DEMO_WORKSPACES.eng,
    repoSlug: 'web-app',
    repoUuid: repoUuid(eng('web-app')),
    pullRequestId: 2,
    expected: {
      approved: false,
      validated: true,
      approvedCommitsRemoved: true,
      commits: [
        prCommit(eng('web-app'), 2, 'c2-rewritten'),
        prCommit(eng('web-app'), 2, 'c1-rewritten'),
      ],
      commitsApproved: [],
      commitsNotApproved: [
        prCommit(eng('web-app'), 2, 'c2-rewritten'),
        prCommit(eng('web-app'), 2, 'c1-rewritten'),
      ],
      commitsByUnknownAuthor: [],
      approverIds: [userUuid('alice')],
    },
  },
  {
    name: 'unknown-commit-authors',
    description:
      "bob's PR holds a commit by a non-member account (mallory) and one whose email maps to no account (raw author only); alice approves. The raw-only commit can never count as approved; the non-member one is approved by someone else but still unknown.",
    workspace: DEMO_WORKSPACES.eng,
    repoSlug: 'api-gateway',
    repoUuid: repoUuid(eng('api-gateway')),
    pullRequestId: 1,
    expected: {
      approved: false,
      validated: false,
      approvedCommitsRemoved: false,
      commits: [
        prCommit(eng('api-gateway'), 1, 'c3'),
        prCommit(eng('api-gateway'), 1, 'c2'),
        prCommit(eng('api-gateway'), 1, 'c1'),
      ],
      commitsApproved: [
        prCommit(eng('api-gateway'), 1, 'c3'),
        prCommit(eng('api-gateway'), 1, 'c1'),
      ],
      commitsNotApproved: [prCommit(eng('api-gateway'), 1, 'c2')],
      commitsByUnknownAuthor: [
        prCommit(eng('api-gateway'), 1, 'c3'),
        prCommit(eng('api-gateway'), 1, 'c2'),
      ],
      approverIds: [userUuid('alice')],
    },
  },
  {
    name: 'pr-from-fork',
    description:
      'dana opens a PR from acme-labs/web-app-fork (named "Web App Labs Fork") into acme-eng/web-app; alice approves. Activity and commits are served on the destination repo.',
    workspace: DEMO_WORKSPACES.eng,
    repoSlug: 'web-app',
    repoUuid: repoUuid(eng('web-app')),
    pullRequestId: 3,
    expected: {
      approved: true,
      validated: true,
      approvedCommitsRemoved: false,
      commits: [
        prCommit(eng('web-app'), 3, 'c2'),
        prCommit(eng('web-app'), 3, 'c1'),
      ],
      commitsApproved: [
        prCommit(eng('web-app'), 3, 'c2'),
        prCommit(eng('web-app'), 3, 'c1'),
      ],
      commitsNotApproved: [],
      commitsByUnknownAuthor: [],
      approverIds: [userUuid('alice')],
    },
  },
];
