/**
 * Who can change the code, CircleCI side (issue 13): the per-project
 * listings' demo records (checkout keys, webhooks, schedules: each module
 * in listings/ documents its cases) and the organization / project
 * controls of the demo account. Each hard case of a managed question sits
 * next to its near miss (test/questions-answers.test.ts):
 *
 *  - gh-api checks out with a `github-user-key` (preferred): a person's
 *    VCS access. Near miss: gh-web and my-service, deploy keys only.
 *  - my-service's deploy key is SHARED_DEPLOY_PUBLIC_KEY, also a Bitbucket
 *    deploy key of acme-eng/my-service: the cross-vendor key link. Near
 *    miss: api-gateway's deploy key, registered nowhere in Bitbucket.
 *  - web-app's checkout keys answer 403 (the token's user is no admin
 *    there, as its settings already say): one warning, nothing else lost.
 *  - api-gateway's `legacy-monitor` webhook delivers with TLS verification
 *    off and no signing secret. Near miss: my-service's `deploy-notifier`
 *    (TLS verified, signed); gh-api's `slack-relay` is verified but unsigned.
 *  - my-service's `nightly-release` schedule runs as bob (no employee
 *    record) and gh-web's `hourly-smoke` as acme-release-bot, a service
 *    account seen nowhere else (only the schedule names it). Near miss:
 *    web-app's `weekly-audit`, run as alice (an employee).
 *  - acme-eng customises OIDC tokens (audience, TTL), allows URL orbs from
 *    two prefixes and enforces config policies; the GitHub and
 *    circleci/<org-id> organizations customise nothing and their plan has
 *    no config policies (403: not available, one warning).
 *
 * Ids come from their own seeded source, so these cases never move the ids
 * of the original demo objects.
 */
import { SeededRandom } from '../random';
import { PROJECT_LISTINGS } from './listings/registry';
import { CircleCIData, CircleCIUser } from './types';

export interface AccessCaseInputs {
  referenceTime: number;
  /** alice, the token owner (an employee in the questions test). */
  me: CircleCIUser;
  /** bob, no employee record. */
  reviewer: CircleCIUser;
}

export function addAccessCases(
  data: CircleCIData,
  inputs: AccessCaseInputs,
): void {
  const random = new SeededRandom(0x5ec7e1);
  const iso = (ageMs: number) =>
    new Date(inputs.referenceTime - ageMs).toISOString();

  // A service account only a schedule names (GET /user/{id} knows it too).
  const bot: CircleCIUser = {
    id: random.uuid(),
    login: 'acme-release-bot',
    name: 'Acme Release Bot',
    avatar_url: null,
  };
  data.users.push(bot);

  // Project by project, listings in registry order: the seeded draw order.
  const context = {
    random,
    iso,
    me: inputs.me,
    reviewer: inputs.reviewer,
    bot,
  };
  for (const record of data.projects) {
    for (const listing of PROJECT_LISTINGS) {
      const items = listing.demo?.(record.project, context);
      if (items !== undefined) record.listings[listing.name] = items;
    }
  }

  const myService = data.projects.find((p) => p.project.name === 'my-service');
  if (myService) {
    myService.oidcClaims = {
      audience: ['https://deploy.acme-demo.example'],
      ttl: '15m',
    };
  }

  const bbOrg = data.collaborations.find((c) => c['vcs-type'] === 'bitbucket');
  if (bbOrg) {
    data.orgControls = {
      [bbOrg.id]: {
        oidcClaims: { audience: ['sts.amazonaws.com'], ttl: '30m' },
        urlOrbAllowList: [
          {
            id: random.uuid(),
            name: 'internal orbs',
            prefix: 'https://orbs.acme-demo.example/',
            auth: 'none',
          },
          {
            id: random.uuid(),
            name: 'platform team',
            prefix: 'https://bitbucket.org/acme-eng/orbs/raw/',
            auth: 'bitbucket-oauth',
          },
        ],
        configPolicy: { enabled: true },
      },
    };
  }
}
