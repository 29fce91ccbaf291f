/**
 * Walks every Bitbucket endpoint the simulator serves, following every `next`
 * link, for the contract test: workspaces, members, permissions, projects,
 * groups (1.0), repositories (by slug and by uuid), repository permissions,
 * Pipelines configuration, branch restrictions, pull requests in every state
 * with reviewers and participants, each PR with its activity and commits,
 * commit logs, pipelines, deployment environments and deployments, every
 * child listing (listings/registry.ts: deploy keys, webhooks, Pipelines
 * variables) below every owner, and a few error answers (unknown
 * workspace/repo, invalid pagelen).
 */

import { OwnerKind } from './listings/listing';
import { CHILD_LISTINGS } from './listings/registry';

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

/**
 * Every child listing (listings/registry.ts) below every owner, plain and
 * with the `fields` exclusion the integration sends for variables.
 */
async function crawlListings(
  get: CrawlGet,
  owners: Record<OwnerKind, Array<Record<string, string>>>,
): Promise<void> {
  for (const route of CHILD_LISTINGS.flatMap((l) => l.routes)) {
    for (const params of owners[route.owner]) {
      const path = `/2.0${route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(params[name]),
      )}`;
      await allValues(get, path);
      await allValues(
        get,
        `${path}?fields=${encodeURIComponent('-values.value')}`,
      );
    }
  }
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
    const projects = await allValues(get, `/2.0/workspaces/${ws}/projects`);
    await get(`/1.0/groups/${ws}`);
    await allValues(
      get,
      `/2.0/repositories/${ws}?sort=-updated_on&q=${encodeURIComponent(
        'is_private = true',
      )}`,
    );
    const repos = await allValues(get, `/2.0/repositories/${ws}`);
    // Path parameters of every owner a child listing may sit below.
    const owners: Record<OwnerKind, Array<Record<string, string>>> = {
      workspace: [{ workspace: ws }],
      project: projects.map((p) => ({
        workspace: ws,
        project_key: p.key as string,
      })),
      repository: [],
      environment: [],
    };
    for (const repo of repos) {
      const slug = repo.slug as string;
      const uuid = encodeURIComponent(repo.uuid as string);
      const base = `/2.0/repositories/${ws}/${uuid}`;
      await get(`/2.0/repositories/${ws}/${slug}`);
      await get(base);
      await allValues(get, `${base}/permissions-config/users`);
      await allValues(get, `${base}/permissions-config/groups`);
      await allValues(get, `${base}/branch-restrictions`);
      await get(`${base}/pipelines_config`);
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
      owners.repository.push({ workspace: ws, repo_slug: repo.uuid as string });
      for (const environment of environments) {
        owners.environment.push({
          workspace: ws,
          repo_slug: repo.uuid as string,
          environment_uuid: environment.uuid as string,
        });
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
    await crawlListings(get, owners);
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
