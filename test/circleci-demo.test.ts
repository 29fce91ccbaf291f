import { IntegrationWarnEventName } from '@jupiterone/integration-sdk-core';
import {
  CircleCIEntities,
  CircleCIMappedRelationships,
  CircleCIRelationships,
} from '../src/circleci/metadata';
import { IntegrationConfig } from '../src/config';
import {
  DEMO_ENTITY_COUNTS,
  DEMO_RELATIONSHIP_COUNTS,
} from '../src/circleci/test-support/demoCounts';
import { collectInProcess, countByType } from './collect';
import { PROJECT_ENV_VARS } from './sandbox/circleci/listings/project-env-vars';
import { PROJECT_WEBHOOKS } from './sandbox/circleci/listings/webhooks';
import { Sandbox, SandboxOptions, startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * Full CircleCI collections (only CircleCI configured) against the live
 * loopback sandbox's `demo` dataset, through the SDK runtime.
 */
const NOW = SANDBOX_REFERENCE_TIME + 3600_000;
const DAY_MS = 86_400_000;

const sandboxes: Sandbox[] = [];
async function sandboxWith(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({
    port: 0,
    dataset: 'demo',
    referenceTime: SANDBOX_REFERENCE_TIME,
    ...options,
  });
  sandboxes.push(sandbox);
  return sandbox;
}
afterAll(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
});

function configFor(
  sandbox: Sandbox,
  extra: Partial<IntegrationConfig> = {},
): IntegrationConfig {
  return {
    circleciApiKey: SANDBOX_CREDENTIALS.circleciApiKey,
    circleciBaseUrl: sandbox.circleciBaseUrl,
    ...extra,
  };
}

/** The types src/circleci declares (the cross-vendor steps add others). */
const CIRCLECI_TYPES = new Set<string>([
  ...Object.values(CircleCIEntities).map((e) => e._type),
  ...Object.values(CircleCIRelationships).map((r) => r._type),
  ...Object.values(CircleCIMappedRelationships).map((r) => r._type),
]);

function circleciOnly(counts: Record<string, number>) {
  return Object.fromEntries(
    Object.entries(counts).filter(([type]) => CIRCLECI_TYPES.has(type)),
  );
}

