import { DAY_MS } from './circleci/builder';
import {
  createDataset,
  DEFAULT_LARGE_PARAMS,
  summarizeDataset,
} from './datasets';
import { SANDBOX_REFERENCE_TIME } from './types';

const options = { seed: 7, referenceTime: SANDBOX_REFERENCE_TIME };

describe('sandbox datasets', () => {
  const demo = createDataset('demo', options);

  it('is deterministic for a seed and reference time', () => {
    expect(createDataset('demo', options)).toEqual(demo);
    const other = createDataset('demo', { ...options, seed: 8 });
    expect(other.circleci.me.id).not.toBe(demo.circleci.me.id);
    expect(other.circleci.me.login).toBe(demo.circleci.me.login);
  });

  it('has the exact demo CircleCI counts', () => {
    expect(summarizeDataset(demo).circleci).toEqual({
      // Includes the real-shape cases (circleci/real-shapes.ts): one
      // circleci/<org-id> organization, one project, a built and an errored
      // pipeline, one workflow, one job.
      organizations: 3,
      users: 7,
      deletedUsers: 1,
      projects: 6,
      followedProjects: 5,
      unfollowedProjects: 1,
      projectSettingsForbidden: 1,
      projectsForksReceiveSecrets: 1,
      projectEnvVars: 8,
      pipelines: 18,
      pipelinesInLookback: 15,
      workflows: 21,
      workflowsInLookback: 18,
      jobs: 35,
      jobsInLookback: 31,
      approvalJobs: 6,
      approvedJobs: 5,
      onHoldJobs: 1,
      canceledJobs: 1,
      canceledWorkflows: 1,
      contexts: 6,
      contextEnvVars: 11,
      contextRestrictions: 7,
    });
  });

  it('has one Bitbucket, one GitHub and one circleci/<org-id> organization', () => {
    expect(
      demo.circleci.collaborations.map((c) => [c['vcs-type'], c.slug]),
    ).toEqual([
      ['bitbucket', `bb/${demo.circleci.collaborations[0].name}`],
      ['github', 'gh/sandbox-gh-org'],
      ['circleci', `circleci/${demo.circleci.collaborations[2].id}`],
    ]);
  });

  it('builds real Bitbucket repositories from Bitbucket-org projects', () => {
    const repos = new Set(
      demo.bitbucketRefs.repos.map((r) => `${r.workspace}/${r.repoSlug}`),
    );
    const bbProjects = demo.circleci.projects.filter(
      (p) => p.project.vcs_info.provider === 'Bitbucket',
    );
    expect(bbProjects).toHaveLength(3);
    for (const { project } of bbProjects) {
      const path = project.slug.replace(/^bb\//, '');
      expect(repos.has(path)).toBe(true);
      expect(project.vcs_info.vcs_url).toBe(`https://bitbucket.org/${path}`);
    }
  });

  it('builds PR merge commits on the main branch and PR source commits with review_id', () => {
    const prs = demo.bitbucketRefs.repos.flatMap((r) =>
      r.pullRequests.map((pr) => ({
        ...pr,
        repo: `${r.workspace}/${r.repoSlug}`,
      })),
    );
    const bbPipelines = demo.circleci.pipelines.filter((p) =>
      p.project_slug.startsWith('bb/'),
    );
    const mergeBuilds = bbPipelines.filter((p) =>
      prs.some(
        (pr) =>
          pr.mergeCommit === p.vcs.revision &&
          `bb/${pr.repo}` === p.project_slug,
      ),
    );
    const sourceBuilds = bbPipelines.filter(
      (p) => p.vcs.review_id !== undefined,
    );
    expect(mergeBuilds.length).toBeGreaterThanOrEqual(1);
    expect(mergeBuilds.every((p) => p.vcs.review_id === undefined)).toBe(true);
    expect(sourceBuilds).toHaveLength(1);
    const [source] = sourceBuilds;
    const pr = prs.find(
      (candidate) =>
        String(candidate.id) === source.vcs.review_id &&
        `bb/${candidate.repo}` === source.project_slug,
    );
    expect(pr).toBeDefined();
    expect(source.vcs.revision).toBe(pr?.sourceCommit);
    expect(source.vcs.branch).toBe(pr?.sourceBranch);
  });

  it('gives Bitbucket-org CircleCI users the member nicknames as login', () => {
    const workspace = demo.circleci.collaborations[0].name;
    const nicknames = demo.bitbucketRefs.members
      .filter((m) => m.workspace === workspace)
      .map((m) => m.nickname);
    const actors = new Set(
      demo.circleci.pipelines
        .filter((p) => p.project_slug.startsWith('bb/'))
        .map((p) => p.trigger.actor.login),
    );
    expect(actors.size).toBeGreaterThanOrEqual(2);
    for (const login of actors) expect(nicknames).toContain(login);
    expect(nicknames).toContain(demo.circleci.me.login);
  });

  it('has pipelines inside and older than the 30-day lookback', () => {
    const ages = demo.circleci.pipelines.map(
      (p) => (SANDBOX_REFERENCE_TIME - Date.parse(p.created_at)) / DAY_MS,
    );
    expect(ages.filter((age) => age > 30).sort((a, b) => a - b)).toEqual([
      35, 40, 60,
    ]);
  });

  it('generates the large dataset at the parameter sizes', () => {
    const large = createDataset('large', options);
    const summary = summarizeDataset(large).circleci;
    const p = DEFAULT_LARGE_PARAMS;
    const projects = p.orgs * p.projectsPerOrg;
    expect(large.params).toEqual(DEFAULT_LARGE_PARAMS);
    expect(summary.organizations).toBe(p.orgs);
    expect(summary.projects).toBe(projects);
    expect(summary.pipelines).toBe(projects * p.pipelinesPerProject);
    expect(summary.workflows).toBe(
      projects * p.pipelinesPerProject * p.workflowsPerPipeline,
    );
    expect(summary.jobs).toBe(
      projects *
        p.pipelinesPerProject *
        p.workflowsPerPipeline *
        p.jobsPerWorkflow,
    );
    expect(summary.contexts).toBe(p.orgs * 3);
  });

  it('scales to 4x quickly and compactly', () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    const large = createDataset('large', {
      ...options,
      largeParams: { scale: 4 },
    });
    const elapsed = Date.now() - started;
    const summary = summarizeDataset(large);
    expect(summary.circleci.projects).toBe(
      DEFAULT_LARGE_PARAMS.orgs * DEFAULT_LARGE_PARAMS.projectsPerOrg * 4,
    );
    expect(elapsed).toBeLessThan(15_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(
      512 * 1024 * 1024,
    );
  });
});
