/**
 * Walks every CircleCI endpoint the sandbox serves, following every page,
 * the way a complete client would: collaborations -> org pipelines, insights,
 * contexts (env vars, restrictions), deploy environments and components
 * (versions) -> every project (by slug, settings, its per-project
 * listings, pipelines) -> workflows -> jobs -> referenced users. Each answer is
 * handed to `visit` (the contract tests validate it against the spec).
 */
import fetch from 'node-fetch';
import { PROJECT_LISTINGS } from '../circleci/listings/registry';
import { CircleCIProject } from '../circleci/types';
import { SANDBOX_CREDENTIALS } from '../types';

export interface CrawledResponse {
  /** Spec path template, e.g. `/project/{project-slug}/pipeline`. */
  template: string;
  url: string;
  status: number;
  body: unknown;
}

interface Page {
  items: Array<Record<string, unknown>>;
  next_page_token: string | null;
}

export async function crawlCircleCI(
  baseUrl: string,
  visit: (response: CrawledResponse) => void,
): Promise<void> {
  const get = async (template: string, path: string): Promise<unknown> => {
    const url = `${baseUrl}${path}`;
    const response = await fetch(url, {
      headers: { 'Circle-Token': SANDBOX_CREDENTIALS.circleciApiKey },
    });
    const body = (await response.json()) as unknown;
    visit({ template, url, status: response.status, body });
    return response.status === 200 ? body : undefined;
  };
  const all = async (
    template: string,
    path: string,
  ): Promise<Array<Record<string, unknown>>> => {
    const items: Array<Record<string, unknown>> = [];
    let token: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page = (await get(
        template,
        token === null
          ? path
          : `${path}${separator}page-token=${encodeURIComponent(token)}`,
      )) as Page | undefined;
      if (!page) break;
      items.push(...page.items);
      token = page.next_page_token;
    } while (token !== null);
    return items;
  };

  const users = new Set<string>();
  await get('/me', '/me');
  const orgs = (await get(
    '/me/collaborations',
    '/me/collaborations',
  )) as Array<{
    id: string;
    slug: string;
  }>;
  for (const org of orgs) {
    await get(
      '/org/{orgID}/oidc-custom-claims',
      `/org/${org.id}/oidc-custom-claims`,
    );
    await get(
      '/organization/{org-slug-or-id}/url-orb-allow-list',
      `/organization/${org.id}/url-orb-allow-list`,
    );
    await get(
      '/owner/{ownerID}/context/{context}/decision/settings',
      `/owner/${org.id}/context/config/decision/settings`,
    );
    const orgPipelines = await all(
      '/pipeline',
      `/pipeline?org-slug=${encodeURIComponent(org.slug)}`,
    );
    const insights = (await get(
      '/insights/{org-slug}/summary',
      `/insights/${encodeURIComponent(org.slug)}/summary`,
    )) as { all_projects: string[] };
    // Deploys: page-size 1, so every deploy listing is read over pages.
    await all(
      '/deploy/environments',
      `/deploy/environments?org-id=${org.id}&page-size=1`,
    );
    const components = await all(
      '/deploy/components',
      `/deploy/components?org-id=${org.id}&page-size=1`,
    );
    for (const component of components) {
      await all(
        '/deploy/components/{component_id}/versions',
        `/deploy/components/${String(component.id)}/versions`,
      );
    }
    const contexts = await all('/context', `/context?owner-id=${org.id}`);
    for (const context of contexts) {
      const id = String(context.id);
      await get('/context/{context_id}', `/context/${id}`);
      await all(
        '/context/{context_id}/environment-variable',
        `/context/${id}/environment-variable`,
      );
      await all(
        '/context/{context_id}/restrictions',
        `/context/${id}/restrictions`,
      );
    }
    // `circleci/<org-id>` project slugs end in an id, not the name: they
    // come from the pipelines (as the integration reads them), never built.
    const slugs = org.slug.startsWith('circleci/')
      ? [...new Set(orgPipelines.map((p) => String(p.project_slug)))]
      : insights.all_projects.map((name) => `${org.slug}/${name}`);
    for (const slug of slugs) {
      const [provider, organization, project] = slug.split('/');
      const projectBody = (await get(
        '/project/{project-slug}',
        `/project/${encodeURIComponent(slug)}`,
      )) as CircleCIProject;
      await get(
        '/org/{orgID}/project/{projectID}/oidc-custom-claims',
        `/org/${projectBody.organization_id}/project/${projectBody.id}/oidc-custom-claims`,
      );
      // Every per-project listing of the registry (circleci/listings).
      for (const listing of PROJECT_LISTINGS) {
        await all(listing.path, listing.requestFor(projectBody));
      }
      await get(
        '/project/{provider}/{organization}/{project}/settings',
        `/project/${provider}/${organization}/${project}/settings`,
      );
      const pipelines = await all(
        '/project/{project-slug}/pipeline',
        `/project/${slug}/pipeline`,
      );
      for (const pipeline of pipelines) {
        const pipelineId = String(pipeline.id);
        await get('/pipeline/{pipeline-id}', `/pipeline/${pipelineId}`);
        const workflows = await all(
          '/pipeline/{pipeline-id}/workflow',
          `/pipeline/${pipelineId}/workflow`,
        );
        for (const workflow of workflows) {
          const workflowId = String(workflow.id);
          users.add(String(workflow.started_by));
          await get('/workflow/{id}', `/workflow/${workflowId}`);
          const jobs = await all(
            '/workflow/{id}/job',
            `/workflow/${workflowId}/job`,
          );
          for (const job of jobs) {
            for (const key of ['approved_by', 'canceled_by']) {
              if (typeof job[key] === 'string') users.add(String(job[key]));
            }
          }
        }
      }
    }
  }
  for (const id of users) {
    await get('/user/{id}', `/user/${id}`);
  }
}