test('the demo dataset: exact counts per type, and every request needed once', async () => {
  const sandbox = await sandboxWith();
  const result = await collectInProcess({
    config: configFor(sandbox),
    now: NOW,
  });

  expect(
    result.stepResults.filter(
      (s) => s.id.startsWith('circleci-') && s.status !== 'success',
    ),
  ).toEqual([]);
  expect(circleciOnly(countByType(result.entities))).toEqual(
    DEMO_ENTITY_COUNTS,
  );
  expect(circleciOnly(countByType(result.relationships))).toEqual(
    DEMO_RELATIONSHIP_COUNTS,
  );

  // The lookback window (default 30 days) cut the older pipelines.
  const cutoff = NOW - 30 * DAY_MS;
  const inDataset = sandbox.dataset.circleci.pipelines;
  const inWindow = inDataset.filter((p) => Date.parse(p.created_at) >= cutoff);
  expect(inDataset.length).toBeGreaterThan(inWindow.length);
  expect(
    result.entities
      .filter((e) => e._type === 'circleci_pipeline')
      .map((e) => e.id)
      .sort(),
  ).toEqual(inWindow.map((p) => p.id).sort());

  // The demo's expected gaps, one warn event each (sorted: steps run side
  // by side).
  expect(
    result.warnEvents
      .map((e) => [e.name, e.description])
      .sort((a, b) => a[1].localeCompare(b[1])),
  ).toEqual([
    [
      IntegrationWarnEventName.MissingEntity,
      expect.stringContaining(
        '1 CircleCI user(s) named by workflows or jobs no longer exist',
      ),
    ],
    [
      IntegrationWarnEventName.MissingPermission,
      expect.stringContaining(
        'CircleCI GET /project/{project-slug}/checkout-key could not be read for 1 project(s): CircleCI project bb/acme-eng/web-app (403 Forbidden)',
      ),
    ],
    [
      IntegrationWarnEventName.MissingPermission,
      expect.stringMatching(
        /^CircleCI organization controls not available for 2 item\(s\): circleci\/[0-9a-f-]{36} config policies \(403 Forbidden\), gh\/sandbox-gh-org config policies \(403 Forbidden\)\./,
      ),
    ],
    [
      IntegrationWarnEventName.MissingPermission,
      expect.stringContaining(
        'settings could not be read for 1 project(s): bb/acme-eng/web-app (403 Forbidden)',
      ),
    ],
  ]);

  // Each project, user and organization listing requested exactly once
  // (validation's /me and /me/collaborations are reused by the steps).
  const stats = sandbox.stats();
  expect(stats).toMatchObject({
    'circleci GET /me': 1,
    'circleci GET /me/collaborations': 1,
    'circleci GET /project/{project-slug}': 6,
    'circleci GET /project/{provider}/{organization}/{project}/settings': 6,
    'circleci GET /project/{project-slug}/envvar': 6,
    'circleci GET /project/{project-slug}/pipeline': 6,
    'circleci GET /pipeline/{pipeline-id}/workflow': 15,
    'circleci GET /workflow/{id}/job': 18,
    // bob is named by a schedule too, which carries the whole user: 4
    // lookups (carol, the two GitHub users, the deleted account).
    'circleci GET /user/{id}': 4,
    'circleci GET /insights/{org-slug}/summary': 3,
    'circleci GET /context': 3,
    'circleci GET /context/{context_id}/environment-variable': 6,
    'circleci GET /context/{context_id}/restrictions': 6,
    'circleci GET /pipeline': 1,
    'circleci GET /project/{project-slug}/checkout-key': 6,
    'circleci GET /project/{project-slug}/schedule': 6,
    'circleci GET /webhook': 6,
    'circleci GET /org/{orgID}/project/{projectID}/oidc-custom-claims': 6,
    'circleci GET /org/{orgID}/oidc-custom-claims': 3,
    'circleci GET /organization/{org-slug-or-id}/url-orb-allow-list': 3,
    'circleci GET /owner/{ownerID}/context/{context}/decision/settings': 3,
    // Deploys: one listing each per organization, versions per component,
    // and the one live version's pipeline older than the window.
    'circleci GET /deploy/environments': 3,
    'circleci GET /deploy/components': 3,
    'circleci GET /deploy/components/{component_id}/versions': 3,
    'circleci GET /pipeline/{pipeline-id}': 1,
    total: 125,
  });
  // The two VCS-named organizations: insights names every project, so the
  // /pipeline?org-slug= listing is read only for the circleci/<org-id>
  // organization, whose project slugs end in an id only the API gives.
  expect(
    sandbox
      .requestLog()
      .filter((e) => e.endpoint === 'GET /pipeline')
      .map((e) => e.path),
  ).toEqual([
    expect.stringMatching(
      /^\/circleci\/api\/v2\/pipeline\?org-slug=circleci%2F[0-9a-f-]{36}$/,
    ),
  ]);

  // Every organization has its VCS type, whichever spelling the API used
  // (the sandbox, like the real API, sends vcs_type).
  const groups = result.entities.filter(
    (e) => e._type === 'circleci_user_group',
  );
  expect(groups.map((g) => [g.slug, g.vcsType]).sort()).toEqual(
    sandbox.dataset.circleci.collaborations
      .map((c) => [c.slug, c['vcs-type']])
      .sort(),
  );
  expect(
    groups.every((g) => typeof g.vcsType === 'string' && g.vcsType !== ''),
  ).toBe(true);

  // circleci/<org-id> project: the slug the API gave (ends in the project
  // id), the scheme-less vcs_url kept as data, every webLink absolute.
  const standalone = sandbox.dataset.circleci.projects.find((p) =>
    p.project.slug.startsWith('circleci/'),
  );
  const project = result.entities.find(
    (e) => e._type === 'circleci_project' && e.id === standalone?.project.id,
  );
  expect(project).toMatchObject({
    name: 'platform-api',
    slug: standalone?.project.slug,
    vcsUrl: `//circleci.com/${standalone?.project.organization_id}/${standalone?.project.id}`,
  });
  expect(String(project?.slug).endsWith(`/${standalone?.project.id}`)).toBe(
    true,
  );
  for (const entity of result.entities) {
    if (entity.webLink !== undefined) {
      expect(String(entity.webLink)).toMatch(/^https:\/\//);
    }
  }

  // The errored pipeline: no vcs, epoch received_at and empty login read
  // as absent, the trigger type outside the spec's enum kept.
  const errored = result.entities.find(
    (e) => e._type === 'circleci_pipeline' && e.state === 'errored',
  );
  expect(errored).toMatchObject({
    triggerType: 'Decoupled Ingestion System',
    errorTypes: ['config'],
  });
  expect(errored?.triggerReceivedOn).toBeUndefined();
  expect(errored?.triggerActorLogin).toBeUndefined();
  expect(errored?.vcsRevision).toBeUndefined();
  // Jobs carry createdOn (real job items have created_at).
  const jobs = result.entities.filter((e) => e._type === 'circleci_job');
  expect(jobs.every((j) => typeof j.createdOn === 'number')).toBe(true);
});

test('projects beyond the /pipeline?org-slug= project limit, or never built, are found through insights', async () => {
  const sandbox = await sandboxWith({ pipelineOrgProjectLimit: 1 });
  expect(
    sandbox.dataset.circleci.projects.filter((p) => !p.followed),
  ).not.toHaveLength(0);
  const result = await collectInProcess({
    config: configFor(sandbox),
    now: NOW,
  });
  expect(countByType(result.entities).circleci_project).toBe(6);
  expect(circleciOnly(countByType(result.entities))).toEqual(
    DEMO_ENTITY_COUNTS,
  );
});

test('circleciPipelineLookbackDays widens the window: every pipeline within it, no other', async () => {
  const sandbox = await sandboxWith();
  const result = await collectInProcess({
    config: configFor(sandbox, { circleciPipelineLookbackDays: '365' }),
    now: NOW,
  });
  const cutoff = NOW - 365 * DAY_MS;
  const expected = sandbox.dataset.circleci.pipelines
    .filter((p) => Date.parse(p.created_at) >= cutoff)
    .map((p) => p.id)
    .sort();
  expect(expected.length).toBeGreaterThan(DEMO_ENTITY_COUNTS.circleci_pipeline);
  expect(
    result.entities
      .filter((e) => e._type === 'circleci_pipeline')
      .map((e) => e.id)
      .sort(),
  ).toEqual(expected);
});

test('circleciOrgSlugs limits the collection to the organizations named', async () => {
  const sandbox = await sandboxWith();
  const result = await collectInProcess({
    config: configFor(sandbox, { circleciOrgSlugs: 'gh/sandbox-gh-org' }),
    now: NOW,
  });
  const groups = result.entities.filter(
    (e) => e._type === 'circleci_user_group',
  );
  expect(groups.map((g) => g.slug)).toEqual(['gh/sandbox-gh-org']);
  const projects = result.entities.filter(
    (e) => e._type === 'circleci_project',
  );
  expect(projects.map((p) => p.slug).sort()).toEqual([
    'gh/sandbox-gh-org/gh-api',
    'gh/sandbox-gh-org/gh-web',
  ]);
  expect(sandbox.stats()['circleci GET /insights/{org-slug}/summary']).toBe(1);
});

test('disabling the pipelines source leaves projects, contexts, variables, keys and webhooks collected', async () => {
  const sandbox = await sandboxWith();
  const result = await collectInProcess({
    config: configFor(sandbox),
    now: NOW,
    disabledSources: ['circleci-pipelines'],
  });
  const counts = circleciOnly(countByType(result.entities));
  // Schedules belong to the pipelines source (they trigger pipelines, and
  // the users step builds on their actors).
  expect(counts).toEqual({
    circleci_account: 1,
    circleci_checkout_key: 5,
    // deploys name their pipeline: only environments and components remain
    circleci_component: 3,
    circleci_context: 6,
    circleci_context_environment_variable: 11,
    circleci_environment: 2,
    circleci_project: 6,
    circleci_project_environment_variable: 8,
    circleci_user: 1,
    circleci_user_group: 3,
    circleci_webhook: 3,
  });
  expect(
    sandbox.stats()['circleci GET /project/{project-slug}/pipeline'],
  ).toBeUndefined();
  expect(
    sandbox.stats()['circleci GET /project/{project-slug}/schedule'],
  ).toBeUndefined();
});

test('disabling the checkout-key and webhook source skips only those listings', async () => {
  const sandbox = await sandboxWith();
  const result = await collectInProcess({
    config: configFor(sandbox),
    now: NOW,
    disabledSources: ['circleci-project-access'],
  });
  const { circleci_checkout_key, circleci_webhook, ...rest } =
    DEMO_ENTITY_COUNTS;
  expect([circleci_checkout_key, circleci_webhook]).toEqual([5, 3]);
  expect(circleciOnly(countByType(result.entities))).toEqual(rest);
  const stats = sandbox.stats();
  expect([
    stats['circleci GET /project/{project-slug}/checkout-key'],
    stats['circleci GET /webhook'],
  ]).toEqual([undefined, undefined]);
});

test('organization HAS user: read from activity carries inferred: true; the token owner membership does not', async () => {
  const sandbox = await sandboxWith();
  const result = await collectInProcess({
    config: configFor(sandbox),
    now: NOW,
  });
  const userLogin = new Map(
    result.entities
      .filter((e) => e._type === 'circleci_user')
      .map((e) => [e._key, String(e.login)]),
  );
  const memberships = result.relationships
    .filter((r) => r._type === 'circleci_user_group_has_user')
    .map(
      (r) => `${userLogin.get(String(r._toEntityKey))} ${String(r.inferred)}`,
    )
    .sort();
  // alice (the token owner) is a member of the 3 organizations by
  // /me/collaborations; the others are members by what they did (carol
  // acted in acme-eng and in the circleci/<org-id> organization).
  expect(memberships).toEqual([
    'alice undefined',
    'alice undefined',
    'alice undefined',
    'bob true',
    'carol true',
    'carol true',
    'octo-contributor true',
    'octo-maintainer true',
  ]);
});

test('no environment-variable value, webhook secret or URL path reaches the graph', async () => {
  const sandbox = await sandboxWith();
  const result = await collectInProcess({
    config: configFor(sandbox),
    now: NOW,
  });
  const text = JSON.stringify([...result.entities, ...result.relationships]);
  const data = sandbox.dataset.circleci;
  const secrets = [
    ...data.projects.flatMap((p) =>
      PROJECT_ENV_VARS.records(p).map((v) => v.value),
    ),
    ...data.projects.flatMap((p) =>
      PROJECT_WEBHOOKS.records(p).flatMap((w) => [
        w['signing-secret'],
        new URL(w.url).pathname,
      ]),
    ),
  ].filter((s) => s !== '' && s !== '/');
  expect(secrets.length).toBeGreaterThan(10);
  expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
});

test('contexts say whether and how they are restricted, so unrestricted ones can be found', async () => {
  const sandbox = await sandboxWith();
  const result = await collectInProcess({
    config: configFor(sandbox),
    now: NOW,
    disabledSources: ['circleci-pipelines'],
  });
  const contexts = Object.fromEntries(
    result.entities
      .filter((e) => e._type === 'circleci_context')
      .map((e) => [e.name, [e.restricted, e.restrictionTypes]]),
  );
  expect(contexts).toEqual({
    'aws-production': [true, ['expression', 'project']],
    'npm-publishing': [true, ['project']],
    'shared-notifications': [false, []],
    'staging-deploy': [true, ['expression']],
    'legacy-signing': [true, ['project']],
    'gh-release': [true, ['project']],
  });
});

test('deploys: one per component version and environment, linked to the pipeline, workflow and job that deployed it', async () => {
  const sandbox = await sandboxWith();
  const result = await collectInProcess({
    config: configFor(sandbox),
    now: NOW,
  });
  const deploys = result.entities.filter((e) => e._type === 'circleci_deploy');
  expect(
    deploys
      .map((d) => [
        d.displayName,
        d.isLive,
        d.production,
        d.pipelineInWindow,
        // CircleCI alone: no pull requests to judge the change by.
        d.changeReview,
      ])
      .sort(),
  ).toEqual([
    ['api-gateway 2.7.1 in production', true, true, true, 'unknown'],
    ['my-service 1.3.0 in production', false, true, false, 'unknown'],
    ['my-service 1.3.0 in staging', true, false, false, 'unknown'],
    ['my-service 1.4.0 in production', true, true, true, 'unknown'],
    ['web-app 2026.11.30 in staging', true, false, true, 'unknown'],
    ['web-app 2026.11.30-hotfix in production', true, true, true, 'unknown'],
  ]);
  // A component whose versions span two environments.
  const service = deploys.filter((d) => d.componentName === 'my-service');
  expect(new Set(service.map((d) => d.environmentName))).toEqual(
    new Set(['production', 'staging']),
  );
  // The live version of a pipeline outside the window has its commit (its
  // pipeline was read by id); the replaced one does not (no request).
  const liveOld = service.find(
    (d) => d.displayName === 'my-service 1.3.0 in staging',
  );
  const replaced = service.find(
    (d) => d.displayName === 'my-service 1.3.0 in production',
  );
  const sixtyDaysOld = sandbox.dataset.circleci.pipelines.find(
    (p) => p.vcs.commit?.subject === 'Release from 60 days ago',
  );
  expect(liveOld?.commitSha).toBe(sixtyDaysOld?.vcs.revision);
  expect(replaced?.commitSha).toBeUndefined();
  expect(
    sandbox
      .requestLog()
      .filter((e) => e.endpoint === 'GET /pipeline/{pipeline-id}')
      .map((e) => e.path),
  ).toEqual([`/circleci/api/v2/pipeline/${sixtyDaysOld?.id}`]);

  // Runs in the window: direct PERFORMED relationships to collected
  // entities. Runs outside it: mapped by key, no placeholder.
  const performed = result.relationships.filter((r) =>
    /^circleci_(pipeline|workflow|job)_performed_deploy$/.test(r._type),
  );
  const direct = performed.filter((r) => !r._mapping);
  const mapped = performed.filter((r) => r._mapping);
  expect(direct).toHaveLength(4 * 3);
  expect(mapped).toHaveLength(2 * 3);
  const keys = new Set(result.entities.map((e) => e._key));
  for (const r of direct) {
    expect(keys.has(String(r._fromEntityKey))).toBe(true);
  }
  for (const r of mapped) {
    const mapping = r._mapping as unknown as {
      relationshipDirection: string;
      sourceEntityKey: string;
      targetEntity: { _key: string; _type: string };
      skipTargetCreation: boolean;
    };
    expect(mapping.relationshipDirection).toBe('REVERSE');
    expect(mapping.skipTargetCreation).toBe(true);
    expect(keys.has(mapping.targetEntity._key)).toBe(false);
    expect(
      [replaced?._key, liveOld?._key].includes(mapping.sourceEntityKey),
    ).toBe(true);
  }
  // Only the demo's four expected gaps (the first test): none from deploys.
  expect(result.warnEvents).toHaveLength(4);
  expect(
    result.warnEvents.filter((e) => /deploy/i.test(e.description)),
  ).toEqual([]);
});
