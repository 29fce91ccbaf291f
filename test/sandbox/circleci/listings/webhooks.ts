/**
 * Project webhooks (`GET /webhook?scope-id=<project id>&scope-type=project`:
 * the one listing addressed by a query parameter, not by the project slug;
 * the signing secret is answered masked, "" when none is set). Demo cases:
 * api-gateway's `legacy-monitor` delivers with TLS verification off and no
 * signing secret; near misses: my-service's `deploy-notifier` (TLS verified,
 * signed) and gh-api's `slack-relay` (verified but unsigned). None in the
 * large dataset.
 */
import { DAY_MS } from '../builder';
import { defineProjectListing, DemoContext } from './listing';

/** `GET /webhook?scope-type=project` item; `signing-secret` is already masked. */
export interface CircleCIWebhook {
  id: string;
  name: string;
  url: string;
  'verify-tls': boolean;
  'signing-secret': string;
  events: Array<'workflow-completed' | 'job-completed'>;
  scope: { id: string; type: string };
  'created-at': string;
  'updated-at': string;
}

const WEBHOOKS: Record<
  string,
  {
    name: string;
    url: string;
    verifyTls: boolean;
    signingSecret: string;
    ageDays: number;
  }
> = {
  'my-service': {
    name: 'deploy-notifier',
    url: 'https://hooks.acme-demo.example/circleci/deploys',
    verifyTls: true,
    signingSecret: '****c0de',
    ageDays: 60,
  },
  'api-gateway': {
    name: 'legacy-monitor',
    url: 'https://monitor.acme-demo.example/ingest/circleci',
    verifyTls: false,
    signingSecret: '',
    ageDays: 400,
  },
  'gh-api': {
    name: 'slack-relay',
    url: 'https://hooks.chat.acme-demo.example/services/T000/B000',
    verifyTls: true,
    signingSecret: '',
    ageDays: 10,
  },
};

export const PROJECT_WEBHOOKS = defineProjectListing<CircleCIWebhook>({
  name: 'webhooks',
  path: '/webhook',
  query: ['scope-id', 'scope-type'],
  requestFor: (project) => `/webhook?scope-id=${project.id}&scope-type=project`,
  locate: (query, projects) => {
    const scopeId = query('scope-id');
    if (query('scope-type') !== 'project' || !scopeId) {
      return {
        status: 400,
        message: 'scope-id and scope-type=project are required',
      };
    }
    return (
      projects.byId(scopeId) ?? { status: 404, message: 'Project not found' }
    );
  },
  // Pages are scoped by the scope-id the caller sent: the project id.
  view: (_query, record) => ({ scope: record.project.id }),
  demo: (project, { random, iso }: DemoContext) => {
    const input = WEBHOOKS[project.name];
    if (!input) return undefined;
    return [
      {
        id: random.uuid(),
        name: input.name,
        url: input.url,
        'verify-tls': input.verifyTls,
        'signing-secret': input.signingSecret,
        events: ['workflow-completed', 'job-completed'],
        scope: { id: project.id, type: 'project' },
        'created-at': iso(input.ageDays * DAY_MS),
        'updated-at': iso((input.ageDays - 1) * DAY_MS),
      },
    ];
  },
});
