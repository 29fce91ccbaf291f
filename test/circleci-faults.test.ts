import { IntegrationWarnEventName } from '@jupiterone/integration-sdk-core';
import {
  CircleCIEntities,
  CircleCIMappedRelationships,
  CircleCIRelationships,
} from '../src/circleci/metadata';
import {
  DEMO_ENTITY_COUNTS,
  DEMO_RELATIONSHIP_COUNTS,
} from '../src/circleci/test-support/demoCounts';
import { collectInProcess, CollectResult, countByType } from './collect';
import { FaultRule } from './sandbox/faults';
import { Sandbox, startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * Fault runs of the whole CircleCI collection against the live loopback
 * sandbox (`demo` dataset): every other entity is still collected, with the
 * counts of the no-fault run (test/circleci-demo.test.ts), plus the right
 * warn event.
 */
jest.setTimeout(120_000);

const NOW = SANDBOX_REFERENCE_TIME + 3600_000;

const CIRCLECI_TYPES = new Set<string>([
  ...Object.values(CircleCIEntities).map((e) => e._type),
  ...Object.values(CircleCIRelationships).map((r) => r._type),
  ...Object.values(CircleCIMappedRelationships).map((r) => r._type),
]);

function circleciCounts(objects: Array<{ _type: string }>) {
  return countByType(objects.filter((o) => CIRCLECI_TYPES.has(o._type)));
}

const SETTINGS_WARNING =
  'CircleCI project settings could not be read for 1 project(s): bb/acme-eng/web-app (403 Forbidden).';
const DELETED_USER_WARNING =
  '1 CircleCI user(s) named by workflows or jobs no longer exist';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function collectWith(faults: FaultRule[]): Promise<CollectResult> {
  sandbox = await startSandbox({
    port: 0,
    dataset: 'demo',
    referenceTime: SANDBOX_REFERENCE_TIME,
    faults,
  });
  return collectInProcess({
    config: {
      circleciApiKey: SANDBOX_CREDENTIALS.circleciApiKey,
      circleciBaseUrl: sandbox.circleciBaseUrl,
    },
    now: NOW,
  });
}

function expectEverythingCollected(result: CollectResult) {
  expect(
    result.stepResults.filter(
      (s) => s.id.startsWith('circleci-') && s.status !== 'success',
    ),
  ).toEqual([]);
  expect(circleciCounts(result.entities)).toEqual(DEMO_ENTITY_COUNTS);
  expect(circleciCounts(result.relationships)).toEqual(
    DEMO_RELATIONSHIP_COUNTS,
  );
}

test('a 429 storm: retried after Retry-After, nothing lost', async () => {
  const result = await collectWith([
    {
      kind: 'rate-limit',
      vendor: 'circleci',
      retryAfterSeconds: 1,
      // Spread over the run (seeded), so it hits every step's endpoints.
      probability: 0.3,
      times: 15,
    },
  ]);
  expectEverythingCollected(result);
  const log = sandbox?.requestLog() ?? [];
  expect(log.filter((e) => e.status === 429)).toHaveLength(15);
  expect(
    new Set(log.filter((e) => e.status === 429).map((e) => e.endpoint)).size,
  ).toBeGreaterThan(3);
  expect(result.warnEvents.map((e) => e.description)).toEqual([
    expect.stringContaining(SETTINGS_WARNING),
    expect.stringContaining(DELETED_USER_WARNING),
  ]);
});

test('a 5xx burst on workflow jobs: retried with backoff, nothing lost', async () => {
  const result = await collectWith([
    {
      kind: 'status',
      status: [500, 502, 503],
      vendor: 'circleci',
      endpoint: 'GET /workflow/{id}/job',
      times: 9,
    },
  ]);
  expectEverythingCollected(result);
  const log = sandbox?.requestLog() ?? [];
  expect(log.filter((e) => e.status >= 500)).toHaveLength(9);
});

test("a 403 on one project's settings: the project is collected without them, one warn event names it", async () => {
  const result = await collectWith([
    {
      kind: 'status',
      status: 403,
      vendor: 'circleci',
      endpoint: 'GET /project/{provider}/{organization}/{project}/settings',
      path: /gh-api\/settings/,
    },
  ]);
  expectEverythingCollected(result);
  const settingsEvents = result.warnEvents.filter((e) =>
    e.description.includes('settings could not be read'),
  );
  expect(settingsEvents).toEqual([
    {
      name: IntegrationWarnEventName.MissingPermission,
      level: 'warn',
      description: expect.stringContaining(
        'settings could not be read for 2 project(s): ',
      ),
    },
  ]);
  expect(settingsEvents[0].description).toContain(
    'gh/sandbox-gh-org/gh-api (403 Forbidden)',
  );
  const project = result.entities.find(
    (e) => e.slug === 'gh/sandbox-gh-org/gh-api',
  );
  expect(project).toMatchObject({ settingsAvailable: false });
  expect(project?.forksReceiveSecretEnvVars).toBeUndefined();
});

test("a 404 on one project's pipelines: one warn event names it, the rest is collected", async () => {
  const result = await collectWith([
    {
      kind: 'status',
      status: 404,
      vendor: 'circleci',
      endpoint: 'GET /project/{project-slug}/pipeline',
      path: /gh-api\/pipeline/,
    },
  ]);
  expect(
    result.stepResults.filter(
      (s) => s.id.startsWith('circleci-') && s.status !== 'success',
    ),
  ).toEqual([]);
  const missing = result.warnEvents.filter((e) =>
    e.description.includes('gh/sandbox-gh-org/gh-api'),
  );
  expect(missing).toEqual([
    {
      name: IntegrationWarnEventName.MissingPermission,
      level: 'warn',
      description: expect.stringContaining(
        'CircleCI GET /project/{project-slug}/pipeline could not be read for 1 project(s): CircleCI project gh/sandbox-gh-org/gh-api (404 Not Found). Their pipelines, workflows and jobs are not collected',
      ),
    },
  ]);
  const lost = result.entities.filter(
    (e) =>
      e._type === 'circleci_pipeline' &&
      e.projectSlug === 'gh/sandbox-gh-org/gh-api',
  );
  expect(lost).toEqual([]);
  const counts = circleciCounts(result.entities);
  expect(counts.circleci_pipeline).toBeGreaterThan(0);
  expect(counts.circleci_pipeline).toBeLessThan(
    DEMO_ENTITY_COUNTS.circleci_pipeline,
  );
  // Everything not below that project's pipelines is complete.
  for (const type of [
    'circleci_project',
    'circleci_context',
    'circleci_context_environment_variable',
    'circleci_project_environment_variable',
    'circleci_user_group',
  ] as const) {
    expect(counts[type]).toBe(DEMO_ENTITY_COUNTS[type]);
  }
});

test("a 403 on one organization's contexts: one warn event names it, the other organization's contexts are collected", async () => {
  const result = await collectWith([
    {
      kind: 'status',
      status: 403,
      vendor: 'circleci',
      endpoint: 'GET /context',
      path: /owner-slug=gh%2Fsandbox-gh-org/,
    },
  ]);
  const events = result.warnEvents.filter((e) =>
    e.description.includes('GET /context?owner-slug'),
  );
  expect(events).toEqual([
    {
      name: IntegrationWarnEventName.MissingPermission,
      level: 'warn',
      description: expect.stringContaining(
        'CircleCI GET /context?owner-slug could not be read for 1 organization(s): CircleCI organization gh/sandbox-gh-org (403 Forbidden). Their contexts and variable names are not collected',
      ),
    },
  ]);
  const counts = circleciCounts(result.entities);
  expect(counts.circleci_pipeline).toBe(DEMO_ENTITY_COUNTS.circleci_pipeline);
  expect(counts.circleci_job).toBe(DEMO_ENTITY_COUNTS.circleci_job);
  const contexts = result.entities.filter(
    (e) => e._type === 'circleci_context',
  );
  expect(contexts.length).toBeGreaterThan(0);
  expect(contexts.every((c) => c.organizationSlug === 'bb/acme-eng')).toBe(
    true,
  );
});

test("a 403 on one organization's insights summary: its projects come from GET /pipeline?org-slug=, one warn event names it", async () => {
  const result = await collectWith([
    {
      kind: 'status',
      status: 403,
      vendor: 'circleci',
      endpoint: 'GET /insights/{org-slug}/summary',
      path: /insights\/bb\/acme-eng\//,
    },
  ]);
  const events = result.warnEvents.filter((e) =>
    e.description.startsWith('CircleCI organization bb/acme-eng'),
  );
  expect(events).toEqual([
    {
      name: IntegrationWarnEventName.MissingPermission,
      level: 'warn',
      description: expect.stringContaining(
        'CircleCI organization bb/acme-eng: GET /insights/{org-slug}/summary answered 403 Forbidden; only the projects GET /pipeline?org-slug= names are collected',
      ),
    },
  ]);
  // The fallback finds the followed projects with pipelines in the window.
  const data = sandbox?.dataset.circleci;
  const cutoff = NOW - 30 * 86_400_000;
  const org = data?.collaborations.find((c) => c.slug === 'bb/acme-eng');
  const expected = (data?.projects ?? [])
    .filter(
      (p) =>
        p.project.organization_id === org?.id &&
        p.followed &&
        data?.pipelines.some(
          (pl) =>
            pl.project_slug === p.project.slug &&
            Date.parse(pl.created_at) >= cutoff,
        ),
    )
    .map((p) => p.project.slug)
    .sort();
  expect(expected.length).toBeGreaterThan(0);
  expect(
    result.entities
      .filter(
        (e) =>
          e._type === 'circleci_project' &&
          e.organizationSlug === 'bb/acme-eng',
      )
      .map((e) => e.slug)
      .sort(),
  ).toEqual(expected);
  expect(
    (sandbox?.stats() ?? {})['circleci GET /pipeline'],
  ).toBeGreaterThanOrEqual(1);
});

test('an insights summary without all_projects (null): the pipeline listing is read instead, without a warning', async () => {
  const result = await collectWith([
    {
      kind: 'status',
      status: 200,
      body: { org_data: {}, org_project_data: [], all_projects: null },
      vendor: 'circleci',
      endpoint: 'GET /insights/{org-slug}/summary',
      path: /insights\/bb\/acme-eng\//,
    },
  ]);
  expect(
    result.warnEvents.filter((e) =>
      e.description.startsWith('CircleCI organization'),
    ),
  ).toEqual([]);
  expect(
    result.entities
      .filter(
        (e) =>
          e._type === 'circleci_project' &&
          e.organizationSlug === 'bb/acme-eng',
      )
      .map((e) => e.slug)
      .sort(),
  ).toEqual(['bb/acme-eng/my-service', 'bb/acme-eng/web-app']);
  expect(
    (sandbox?.stats() ?? {})['circleci GET /pipeline'],
  ).toBeGreaterThanOrEqual(1);
});

test("a 404 on one workflow's jobs (deleted since it was listed): one warn event names it, the rest is collected", async () => {
  const result = await collectWith([
    {
      kind: 'status',
      status: 404,
      vendor: 'circleci',
      endpoint: 'GET /workflow/{id}/job',
      times: 1,
    },
  ]);
  expect(
    result.stepResults.filter(
      (s) => s.id.startsWith('circleci-') && s.status !== 'success',
    ),
  ).toEqual([]);
  const gaps = result.warnEvents.filter((e) =>
    e.description.includes('GET /workflow/{id}/job'),
  );
  expect(gaps).toHaveLength(1);
  const match =
    /could not be read for 1 workflow\(s\): CircleCI workflow ([0-9a-f-]+) \(404 Not Found\)\. Their jobs are not collected/.exec(
      gaps[0].description,
    );
  expect(match).not.toBeNull();
  const skipped = match?.[1];
  const counts = circleciCounts(result.entities);
  expect(counts.circleci_workflow).toBe(DEMO_ENTITY_COUNTS.circleci_workflow);
  expect(counts.circleci_job).toBeLessThan(DEMO_ENTITY_COUNTS.circleci_job);
  const jobs = result.entities.filter((e) => e._type === 'circleci_job');
  expect(jobs.filter((job) => job.workflowId === skipped)).toEqual([]);
  // every other workflow's jobs are there: 17 of the demo's 18 workflows
  // have jobs (its "lint" workflow has none), less the skipped one
  expect(new Set(jobs.map((job) => job.workflowId)).size).toBe(16);
});

test.each([403, 404])(
  'deploys not available on the plan (%d on the deploy listings): one warn event names the organizations, everything else is collected',
  async (status) => {
    const result = await collectWith([
      {
        kind: 'status',
        status,
        vendor: 'circleci',
        path: /\/deploy\/(environments|components)\?/,
      },
    ]);
    expect(
      result.stepResults.filter(
        (s) => s.id.startsWith('circleci-') && s.status !== 'success',
      ),
    ).toEqual([]);
    const deployEvents = result.warnEvents.filter((e) =>
      e.description.includes('/deploy/'),
    );
    const phrase = status === 403 ? '403 Forbidden' : '404 Not Found';
    expect(deployEvents).toEqual([
      {
        name: IntegrationWarnEventName.MissingPermission,
        level: 'warn',
        description: expect.stringContaining(
          `CircleCI GET /deploy/environments and GET /deploy/components could not be read for 3 organization(s): `,
        ),
      },
    ]);
    expect(deployEvents[0].description).toContain(
      `CircleCI organization bb/acme-eng (${phrase})`,
    );
    expect(deployEvents[0].description).toContain(
      'Deploys may not be available on the organization',
    );
    // The demo's own two warnings, and nothing else.
    expect(result.warnEvents).toHaveLength(3);
    const deployTypes = new Set([
      'circleci_environment',
      'circleci_component',
      'circleci_deploy',
    ]);
    const withoutDeploys = (counts: Record<string, number>) =>
      Object.fromEntries(
        Object.entries(counts).filter(
          ([type]) =>
            !deployTypes.has(type) &&
            !/_(environment|component|deploy)$/.test(type),
        ),
      );
    const counts = circleciCounts(result.entities);
    expect(counts).toEqual(withoutDeploys(DEMO_ENTITY_COUNTS));
    expect(circleciCounts(result.relationships)).toEqual(
      withoutDeploys(DEMO_RELATIONSHIP_COUNTS),
    );
  },
);
