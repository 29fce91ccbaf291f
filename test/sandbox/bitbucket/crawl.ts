/**
 * Walks every Bitbucket endpoint the simulator serves, following every `next`
 * link, for the contract test: workspaces, members, permissions, projects,
 * groups (1.0), project deploy keys, repositories (by slug and by uuid),
 * repository permissions, deploy keys, webhooks and Pipelines configuration
 * and variables (of workspaces too),
 * branch restrictions, pull requests in every state with reviewers and
 * participants, each PR with its activity and commits, commit logs,
 * pipelines, deployment environments with their variables and
 * deployments, and a few
 * error answers (unknown workspace/repo, invalid pagelen).
 */

export interface CrawlResponse {
  status: number;
  body: unknown;
}

/** Sends an authenticated GET (path below the vendor prefix, or a full URL). */
export type CrawlGet = (pathOrUrl: string) => Promise<CrawlResponse>;

interface PageBody {
  values: unknown[];
  next?: string;
}

type Json = Record<string, unknown>;

async function allValues(get: CrawlGet, path: string): Promise<Json[]> {
  const values: Json[] = [];
  let next: string | undefined = path;
  const seen = new Set<string>();
  while (next) {
    if (seen.has(next)) throw new Error(`next link repeats: ${next}`);
    seen.add(next);
    const response = await get(next);
    if (response.status !== 200) return values;
    const page = response.body as PageBody;
    values.push(...(page.values as Json[]));
    next = page.next;
  }
  return values;
}

const ALL_STATES = 'state=OPEN&state=MERGED&state=DECLINED&state=SUPERSEDED';

export async function crawlBitbucket(
  get: CrawlGet,
  options: { lookbackSince: string },
): Promise<void> {
  await get('/2.0/user');
  const access = await allValues(get, '/2.0/user/workspaces');
  for (const entry of access) {
    const workspace = entry.workspace as { slug: string; uuid: string };
    const ws = workspace.slug;
    await get(`/2.0/workspaces/${ws}`);
    await get(`/2.0/workspaces/${encodeURIComponent(workspace.uuid)}`);
    await allValues(get, `/2.0/workspaces/${ws}/members`);
    await allValues(get, `/2.0/workspaces/${ws}/permissions`);
    await allValues(
      get,
      `/2.0/workspaces/${ws}/permissions?q=${encodeURIComponent(
        'permission="owner"',
      )}`,
    );
    await allValues(get, `/2.0/workspaces/${ws}/hooks`);
    await allValues(get, `/2.0/workspaces/${ws}/pipelines-config/variables`);
    await allValues(
      get,
      `/2.0/workspaces/${ws}/pipelines-config/variables?fields=${encodeURIComponent(
        '-values.value',
      )}`,
    );
    const projects = await allValues(get, `/2.0/workspaces/${ws}/projects`);
    for (const project of projects) {
      await allValues(
        get,
        `/2.0/workspaces/${ws}/projects/${encodeURIComponent(
          project.key as string,
        )}/deploy-keys`,
      );
    }
    await get(`/1.0/groups/${ws}`);
    await allValues(
      get,
      `/2.0/repositories/${ws}?sort=-updated_on&q=${encodeURIComponent(
        'is_private = true',
      )}`,
    );
    const repos = await allValues(get, `/2.0/repositories/${ws}`);
    for (const repo of repos) {
      const slug = repo.slug as string;
      const uuid = encodeURIComponent(repo.uuid as string);
      const base = `/2.0/repositories/${ws}/${uuid}`;
      await get(`/2.0/repositories/${ws}/${slug}`);
      await get(base);
      await allValues(get, `${base}/permissions-config/users`);
      await allValues(get, `${base}/permissions-config/groups`);
      await allValues(get, `${base}/branch-restrictions`);
      await allValues(get, `${base}/deploy-keys`);
      await allValues(get, `${base}/hooks`);
      await get(`${base}/pipelines_config`);
      await allValues(get, `${base}/pipelines_config/variables`);
      await allValues(
        get,
        `${base}/branch-restrictions?kind=require_approvals_to_merge`,
      );
      await allValues(get, `${base}/pullrequests`);
      await allValues(
        get,
        `${base}/pullrequests?${ALL_STATES}&sort=-updated_on&q=${encodeURIComponent(
          `updated_on > ${options.lookbackSince}`,
        )}`,
      );
      const pullRequests = await allValues(
        get,
        `${base}/pullrequests?${ALL_STATES}&pagelen=50&fields=${encodeURIComponent(
          '+values.reviewers,+values.participants',
        )}`,
      );
      await allValues(get, `${base}/pullrequests/activity?pagelen=100`);
      for (const pr of pullRequests) {
        const prBase = `${base}/pullrequests/${pr.id as number}`;
        await get(prBase);
        await allValues(get, `${prBase}/activity`);
        await allValues(get, `${prBase}/commits`);
      }
      // Bitbucket Pipelines, newest first as the integration reads them.
      await allValues(get, `${base}/pipelines?sort=-created_on&pagelen=100`);
      const environments = await allValues(get, `${base}/environments`);
      for (const environment of environments) {
        const variables = `${base}/deployments_config/environments/${encodeURIComponent(
          environment.uuid as string,
        )}/variables`;
        await allValues(get, variables);
        await allValues(
          get,
          `${variables}?fields=${encodeURIComponent('-values.value')}`,
        );
      }
      await allValues(
        get,
        `${base}/deployments?sort=${encodeURIComponent('-state.started_on')}`,
      );
      const mainBranch = (repo.mainbranch as { name: string }).name;
      await allValues(get, `${base}/commits`);
      const open = pullRequests.find(
        (pr) =>
          pr.state === 'OPEN' &&
          (pr.source as { repository: { uuid: string } }).repository.uuid ===
            repo.uuid,
      );
      if (open) {
        const branch = (open.source as { branch: { name: string } }).branch
          .name;
        await allValues(
          get,
          `${base}/commits/${encodeURIComponent(branch)}?exclude=${mainBranch}`,
        );
      }
    }
    // Error answers in the vendor's shape.
    await get(`/2.0/repositories/${ws}/no-such-repo`);
    if (repos[0]) {
      await get(
        `/2.0/repositories/${ws}/${
          repos[0].slug as string
        }/pullrequests?pagelen=51`,
      );
    }
  }
  await get('/2.0/workspaces/no-such-workspace');
}
