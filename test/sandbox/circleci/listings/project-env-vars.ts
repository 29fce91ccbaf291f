/**
 * Project environment variables (`GET /project/{project-slug}/envvar`),
 * values masked as CircleCI answers them. Demo cases: my-service's
 * DEPLOY_TOKEN carries the spec's own EDN-leaking `#joda/inst` created-at
 * and its NPM_TOKEN a null one (created before the field existed); web-app
 * holds a Slack webhook URL; gh-api (forks receive secrets) holds a GitHub
 * token; other projects have none. Large dataset: three of a pool per
 * project, the third with a null created-at.
 */
import { DAY_MS } from '../builder';
import { defineProjectListing } from './listing';

/** `GET /project/{project-slug}/envvar` item (value already masked). */
export interface CircleCIProjectEnvVar {
  name: string;
  value: string;
  /**
   * ISO-8601, or the vendor's EDN-leaking form `#joda/inst 2023-04-14T21:20:14+0000`
   * (the spec's own example), or null for variables created before the field existed.
   */
  'created-at': string | null;
}

/** CircleCI masks env var values as four `x` plus the last four characters. */
export function maskEnvVarValue(value: string): string {
  return `xxxx${value.slice(-4)}`;
}

const variable = (
  name: string,
  value: string,
  createdAt: string | null,
): CircleCIProjectEnvVar => ({
  name,
  value: maskEnvVarValue(value),
  'created-at': createdAt,
});

/** Variable names of the large dataset (its contexts draw from them too). */
export const ENV_VAR_POOL = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'NPM_TOKEN',
  'DOCKER_PASSWORD',
  'SLACK_WEBHOOK_URL',
  'SENTRY_DSN',
];

/**
 * The demo's variables by project name: name, unmasked value and created-at
 * (days before the reference time, or the literal answer).
 */
const DEMO: Record<string, Array<[string, string, number | string | null]>> = {
  'my-service': [
    ['AWS_ACCESS_KEY_ID', 'AKIASANDBOX0001', 90],
    // The spec's own example of the EDN-leaking created-at form.
    [
      'DEPLOY_TOKEN',
      'deploy-sandbox-9f3e',
      '#joda/inst 2023-04-14T21:20:14+0000',
    ],
    ['NPM_TOKEN', 'npm_sandboxA1b2', null],
  ],
  'web-app': [
    ['NPM_TOKEN', 'npm_sandboxZ9y8', 20],
    ['SLACK_WEBHOOK_URL', 'https://hooks.sandbox.invalid/T000/B000/abcd', 10],
  ],
  'gh-api': [
    ['GITHUB_TOKEN', 'ghp_sandbox0000c0de', 30],
    ['SENTRY_DSN', 'https://sentry.sandbox.invalid/42', 29],
    ['NPM_TOKEN', 'npm_sandboxG1h2', 28],
  ],
};

export const PROJECT_ENV_VARS = defineProjectListing<CircleCIProjectEnvVar>({
  name: 'envVars',
  path: '/project/{project-slug}/envvar',
  demo: (project, { iso }) =>
    DEMO[project.name]?.map(([name, value, created]) =>
      variable(
        name,
        value,
        typeof created === 'number' ? iso(created * DAY_MS) : created,
      ),
    ),
  large: ({ index, random, iso }) =>
    ENV_VAR_POOL.slice(index % 3, (index % 3) + 3).map((name, v) =>
      variable(
        name,
        `${name.toLowerCase()}-${random.hex(8)}`,
        v === 2 ? null : iso((100 + v) * DAY_MS),
      ),
    ),
});
