/**
 * The small `demo` CircleCI account: every entity and relationship type and
 * each hard case the integration must handle, built on the Bitbucket demo's
 * real repositories, pull requests and members. Sizes are chosen so that with
 * `circleciPageSize: 2` every list endpoint the integration calls has a
 * second page. README.md lists the hard cases.
 */
import { BitbucketDatasetRefs, BitbucketRepoRef } from '../types';
import { CircleCIDatasetBuilder, DAY_MS, HOUR_MS, MINUTE_MS } from './builder';
import { addAccessCases } from './demo-access-cases';
import { addDemoDeploys } from './demo-deploys';
import { addQuestionCases } from './demo-question-cases';
import { addRealShapeCases } from './real-shapes';
import { CircleCIData, CircleCIProjectRecord, CircleCIUser } from './types';

/** The GitHub organization of the demo (no Bitbucket counterpart, by design). */
export const DEMO_GITHUB_ORG = 'sandbox-gh-org';

function busiestWorkspace(refs: BitbucketDatasetRefs): string {
  const counts = new Map<string, number>();
  for (const repo of refs.repos) {
    counts.set(repo.workspace, (counts.get(repo.workspace) ?? 0) + 1);
  }
  let best = '';
  let bestCount = -1;
  for (const [workspace, count] of counts) {
    if (count > bestCount) {
      best = workspace;
      bestCount = count;
    }
  }
  if (!best) {
    throw new Error(
      'The CircleCI demo needs at least one Bitbucket repository to build',
    );
  }
  return best;
}

interface CommitChoice {
  mergedPr?: { id: number; mergeCommit: string };
  openPr?: { id: number; sourceBranch: string; sourceCommit: string };
}

function commits(repo: BitbucketRepoRef): CommitChoice {
  const merged = repo.pullRequests.find((pr) => pr.mergeCommit);
  const open = repo.pullRequests.find((pr) => pr !== merged);
  return {
    mergedPr:
      merged && merged.mergeCommit
        ? { id: merged.id, mergeCommit: merged.mergeCommit }
        : undefined,
    openPr: open
      ? {
          id: open.id,
          sourceBranch: open.sourceBranch,
          sourceCommit: open.sourceCommit,
        }
      : undefined,
  };
}

