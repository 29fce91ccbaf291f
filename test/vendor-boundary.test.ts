import {
  IntegrationInvocationConfig,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';
import {
  CircleCIEntities,
  CircleCIMappedRelationships,
  CircleCIRelationships,
} from '../src/circleci/metadata';
import {
  DEMO_ENTITY_COUNTS,
  DEMO_RELATIONSHIP_COUNTS,
} from '../src/circleci/test-support/demoCounts';
import { IntegrationConfig } from '../src/config';
import { invocationConfig } from '../src/index';
import { collectInProcess, countByType } from './collect';
import { Sandbox, startSandbox } from './sandbox/server';
import { SANDBOX_CREDENTIALS, SANDBOX_REFERENCE_TIME } from './sandbox/types';

/**
 * The vendor boundary and the client boundary in whole runs against the
 * loopback sandbox (demo dataset): one vendor's credential failure or one
 * bad answer never costs the other vendor's data, and unsafe names from an
 * answer never reach another endpoint.
 */
jest.setTimeout(120_000);

const NOW = SANDBOX_REFERENCE_TIME + 3600_000;

const CIRCLECI_TYPES = new Set<string>([
  ...Object.values(CircleCIEntities).map((e) => e._type),
  ...Object.values(CircleCIRelationships).map((r) => r._type),
  ...Object.values(CircleCIMappedRelationships).map((r) => r._type),
]);

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({
    port: 0,
    dataset: 'demo',
    referenceTime: SANDBOX_REFERENCE_TIME,
  });
});
afterEach(async () => {
  await sandbox.close();
});

function bothVendors(): IntegrationConfig {
  return {
    circleciApiKey: SANDBOX_CREDENTIALS.circleciApiKey,
    circleciBaseUrl: sandbox.circleciBaseUrl,
    bitbucketOauthKey: SANDBOX_CREDENTIALS.bitbucketOauthKey,
    bitbucketOauthSecret: SANDBOX_CREDENTIALS.bitbucketOauthSecret,
    bitbucketWorkspace: 'acme-eng,acme-labs',
    bitbucketBaseUrl: sandbox.bitbucketBaseUrl,
    bitbucketTokenUrl: sandbox.bitbucketTokenUrl,
  };
}

/** The invocation with `before` run at the start of one step; errors kept. */
function instrumented(
  stepId: string,
  before: () => void,
  errors: Map<string, Error>,
): IntegrationInvocationConfig<IntegrationConfig> {
  return {
    ...invocationConfig,
    integrationSteps: invocationConfig.integrationSteps.map(
      (step): IntegrationStep<IntegrationConfig> => ({
        ...step,
        executionHandler: async (context) => {
          if (step.id === stepId) before();
          try {
            await step.executionHandler(context);
          } catch (err) {
            errors.set(step.id, err as Error);
            throw err;
          }
        },
      }),
    ),
  };
}

test('Bitbucket answering 401 after validation: its steps fail naming Bitbucket, CircleCI is complete, the run ends normally', async () => {
  const errors = new Map<string, Error>();
  const result = await collectInProcess({
    config: bothVendors(),
    now: NOW,
    invocation: instrumented(
      'bitbucket-fetch-repos',
      () =>
        // Every Bitbucket request from here on, token refreshes included.
        sandbox.setFaults([
          { vendor: 'bitbucket', kind: 'status', status: 401 },
        ]),
      errors,
    ),
  });

  // The run finished (the SDK returned step results and wrote its summary)
  // and CircleCI's graph is the clean run's.
  const circleciFailed = result.stepResults.filter(
    (s) => s.id.startsWith('circleci-') && s.status !== 'success',
  );
  // With pull requests configured, the deploys are collected by the
  // cross-vendor step (the plain one is disabled); it still runs when the
  // Bitbucket steps it depends on failed, and the SDK marks it partial.
  expect(circleciFailed).toEqual([
    { id: 'circleci-fetch-deploys', status: 'disabled' },
  ]);
  expect(
    result.stepResults.find(
      (s) => s.id === 'cross-vendor-fetch-circleci-deploys-with-pull-requests',
    )?.status,
  ).toBe('partial_success_due_to_dependency_failure');
  const circleci = (objects: Array<{ _type: string }>) =>
    countByType(objects.filter((o) => CIRCLECI_TYPES.has(o._type)));
  expect(circleci(result.entities)).toEqual(DEMO_ENTITY_COUNTS);
  expect(circleci(result.relationships)).toEqual(DEMO_RELATIONSHIP_COUNTS);

  // Bitbucket's repos step failed with a non-fatal error naming Bitbucket.
  const repos = errors.get('bitbucket-fetch-repos') as Error & {
    code?: string;
    fatal?: boolean;
  };
  expect(repos.code).toBe('VENDOR_AUTHENTICATION_FAILED');
  expect(repos.fatal).toBe(false);
  expect(repos.message).toMatch(
    /^Bitbucket rejected its credentials during the run \(.*401.*\); Bitbucket data from this step on is not collected/,
  );
  expect(
    result.stepResults.find((s) => s.id === 'bitbucket-fetch-repos')?.status,
  ).toBe('failure');
  // Bitbucket steps running alongside meet the 401 themselves; the later
  // ones fail at once with the same message, without requests.
  const later = [...errors.entries()].filter(
    ([id]) => id.startsWith('bitbucket-') && id !== 'bitbucket-fetch-repos',
  );
  for (const [, err] of later) {
    expect(err.message).toMatch(
      /^(Bitbucket step skipped: )?Bitbucket rejected its credentials during the run/,
    );
  }
  expect(errors.size).toBe(1 + later.length);
  expect([...errors.keys()].every((id) => id.startsWith('bitbucket-'))).toBe(
    true,
  );
});

