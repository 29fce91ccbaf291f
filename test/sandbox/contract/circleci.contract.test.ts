/**
 * Fidelity of the CircleCI simulator against CircleCI's published OpenAPI
 * document (circleci-v2.openapi.json): every endpoint, every page, both
 * datasets, validated against the spec's response schemas; every endpoint
 * label and query parameter the simulator uses exists in the spec.
 */
import fetch from 'node-fetch';
import { Sandbox, startSandbox } from '../server';
import { circleciListPages } from '../circleci/pages';
import { CIRCLECI_ROUTES } from '../circleci/routes';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from '../types';
import { crawlCircleCI, CrawledResponse } from './circleci-crawl';
import {
  specHasOperation,
  specParameters,
  validateResponse,
} from './openapi-validator';
import {
  isAcceptedDifference,
  REAL_VS_SPEC,
  RealVsSpecDifference,
} from './real-vs-spec';

/**
 * Query parameters the simulator reads although the spec does not declare
 * them. vendor-apis.md §1.2 ("Spec gap"): these list endpoints return
 * `next_page_token` but declare no `page-token` parameter; the docs list them
 * as paginated, so clients send `page-token` anyway.
 */
const DOCUMENTED_GAPS: Record<string, string[]> = {
  'GET /workflow/{id}/job': ['page-token'],
  'GET /project/{project-slug}/envvar': ['page-token'],
  'GET /context/{context_id}/restrictions': ['page-token'],
  // The answer has next_page_token, the spec declares no page-token.
  'GET /deploy/components/{component_id}/versions': ['page-token'],
};

function splitLabel(label: string): { method: string; template: string } {
  const [method, template] = label.split(' ');
  return { method, template };
}

/** Real-vs-spec differences the crawls met (see real-vs-spec.ts). */
const usedDifferences = new Set<RealVsSpecDifference>();

async function crawlAndValidate(sandbox: Sandbox): Promise<{
  responses: CrawledResponse[];
  failures: string[];
}> {
  const responses: CrawledResponse[] = [];
  const failures: string[] = [];
  await crawlCircleCI(sandbox.circleciBaseUrl, (response) => {
    responses.push(response);
    const result = validateResponse(
      'circleci',
      'GET',
      response.template,
      response.status,
      response.body,
    );
    const errors = result.errors.filter(
      (error) =>
        !isAcceptedDifference(
          'circleci',
          response.template,
          error,
          usedDifferences,
        ),
    );
    if (errors.length > 0) {
      failures.push(`${response.url} ${response.status}: ${errors.join('; ')}`);
    }
  });
  return { responses, failures };
}

