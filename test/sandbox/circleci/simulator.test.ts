import { circleci } from '../contract/sandbox-http';
import { Sandbox, startSandbox } from '../server';
import { SANDBOX_REFERENCE_TIME } from '../types';
import { CircleCIPipeline, CircleCIProjectRecord } from './types';

interface Page<T> {
  items: T[];
  next_page_token: string | null;
}

async function json<T>(sandbox: Sandbox, path: string): Promise<T> {
  const response = await circleci(sandbox, path);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function allPages<T>(sandbox: Sandbox, path: string): Promise<T[][]> {
  const pages: T[][] = [];
  let token: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: Page<T> = await json<Page<T>>(
      sandbox,
      token === null ? path : `${path}${separator}page-token=${token}`,
    );
    pages.push(page.items);
    token = page.next_page_token;
  } while (token !== null);
  return pages;
}

describe('CircleCI simulator (demo dataset, page size 2)', () => {
  let sandbox: Sandbox;
  let projectA: CircleCIProjectRecord;
  let projectB: CircleCIProjectRecord;
  let unfollowed: CircleCIProjectRecord;

  beforeAll(async () => {
    sandbox = await startSandbox({
      dataset: 'demo',
      circleciPageSize: 2,
      referenceTime: SANDBOX_REFERENCE_TIME,
    });
    [projectA, projectB, unfollowed] = sandbox.dataset.circleci.projects;
  });

  afterAll(async () => {
    await sandbox.close();
  });

  const pipelinesOf = (slug: string): CircleCIPipeline[] =>
    sandbox.dataset.circleci.pipelines.filter((p) => p.project_slug === slug);

  it('pages project pipelines newest first with opaque tokens', async () => {
    const pages = await allPages<CircleCIPipeline>(
      sandbox,
      `/project/${projectA.project.slug}/pipeline`,
    );
    expect(pages.map((page) => page.map((p) => p.number))).toEqual([
      [5, 4],
      [3, 2],
      [1],
    ]);
  });

  it('answers an unknown or foreign page token with the vendor 404', async () => {
    const slug = projectA.project.slug;
    const bogus = await circleci(
      sandbox,
      `/project/${slug}/pipeline?page-token=bogus`,
    );
    expect(bogus.status).toBe(404);
    expect(await bogus.json()).toEqual({ message: 'Not Found' });
    // A valid token of another list is not valid here.
    const other = await json<Page<unknown>>(sandbox, `/project/${slug}/envvar`);
    expect(other.next_page_token).toEqual(expect.any(String));
    const foreign = await circleci(
      sandbox,
      `/project/${slug}/pipeline?page-token=${other.next_page_token}`,
    );
    expect(foreign.status).toBe(404);
  });

  it('accepts project slugs with %2F-escaped slashes and long provider names', async () => {
    const slug = projectA.project.slug;
    const escaped = await json<{ slug: string }>(
      sandbox,
      `/project/${encodeURIComponent(slug)}`,
    );
    const long = await json<{ slug: string }>(
      sandbox,
      `/project/${slug.replace(/^bb\//, 'bitbucket/')}`,
    );
    expect(escaped).toEqual(projectA.project);
    expect(long.slug).toBe(slug);
    const missing = await circleci(
      sandbox,
      '/project/bb/acme-eng/no-such-repo',
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Project not found' });
  });

  it('lists org pipelines only for followed projects, newest first', async () => {
    const org = projectA.project.organization_slug;
    const pipelines = (
      await allPages<CircleCIPipeline>(sandbox, `/pipeline?org-slug=${org}`)
    ).flat();
    const expected = [
      ...pipelinesOf(projectA.project.slug),
      ...pipelinesOf(projectB.project.slug),
    ]
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .map((p) => p.id);
    expect(pipelines.map((p) => p.id)).toEqual(expected);
    expect(pipelines.map((p) => p.project_slug)).not.toContain(
      unfollowed.project.slug,
    );
  });

  it('covers only the N most recently built projects (the vendor "max 250")', async () => {
    const limited = await startSandbox({
      dataset: 'demo',
      referenceTime: SANDBOX_REFERENCE_TIME,
      pipelineOrgProjectLimit: 1,
    });
    try {
      const page = await json<Page<CircleCIPipeline>>(
        limited,
        `/pipeline?org-slug=${projectA.project.organization_slug}`,
      );
      // Project A built 2 hours ago, project B 4 hours ago.
      expect(new Set(page.items.map((p) => p.project_slug))).toEqual(
        new Set([projectA.project.slug]),
      );
      expect(page.items).toHaveLength(5);
    } finally {
      await limited.close();
    }
  });

  it('lists every organization without org-slug, and accepts circleci/<org-id> slugs', async () => {
    const followed = sandbox.dataset.circleci.projects
      .filter((p) => p.followed)
      .map((p) => p.project.slug);
    const everything = (
      await allPages<CircleCIPipeline>(sandbox, '/pipeline')
    ).flat();
    expect(everything.map((p) => p.id)).toEqual(
      sandbox.dataset.circleci.pipelines
        .filter((p) => followed.includes(p.project_slug))
        .sort((a, b) => b.created_at.localeCompare(a.created_at))
        .map((p) => p.id),
    );
    const byId = (
      await allPages<CircleCIPipeline>(
        sandbox,
        `/pipeline?org-slug=circleci/${projectA.project.organization_id}`,
      )
    ).flat();
    const bySlug = (
      await allPages<CircleCIPipeline>(
        sandbox,
        `/pipeline?org-slug=${projectA.project.organization_slug}`,
      )
    ).flat();
    expect(byId).toEqual(bySlug);
    const unknown = await circleci(sandbox, '/pipeline?org-slug=gh/nobody');
    expect(unknown.status).toBe(404);
  });

  it('filters org pipelines to the caller with mine=true', async () => {
    const me = sandbox.dataset.circleci.me.login;
    const mine = (
      await allPages<CircleCIPipeline>(
        sandbox,
        `/pipeline?org-slug=${projectA.project.organization_slug}&mine=true`,
      )
    ).flat();
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((p) => p.trigger.actor.login))).toEqual(
      new Set([me]),
    );
  });

  it('lists every project of the org by name in insights, including unfollowed ones', async () => {
    const org = projectA.project.organization_slug;
    const summary = await json<{
      all_projects: string[];
      org_project_data: Array<{ project_name: string }>;
    }>(sandbox, `/insights/${encodeURIComponent(org)}/summary`);
    expect(summary.all_projects).toEqual([
      projectA.project.name,
      projectB.project.name,
      unfollowed.project.name,
    ]);
    const bad = await circleci(
      sandbox,
      `/insights/${org}/summary?reporting-window=last-year`,
    );
    expect(bad.status).toBe(400);
  });

  it('filters project pipelines by branch', async () => {
    const slug = projectA.project.slug;
    const branch = projectA.project.vcs_info.default_branch;
    const onMain = (
      await allPages<CircleCIPipeline>(
        sandbox,
        `/project/${slug}/pipeline?branch=${branch}`,
      )
    ).flat();
    expect(onMain.map((p) => p.number)).toEqual([5, 3, 2, 1]);
  });

  it('masks project env var values and keeps the vendor created-at forms', async () => {
    const vars = (
      await allPages<{
        name: string;
        value: string;
        'created-at': string | null;
      }>(sandbox, `/project/${projectA.project.slug}/envvar`)
    ).flat();
    expect(vars).toEqual([
      {
        name: 'AWS_ACCESS_KEY_ID',
        value: 'xxxx0001',
        'created-at': '2026-08-03T12:00:00.000Z',
      },
      {
        name: 'DEPLOY_TOKEN',
        value: 'xxxx9f3e',
        'created-at': '#joda/inst 2023-04-14T21:20:14+0000',
      },
      { name: 'NPM_TOKEN', value: 'xxxxA1b2', 'created-at': null },
    ]);
  });

  it('answers project settings, 403 for a project the token may not administer', async () => {
    const [provider, org, name] = projectB.project.slug.split('/');
    const forbidden = await circleci(
      sandbox,
      `/project/${provider}/${org}/${name}/settings`,
    );
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ message: 'Permission denied.' });
    const settings = await json<{
      advanced: { forks_receive_secret_env_vars: boolean };
    }>(sandbox, '/project/gh/sandbox-gh-org/gh-api/settings');
    expect(settings.advanced.forks_receive_secret_env_vars).toBe(true);
  });

  it('answers 404 for a deleted user referenced by a job', async () => {
    const [deleted] = sandbox.dataset.circleci.deletedUserIds;
    const referencing = sandbox.dataset.circleci.jobs.filter(
      (r) => r.job.canceled_by === deleted,
    );
    expect(referencing).toHaveLength(1);
    const response = await circleci(sandbox, `/user/${deleted}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'User does not exist.' });
    const me = sandbox.dataset.circleci.me;
    expect(await json(sandbox, `/user/${me.id}`)).toEqual(me);
  });

  it('lists contexts by owner slug or owner id, and their restrictions and variables', async () => {
    const org = sandbox.dataset.circleci.collaborations[0];
    const bySlug = (
      await allPages<{ name: string }>(
        sandbox,
        `/context?owner-slug=${org.slug}`,
      )
    ).flat();
    const byId = (
      await allPages<{ name: string }>(sandbox, `/context?owner-id=${org.id}`)
    ).flat();
    expect(bySlug.map((c) => c.name)).toEqual([
      'aws-production',
      'npm-publishing',
      'shared-notifications',
      'staging-deploy',
      'legacy-signing',
    ]);
    expect(byId).toEqual(bySlug);
    const missing = await circleci(sandbox, '/context');
    expect(missing.status).toBe(400);
    const [aws] = sandbox.dataset.circleci.contexts;
    const restrictions = (
      await allPages<{ restriction_type: string; restriction_value: string }>(
        sandbox,
        `/context/${aws.context.id}/restrictions`,
      )
    ).flat();
    expect(
      restrictions.map((r) => [r.restriction_type, r.restriction_value]),
    ).toEqual([
      ['project', projectA.project.id],
      ['project', projectB.project.id],
      ['expression', 'pipeline.git.branch == "main"'],
    ]);
    const variables = (
      await allPages<{ variable: string }>(
        sandbox,
        `/context/${aws.context.id}/environment-variable`,
      )
    ).flat();
    expect(variables.map((v) => v.variable)).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'DEPLOY_TOKEN',
    ]);
  });

  it('pages workflows and jobs, with approvals and cancellations', async () => {
    const [newest, onHoldPipeline, canceledPipeline] = pipelinesOf(
      projectA.project.slug,
    );
    const workflows = await allPages<{
      id: string;
      name: string;
      status: string;
    }>(sandbox, `/pipeline/${canceledPipeline.id}/workflow`);
    expect(workflows.map((page) => page.map((w) => w.name))).toEqual([
      ['build-and-test', 'lint'],
      ['nightly-audit'],
    ]);
    const [, deploy] = (
      await allPages<{ id: string; name: string }>(
        sandbox,
        `/pipeline/${newest.id}/workflow`,
      )
    ).flat();
    const jobs = await allPages<{
      name: string;
      type: string;
      approved_by?: string;
    }>(sandbox, `/workflow/${deploy.id}/job`);
    expect(jobs.map((page) => page.map((j) => j.name))).toEqual([
      ['package', 'hold-production'],
      ['deploy-production'],
    ]);
    expect(jobs[0][1].type).toBe('approval');
    expect(jobs[0][1].approved_by).toEqual(expect.any(String));
    const [, waiting] = (
      await allPages<{ id: string; status: string }>(
        sandbox,
        `/pipeline/${onHoldPipeline.id}/workflow`,
      )
    ).flat();
    expect(waiting.status).toBe('on_hold');
    const waitingJobs = (
      await allPages<{ status: string; approved_by?: string }>(
        sandbox,
        `/workflow/${waiting.id}/job`,
      )
    ).flat();
    expect(waitingJobs.map((j) => [j.status, j.approved_by])).toEqual([
      ['success', undefined],
      ['on_hold', undefined],
    ]);
  });

  it('refuses methods other than GET on known paths', async () => {
    const response = await circleci(sandbox, '/me', { method: 'POST' });
    expect(response.status).toBe(405);
  });
});
