/**
 * Who can change the code, CircleCI side (issue 13): checkout keys,
 * webhooks, schedules and organization / project controls of the demo
 * account. Each hard case of a managed question sits next to its near miss
 * (test/questions-answers.test.ts):
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
import { createHash } from 'crypto';
import { SeededRandom } from '../random';
import { SHARED_DEPLOY_PUBLIC_KEY } from '../demo-public-keys';
import { DAY_MS } from './builder';
import {
  CircleCICheckoutKey,
  CircleCIData,
  CircleCIProjectRecord,
  CircleCISchedule,
  CircleCIUser,
  CircleCIWebhook,
} from './types';

export interface AccessCaseInputs {
  referenceTime: number;
  /** alice, the token owner (an employee in the questions test). */
  me: CircleCIUser;
  /** bob, no employee record. */
  reviewer: CircleCIUser;
}

/** An OpenSSH ed25519 public key line from 32 seeded bytes. */
function ed25519PublicKey(random: SeededRandom, comment: string): string {
  const type = Buffer.from('ssh-ed25519');
  const key = Buffer.from(random.hex(64), 'hex');
  const blob = Buffer.concat([
    Buffer.from([0, 0, 0, type.length]),
    type,
    Buffer.from([0, 0, 0, key.length]),
    key,
  ]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}

/** `ssh-keygen -E md5 -lf` without "MD5:", the API's default fingerprint. */
function md5Fingerprint(publicKey: string): string {
  const blob = Buffer.from(publicKey.split(/\s+/)[1], 'base64');
  const hex = createHash('md5').update(blob).digest('hex');
  return (hex.match(/../g) ?? []).join(':');
}

export function addAccessCases(
  data: CircleCIData,
  inputs: AccessCaseInputs,
): void {
  const random = new SeededRandom(0x5ec7e1);
  const iso = (ageMs: number) =>
    new Date(inputs.referenceTime - ageMs).toISOString();
  const project = (name: string): CircleCIProjectRecord | undefined =>
    data.projects.find((p) => p.project.name === name);

  const checkoutKey = (
    type: CircleCICheckoutKey['type'],
    publicKey: string,
    preferred: boolean,
    ageDays: number,
  ): CircleCICheckoutKey => ({
    'public-key': publicKey,
    type,
    fingerprint: md5Fingerprint(publicKey),
    preferred,
    'created-at': iso(ageDays * DAY_MS),
  });
  const webhook = (
    record: CircleCIProjectRecord,
    input: {
      name: string;
      url: string;
      verifyTls: boolean;
      signingSecret: string;
      ageDays: number;
    },
  ): CircleCIWebhook => ({
    id: random.uuid(),
    name: input.name,
    url: input.url,
    'verify-tls': input.verifyTls,
    // CircleCI answers the secret masked; "" when none is set.
    'signing-secret': input.signingSecret,
    events: ['workflow-completed', 'job-completed'],
    scope: { id: record.project.id, type: 'project' },
    'created-at': iso(input.ageDays * DAY_MS),
    'updated-at': iso((input.ageDays - 1) * DAY_MS),
  });
  const schedule = (
    record: CircleCIProjectRecord,
    input: {
      name: string;
      actor: CircleCIUser;
      hours: number[];
      perHour?: number;
      days: string[];
      parameters: Record<string, string | number | boolean>;
    },
  ): CircleCISchedule => ({
    id: random.uuid(),
    name: input.name,
    description: `${input.name} of ${record.project.name}`,
    'project-slug': record.project.slug,
    timetable: {
      'per-hour': input.perHour ?? 1,
      'hours-of-day': input.hours,
      'days-of-week': input.days,
    },
    actor: input.actor,
    parameters: input.parameters,
    'created-at': iso(90 * DAY_MS),
    'updated-at': iso(30 * DAY_MS),
  });
  const weekdays = ['MON', 'TUE', 'WED', 'THU', 'FRI'];

  // A service account only a schedule names (GET /user/{id} knows it too).
  const bot: CircleCIUser = {
    id: random.uuid(),
    login: 'acme-release-bot',
    name: 'Acme Release Bot',
    avatar_url: null,
  };
  data.users.push(bot);

  const myService = project('my-service');
  if (myService) {
    myService.checkoutKeys = [
      checkoutKey('deploy-key', SHARED_DEPLOY_PUBLIC_KEY, true, 200),
    ];
    myService.webhooks = [
      webhook(myService, {
        name: 'deploy-notifier',
        url: 'https://hooks.acme-demo.example/circleci/deploys',
        verifyTls: true,
        signingSecret: '****c0de',
        ageDays: 60,
      }),
    ];
    myService.schedules = [
      schedule(myService, {
        name: 'nightly-release',
        actor: inputs.reviewer,
        hours: [2],
        days: weekdays,
        parameters: { branch: 'main', 'run-integration-tests': true },
      }),
    ];
    myService.oidcClaims = {
      audience: ['https://deploy.acme-demo.example'],
      ttl: '15m',
    };
  }
  const webApp = project('web-app');
  if (webApp) {
    webApp.checkoutKeys = 'forbidden';
    webApp.schedules = [
      schedule(webApp, {
        name: 'weekly-audit',
        actor: inputs.me,
        hours: [6],
        days: ['MON'],
        parameters: { branch: 'master' },
      }),
    ];
  }
  const gateway = project('api-gateway');
  if (gateway) {
    gateway.checkoutKeys = [
      checkoutKey(
        'deploy-key',
        ed25519PublicKey(random, 'circleci-api-gateway'),
        true,
        30,
      ),
    ];
    gateway.webhooks = [
      webhook(gateway, {
        name: 'legacy-monitor',
        url: 'https://monitor.acme-demo.example/ingest/circleci',
        verifyTls: false,
        signingSecret: '',
        ageDays: 400,
      }),
    ];
  }
  const ghApi = project('gh-api');
  if (ghApi) {
    ghApi.checkoutKeys = [
      checkoutKey(
        'github-user-key',
        ed25519PublicKey(random, 'octo-maintainer@github'),
        true,
        20,
      ),
      checkoutKey(
        'deploy-key',
        ed25519PublicKey(random, 'circleci-gh-api'),
        false,
        300,
      ),
    ];
    ghApi.webhooks = [
      webhook(ghApi, {
        name: 'slack-relay',
        url: 'https://hooks.chat.acme-demo.example/services/T000/B000',
        verifyTls: true,
        signingSecret: '',
        ageDays: 10,
      }),
    ];
  }
  const ghWeb = project('gh-web');
  if (ghWeb) {
    ghWeb.checkoutKeys = [
      checkoutKey(
        'deploy-key',
        ed25519PublicKey(random, 'circleci-gh-web'),
        true,
        100,
      ),
    ];
    ghWeb.schedules = [
      schedule(ghWeb, {
        name: 'hourly-smoke',
        actor: bot,
        hours: Array.from({ length: 24 }, (_, h) => h),
        perHour: 1,
        days: [...weekdays, 'SAT', 'SUN'],
        parameters: { branch: 'main' },
      }),
    ];
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
