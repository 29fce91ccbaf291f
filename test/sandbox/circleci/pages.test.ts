import { createDataset } from '../datasets';
import { SANDBOX_REFERENCE_TIME } from '../types';
import { PROJECT_LISTINGS } from './listings/registry';
import { circleciListPages } from './pages';

/**
 * A per-project listing the expectations below do not name (one added
 * since) costs one empty page for each of the demo's 6 projects.
 */
const NAMED_LISTINGS = [
  'GET /project/{project-slug}/envvar',
  'GET /project/{project-slug}/checkout-key',
  'GET /project/{project-slug}/schedule',
  'GET /webhook',
];
const unnamedListings: Record<string, number> = Object.fromEntries(
  PROJECT_LISTINGS.filter((l) => !NAMED_LISTINGS.includes(l.endpoint)).map(
    (l) => [l.endpoint, 6],
  ),
);
const unnamedPages = Object.values(unnamedListings).reduce((a, b) => a + b, 0);

describe('circleciListPages', () => {
  const demo = createDataset('demo', { referenceTime: SANDBOX_REFERENCE_TIME });

  it('counts the demo pages at page size 2 with the 30-day lookback', () => {
    expect(
      circleciListPages(demo.circleci, {
        pageSize: 2,
        referenceTime: SANDBOX_REFERENCE_TIME,
        lookbackDays: 30,
      }),
    ).toEqual({
      // bb org: 7 of 9 followed pipelines in the window -> 4 pages; gh
      // org: 3 of 4 -> 2; circleci/<org-id> org: 2 -> 1.
      'GET /pipeline': 7,
      // A: 3 of 5 -> 2, B: 4 -> 2, C: 3 -> 2, gh-api: 2 of 3 -> 2, gh-web: 1,
      // platform-api: 2 -> 1.
      'GET /project/{project-slug}/pipeline': 10,
      'GET /project/{project-slug}/envvar': 8,
      'GET /pipeline/{pipeline-id}/workflow': 16,
      'GET /workflow/{id}/job': 20,
      // 6 contexts: 5 in the bb org (3 pages), 1 in the gh org.
      'GET /context': 5,
      'GET /context/{context_id}/environment-variable': 7,
      'GET /context/{context_id}/restrictions': 7,
      // One page per project each: gh-api's two keys fit a page of 2, and
      // web-app's forbidden listing is its one 403.
      'GET /project/{project-slug}/checkout-key': 6,
      'GET /project/{project-slug}/schedule': 6,
      'GET /webhook': 6,
      ...unnamedListings,
      total: 98 + unnamedPages,
    });
  });

  it('honours the org project limit of GET /pipeline', () => {
    const pages = circleciListPages(demo.circleci, {
      pageSize: 2,
      referenceTime: SANDBOX_REFERENCE_TIME,
      lookbackDays: 30,
      pipelineOrgProjectLimit: 1,
    });
    // bb org: only project A (3 of 5 in the window) -> 2; gh org: gh-api
    // (2 of 3) -> 2; circleci/<org-id> org: platform-api (2) -> 1.
    expect(pages['GET /pipeline']).toBe(5);
  });
});