test('GET /me answering 200 with a null body: a clear error naming the endpoint, not a TypeError', async () => {
  sandbox.setFaults([
    {
      vendor: 'circleci',
      endpoint: 'GET /me',
      kind: 'status',
      status: 200,
      body: null,
    },
  ]);
  await expect(
    collectInProcess({
      config: {
        circleciApiKey: SANDBOX_CREDENTIALS.circleciApiKey,
        circleciBaseUrl: sandbox.circleciBaseUrl,
      },
      now: NOW,
    }),
  ).rejects.toThrow(
    'CircleCI GET /me answered an empty body (null or 204) instead of an object',
  );
});

test('a null item in /me/collaborations is skipped with one warning; every organization is still collected', async () => {
  sandbox.setFaults([
    {
      vendor: 'circleci',
      endpoint: 'GET /me/collaborations',
      kind: 'status',
      status: 200,
      body: [...sandbox.dataset.circleci.collaborations, null],
    },
  ]);
  const result = await collectInProcess({
    config: {
      circleciApiKey: SANDBOX_CREDENTIALS.circleciApiKey,
      circleciBaseUrl: sandbox.circleciBaseUrl,
    },
    now: NOW,
  });
  expect(
    result.stepResults
      .filter((s) => s.id.startsWith('circleci-') && s.status !== 'success')
      .map((s) => s.id),
  ).toEqual([]);
  expect(
    result.entities.filter((e) => e._type === 'circleci_user_group').length,
  ).toBe(DEMO_ENTITY_COUNTS.circleci_user_group);
  expect(
    result.warnEvents.filter((e) => /collaborations/.test(e.description)),
  ).toEqual([
    expect.objectContaining({
      description: '1 null item skipped from GET /me/collaborations',
    }),
  ]);
});

test('a project named ../../../me in the insights summary is skipped and never requested', async () => {
  const org = sandbox.dataset.circleci.collaborations.find((c) =>
    c.slug.startsWith('gh/'),
  );
  if (!org) throw new Error('the demo has a GitHub organization');
  sandbox.setFaults([
    {
      vendor: 'circleci',
      endpoint: 'GET /insights/{org-slug}/summary',
      path: new RegExp(org.slug.replace('/', '/')),
      kind: 'status',
      status: 200,
      body: { all_projects: ['../../../me', 'gh-api', 'gh-web'] },
    },
  ]);
  const result = await collectInProcess({
    config: {
      circleciApiKey: SANDBOX_CREDENTIALS.circleciApiKey,
      circleciBaseUrl: sandbox.circleciBaseUrl,
    },
    now: NOW,
  });
  const circleciRequests = sandbox
    .requestLog()
    .filter((e) => e.vendor === 'circleci');
  expect(circleciRequests.filter((e) => e.path.includes('..'))).toEqual([]);
  expect(circleciRequests.filter((e) => e.endpoint === 'GET /me').length).toBe(
    1,
  );
  expect(result.warnEvents.filter((e) => /unsafe/.test(e.description))).toEqual(
    [
      expect.objectContaining({
        description:
          '1 item naming a project unsafe in a URL path (contains "..", "/" or a control character) skipped from GET /insights/{org-slug}/summary',
      }),
    ],
  );
  expect(
    result.entities.filter((e) => e._type === 'circleci_project').length,
  ).toBe(DEMO_ENTITY_COUNTS.circleci_project);
});