describe('CircleCI simulator against the CircleCI OpenAPI spec', () => {
  let demo: Sandbox;
  let large: Sandbox;

  beforeAll(async () => {
    demo = await startSandbox({
      dataset: 'demo',
      circleciPageSize: 2,
      referenceTime: SANDBOX_REFERENCE_TIME,
    });
    large = await startSandbox({
      dataset: 'large',
      circleciPageSize: 2,
      referenceTime: SANDBOX_REFERENCE_TIME,
      largeParams: {
        workspaces: 1,
        reposPerWorkspace: 3,
        usersPerWorkspace: 4,
        pullRequestsPerRepo: 3,
        orgs: 2,
        projectsPerOrg: 3,
        pipelinesPerProject: 4,
        workflowsPerPipeline: 2,
        jobsPerWorkflow: 3,
      },
    });
  });

  afterAll(async () => {
    await demo.close();
    await large.close();
  });

  it.each([
    ['demo', () => demo],
    ['large', () => large],
  ])(
    'every response of every page of the %s dataset matches the spec',
    async (_name, sandbox) => {
      const { responses, failures } = await crawlAndValidate(sandbox());
      expect(failures).toEqual([]);
      // The crawl reached every endpoint the simulator serves.
      const served = new Set(responses.map((r) => `GET ${r.template}`));
      expect([...served].sort()).toEqual(
        CIRCLECI_ROUTES.map((r) => r.endpoint).sort(),
      );
      // Second pages were requested (tokens followed), not only first pages.
      expect(
        responses.filter((r) => r.url.includes('page-token=')).length,
      ).toBeGreaterThan(10);
    },
  );

  it('every documented real-vs-spec difference is met by the demo crawl (the allow-list cannot go stale)', async () => {
    usedDifferences.clear();
    await crawlAndValidate(demo);
    expect(
      REAL_VS_SPEC.filter(
        (d) => d.vendor === 'circleci' && !usedDifferences.has(d),
      ).map((d) => d.fact),
    ).toEqual([]);
  });

  it('a complete crawl reads exactly the pages circleciListPages predicts', async () => {
    demo.resetStats();
    await crawlAndValidate(demo);
    const predicted = circleciListPages(demo.dataset.circleci, {
      pageSize: 2,
      referenceTime: SANDBOX_REFERENCE_TIME,
      // The crawl has no lookback: every pipeline counts.
      lookbackDays: 36500,
    });
    const stats = demo.stats();
    const served: Record<string, number> = {};
    for (const label of Object.keys(predicted)) {
      if (label !== 'total') served[label] = stats[`circleci ${label}`];
    }
    const { total, ...perList } = predicted;
    expect(served).toEqual(perList);
    expect(total).toBe(Object.values(perList).reduce((a, b) => a + b, 0));
  });

  it('demo answers the documented error statuses in the spec error shape', async () => {
    const { responses } = await crawlAndValidate(demo);
    const errors = responses
      .filter((r) => r.status !== 200)
      .map((r) => `${r.status} ${r.template}`)
      .sort();
    // One project whose settings are forbidden, one deleted user.
    expect(errors).toEqual([
      '403 /project/{provider}/{organization}/{project}/settings',
      '404 /user/{id}',
    ]);
  });

  it('401 and 404 bodies validate against the spec', async () => {
    const unauthorized = await fetch(
      `${demo.circleciBaseUrl}/context?owner-slug=x`,
    );
    expect(unauthorized.status).toBe(401);
    expect(
      validateResponse(
        'circleci',
        'GET',
        '/context',
        401,
        await unauthorized.json(),
      ),
    ).toEqual({ valid: true, errors: [] });
    const missing = await fetch(
      `${demo.circleciBaseUrl}/project/bb/nope/nope`,
      {
        headers: { 'Circle-Token': SANDBOX_CREDENTIALS.circleciApiKey },
      },
    );
    expect(missing.status).toBe(404);
    expect(
      validateResponse(
        'circleci',
        'GET',
        '/project/{project-slug}',
        404,
        await missing.json(),
      ),
    ).toEqual({ valid: true, errors: [] });
  });

  it('the validator rejects a body that breaks the schema', () => {
    const result = validateResponse(
      'circleci',
      'GET',
      '/pipeline/{pipeline-id}/workflow',
      200,
      {
        items: [
          {
            id: 'not-a-uuid',
            name: 'build',
            status: 'exploded',
            created_at: '2026-11-01T00:00:00Z',
            pipeline_id: '5e3b4c2a-1111-4222-a333-444455556666',
            pipeline_number: 1,
            project_slug: 'bb/ws/repo',
            started_by: '5e3b4c2a-1111-4222-a333-444455556666',
          },
        ],
      },
    );
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      "(root) must have required property 'next_page_token'",
      "/items/0 must have required property 'stopped_at'",
      '/items/0/id must match format "uuid"',
      expect.stringMatching(
        /^\/items\/0\/status must be equal to one of the allowed values/,
      ),
    ]);
  });

  it('every endpoint label the simulator serves exists in the spec', () => {
    const missing = CIRCLECI_ROUTES.map((r) => r.endpoint).filter((label) => {
      const { method, template } = splitLabel(label);
      return !specHasOperation('circleci', method, template);
    });
    expect(missing).toEqual([]);
  });

  it('every query parameter the simulator reads is declared in the spec, except the documented gaps', () => {
    const undeclared: string[] = [];
    for (const route of CIRCLECI_ROUTES) {
      const { method, template } = splitLabel(route.endpoint);
      const declared = specParameters('circleci', method, template);
      for (const name of route.query) {
        if (
          !declared.includes(name) &&
          !DOCUMENTED_GAPS[route.endpoint]?.includes(name)
        ) {
          undeclared.push(`${route.endpoint} ?${name}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('the documented gaps are still gaps in the spec (the allow-list cannot go stale)', () => {
    for (const [label, names] of Object.entries(DOCUMENTED_GAPS)) {
      const { method, template } = splitLabel(label);
      expect(specHasOperation('circleci', method, template)).toBe(true);
      const declared = specParameters('circleci', method, template);
      for (const name of names) expect(declared).not.toContain(name);
    }
  });
});
