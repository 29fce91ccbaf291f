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

export const PROJECT_ENV_VARS = defineProjectListing<CircleCIProjectEnvVar>({
  name: 'envVars',
  path: '/project/{project-slug}/envvar',
  demo: (project, { iso }) => {
    switch (project.name) {
      case 'my-service':
        return [
          variable('AWS_ACCESS_KEY_ID', 'AKIASANDBOX0001', iso(90 * DAY_MS)),
          // The spec's own example of the EDN-leaking created-at form.
          variable(
            'DEPLOY_TOKEN',
            'deploy-sandbox-9f3e',
            '#joda/inst 2023-04-14T21:20:14+0000',
          ),
          variable('NPM_TOKEN', 'npm_sandboxA1b2', null),
        ];
      case 'web-app':
        return [
          variable('NPM_TOKEN', 'npm_sandboxZ9y8', iso(20 * DAY_MS)),
          variable(
            'SLACK_WEBHOOK_URL',
            'https://hooks.sandbox.invalid/T000/B000/abcd',
            iso(10 * DAY_MS),
          ),
        ];
      case 'gh-api':
        return [
          variable('GITHUB_TOKEN', 'ghp_sandbox0000c0de', iso(30 * DAY_MS)),
          variable(
            'SENTRY_DSN',
            'https://sentry.sandbox.invalid/42',
            iso(29 * DAY_MS),
          ),
          variable('NPM_TOKEN', 'npm_sandboxG1h2', iso(28 * DAY_MS)),
        ];
      default:
        return undefined;
    }
  },
  large: ({ index, random, iso }) =>
    ENV_VAR_POOL.slice(index % 3, (index % 3) + 3).map((name, v) =>
      variable(
        name,
        `${name.toLowerCase()}-${random.hex(8)}`,
        v === 2 ? null : iso((100 + v) * DAY_MS),
      ),
    ),
});