export function buildCircleCIDemo(
  b: CircleCIDatasetBuilder,
  refs: BitbucketDatasetRefs,
): CircleCIData {
  const workspace = busiestWorkspace(refs);
  const repos = refs.repos.filter((r) => r.workspace === workspace);
  const members = refs.members.filter((m) => m.workspace === workspace);

  // CircleCI shows the VCS username as login, so Bitbucket-org users share
  // the member's nickname.
  const bbUsers: CircleCIUser[] = members
    .slice(0, 4)
    .map((m) => b.user(m.nickname, m.displayName));
  while (bbUsers.length < 3) {
    const n = bbUsers.length + 1;
    bbUsers.push(b.user(`sandbox-user-${n}`, `Sandbox User ${n}`));
  }
  const [me, reviewer, releaser] = bbUsers;
  const ghMaintainer = b.user('octo-maintainer', 'Octo Maintainer');
  // A user without an avatar: the vendor sends avatar_url null.
  const ghContributor = b.user('octo-contributor', 'Octo Contributor', false);
  const deletedUserId = b.deletedUser();

  const bbOrg = b.org('bitbucket', workspace);
  const ghOrg = b.org('github', DEMO_GITHUB_ORG);

  const projectFor = (
    repo: BitbucketRepoRef,
    extra: Partial<Parameters<CircleCIDatasetBuilder['project']>[0]>,
  ): CircleCIProjectRecord =>
    b.project({
      org: bbOrg,
      repoName: repo.repoSlug,
      vcsUrl: `https://bitbucket.org/${repo.workspace}/${repo.repoSlug}`,
      defaultBranch: repo.mainBranch,
      ...extra,
    });

  const repoA = repos[0];
  const repoB = repos[1 % repos.length];
  const repoC = repos[2 % repos.length];
  const projectA = projectFor(repoA, {});
  const projectB =
    repoB === repoA
      ? undefined
      : projectFor(repoB, {
          settings: 'forbidden',
        });
  // Not followed: absent from GET /pipeline?org-slug=, listed by insights.
  const projectC =
    repoC === repoA || repoC === repoB
      ? undefined
      : projectFor(repoC, { followed: false });
  const ghApi = b.project({
    org: ghOrg,
    repoName: 'gh-api',
    vcsUrl: `https://github.com/${DEMO_GITHUB_ORG}/gh-api`,
    defaultBranch: 'main',
    settings: { forks_receive_secret_env_vars: true, build_fork_prs: true },
  });
  const ghWeb = b.project({
    org: ghOrg,
    repoName: 'gh-web',
    vcsUrl: `https://github.com/${DEMO_GITHUB_ORG}/gh-web`,
    defaultBranch: 'main',
  });

  // Project A: merge-commit and PR-source pipelines, approvals, cancels,
  // and two pipelines older than the default 30-day lookback.
  const a = commits(repoA);
  const main = repoA.mainBranch;
  const p1 = b.pipeline(projectA, {
    ageMs: 2 * HOUR_MS,
    actor: me,
    branch: main,
    revision: a.mergedPr?.mergeCommit ?? b.random.hex(40),
    subject: a.mergedPr
      ? `Merged in pull request #${a.mergedPr.id}`
      : 'Update dependencies',
  });
  const p1Build = b.workflow(p1, {
    name: 'build-and-test',
    status: 'success',
    startedBy: me.id,
  });
  const p1Compile = b.job(p1Build, { name: 'build', status: 'success' });
  b.job(p1Build, {
    name: 'unit-tests',
    status: 'success',
    dependencies: [p1Compile],
    startOffsetMs: 2 * MINUTE_MS,
  });
  const p1Deploy = b.workflow(p1, {
    name: 'deploy',
    status: 'success',
    startedBy: me.id,
    startOffsetMs: 2 * MINUTE_MS,
  });
  const p1Test = b.job(p1Deploy, { name: 'package', status: 'success' });
  const p1Hold = b.job(p1Deploy, {
    name: 'hold-production',
    type: 'approval',
    status: 'success',
    dependencies: [p1Test],
    approvedBy: reviewer.id,
    startOffsetMs: 3 * MINUTE_MS,
  });
  b.job(p1Deploy, {
    name: 'deploy-production',
    status: 'success',
    dependencies: [p1Hold],
    startOffsetMs: 20 * MINUTE_MS,
  });

  const p2 = b.pipeline(projectA, {
    ageMs: DAY_MS,
    actor: reviewer,
    branch: a.openPr?.sourceBranch ?? 'feature/sandbox',
    revision: a.openPr?.sourceCommit ?? b.random.hex(40),
    reviewId: a.openPr?.id,
    subject: 'Add feature behind a flag',
  });
  const p2Build = b.workflow(p2, {
    name: 'build-and-test',
    status: 'success',
    startedBy: reviewer.id,
  });
  const p2Compile = b.job(p2Build, { name: 'build', status: 'success' });
  b.job(p2Build, {
    name: 'unit-tests',
    status: 'success',
    dependencies: [p2Compile],
  });
  const p2Deploy = b.workflow(p2, {
    name: 'deploy',
    status: 'on_hold',
    startedBy: reviewer.id,
  });
  const p2Package = b.job(p2Deploy, { name: 'package', status: 'success' });
  // Still waiting for someone to approve: no approved_by.
  b.job(p2Deploy, {
    name: 'hold-production',
    type: 'approval',
    status: 'on_hold',
    dependencies: [p2Package],
  });

  const p3 = b.pipeline(projectA, {
    ageMs: 3 * DAY_MS,
    triggerType: 'api',
    actor: releaser,
    branch: main,
    revision: b.random.hex(40),
    subject: 'Nightly release candidate',
  });
  const p3Build = b.workflow(p3, {
    name: 'build-and-test',
    status: 'canceled',
    startedBy: releaser.id,
    canceledBy: releaser.id,
  });
  const p3Compile = b.job(p3Build, { name: 'build', status: 'success' });
  // Canceled by an account that no longer exists: GET /user/{id} answers 404.
  b.job(p3Build, {
    name: 'unit-tests',
    status: 'canceled',
    dependencies: [p3Compile],
    canceledBy: deletedUserId,
  });
  b.workflow(p3, { name: 'lint', status: 'success', startedBy: releaser.id });
  const p3Audit = b.workflow(p3, {
    name: 'nightly-audit',
    status: 'failed',
    startedBy: releaser.id,
  });
  b.job(p3Audit, { name: 'audit', status: 'failed' });

  for (const ageDays of [35, 60]) {
    const old = b.pipeline(projectA, {
      ageMs: ageDays * DAY_MS,
      actor: me,
      branch: main,
      revision: b.random.hex(40),
      subject: `Release from ${ageDays} days ago`,
    });
    const wf = b.workflow(old, {
      name: 'build-and-test',
      status: 'success',
      startedBy: me.id,
    });
    b.job(wf, { name: 'build', status: 'success' });
  }

  if (projectB) {
    const bCommits = commits(repoB);
    [5 * HOUR_MS, 2 * DAY_MS, 10 * DAY_MS].forEach((ageMs, index) => {
      const actor = index % 2 === 0 ? releaser : reviewer;
      const pipeline = b.pipeline(projectB, {
        ageMs,
        actor,
        branch: repoB.mainBranch,
        revision:
          index === 0 && bCommits.mergedPr
            ? bCommits.mergedPr.mergeCommit
            : b.random.hex(40),
        subject: `Service change ${index + 1}`,
      });
      const wf = b.workflow(pipeline, {
        name: 'build',
        status: index === 2 ? 'failed' : 'success',
        startedBy: actor.id,
      });
      const compile = b.job(wf, { name: 'compile', status: 'success' });
      b.job(wf, {
        name: 'integration-tests',
        status: index === 2 ? 'failed' : 'success',
        dependencies: [compile],
      });
    });
  }

  if (projectC) {
    [6 * HOUR_MS, 4 * DAY_MS].forEach((ageMs) => {
      const pipeline = b.pipeline(projectC, {
        ageMs,
        actor: me,
        branch: repoC.mainBranch,
        revision: b.random.hex(40),
        subject: 'Docs update',
      });
      const wf = b.workflow(pipeline, {
        name: 'docs',
        status: 'success',
        startedBy: me.id,
      });
      b.job(wf, { name: 'build-docs', status: 'success' });
    });
  }

  [3 * HOUR_MS, 2 * DAY_MS, 40 * DAY_MS].forEach((ageMs, index) => {
    const actor = index === 1 ? ghContributor : ghMaintainer;
    const pipeline = b.pipeline(ghApi, {
      ageMs,
      actor,
      branch: 'main',
      revision: b.random.hex(40),
      reviewId: index === 1 ? 17 : undefined,
      subject: `gh-api change ${index + 1}`,
    });
    const wf = b.workflow(pipeline, {
      name: 'ship',
      status: 'success',
      startedBy: actor.id,
    });
    const test = b.job(wf, { name: 'test', status: 'success' });
    b.job(wf, {
      name: 'approve-release',
      type: 'approval',
      status: 'success',
      dependencies: [test],
      approvedBy: ghMaintainer.id,
    });
  });
  const ghWebPipeline = b.pipeline(ghWeb, {
    ageMs: 12 * HOUR_MS,
    triggerType: 'scheduled_pipeline',
    actor: ghMaintainer,
    branch: 'main',
    revision: b.random.hex(40),
    subject: 'Scheduled build',
  });
  const ghWebWf = b.workflow(ghWebPipeline, {
    name: 'build',
    status: 'success',
    startedBy: ghMaintainer.id,
  });
  b.job(ghWebWf, { name: 'build', status: 'success' });

  const restrictedToB = projectB
    ? [{ type: 'project' as const, project: projectB }]
    : [];
  b.context(
    bbOrg,
    'aws-production',
    200 * DAY_MS,
    ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'DEPLOY_TOKEN'],
    [
      { type: 'project', project: projectA },
      ...restrictedToB,
      { type: 'expression', expression: 'pipeline.git.branch == "main"' },
    ],
  );
  b.context(
    bbOrg,
    'npm-publishing',
    150 * DAY_MS,
    ['NPM_TOKEN', 'DEPLOY_TOKEN'],
    [{ type: 'project', project: projectA }],
  );
  // No restriction at all: every project of the org may use it.
  b.context(
    bbOrg,
    'shared-notifications',
    100 * DAY_MS,
    ['SLACK_WEBHOOK_URL'],
    [],
  );
  b.context(
    ghOrg,
    'gh-release',
    80 * DAY_MS,
    ['GITHUB_TOKEN', 'NPM_TOKEN'],
    [{ type: 'project', project: ghApi }],
  );

  addRealShapeCases(b, releaser);
  addQuestionCases(b, {
    refs,
    org: bbOrg,
    projects: [projectB, projectC].filter(
      (p): p is CircleCIProjectRecord => p !== undefined,
    ),
    releaser,
    deletedUserId,
  });

  const data = b.build(me);
  addAccessCases(data, { referenceTime: b.referenceTime, me, reviewer });
  addDemoDeploys(b, data);
  return data;
}
