/**
 * Webhooks of repositories (repository admin, scope webhook) and of
 * workspaces. Demo hard cases (test/questions-answers.test.ts): web-app's
 * hook posts over http without a secret; experiments' has no secret
 * (https); acme-eng's workspace hook skips certificate verification; near
 * miss: my-service's (https, secret set). legacy-billing's is never served
 * (403). Every URL token is in SANDBOX_SECRET_VALUES (demo-credentials.ts).
 */
import { DEMO_WORKSPACES, demoIds, eng, labs, repoUuid } from '../demo-ids';
import { SANDBOX_SECRET_VALUES } from '../demo-credentials';
import { iso, JsonObject, Renderer } from '../render';
import { defineListing } from './listing';

/** A webhook of one repository (`repoUuid`) or one workspace (`workspaceSlug`). */
export interface BbWebhook {
  uuid: string;
  repoUuid?: string;
  workspaceSlug?: string;
  /** May carry a token in its path or query (never stored by the integration). */
  url: string;
  description: string;
  active: boolean;
  events: string[];
  secretSet: boolean;
  skipCertVerification: boolean;
  createdAt: number;
}

/**
 * schemas.webhook_subscription. The secret is never returned, only
 * `secret_set`; `skip_cert_verification` is not in the schema but in real
 * answers (the schema allows additional properties).
 */
function render(
  hook: BbWebhook,
  renderer: Renderer,
  self: string,
  subject: JsonObject,
): JsonObject {
  return {
    type: 'webhook_subscription',
    uuid: hook.uuid,
    url: hook.url,
    description: hook.description,
    ...subject,
    active: hook.active,
    created_at: iso(hook.createdAt),
    events: hook.events,
    secret_set: hook.secretSet,
    skip_cert_verification: hook.skipCertVerification,
    links: { self: renderer.api(encodeURI(self)) },
  };
}

const DAY = 24 * 60 * 60 * 1000;
const [HOOK_TOKEN, HOOK_KEY, HOOK_PATH] = SANDBOX_SECRET_VALUES;

/**
 * A demo webhook of a repository (`workspace/slug`) or a workspace (slug),
 * active, without a secret and verifying certificates unless `fields` says
 * otherwise; its uuid is derived from the repository slug or
 * `workspace:<slug>`.
 */
function hook(
  owner: string,
  createdAt: number,
  fields: Pick<BbWebhook, 'url' | 'description' | 'events'> &
    Partial<Pick<BbWebhook, 'active' | 'secretSet' | 'skipCertVerification'>>,
): BbWebhook {
  const [workspace, slug] = owner.split('/');
  return {
    uuid: demoIds.uuid(`webhook:${slug ?? `workspace:${workspace}`}`),
    ...(slug ? { repoUuid: repoUuid(owner) } : { workspaceSlug: workspace }),
    active: true,
    secretSet: false,
    skipCertVerification: false,
    ...fields,
    createdAt,
  };
}

export const WEBHOOKS = defineListing<BbWebhook>({
  name: 'webhooks',
  routes: [
    {
      owner: 'repository',
      path: '/repositories/{workspace}/{repo_slug}/hooks',
      scope: 'webhook',
      repositoryAdmin: true,
      defaultPagelen: 10,
      ownerOf: (hook) => hook.repoUuid,
      render: (hook, repo, renderer) =>
        render(
          hook,
          renderer,
          `/repositories/${repo.workspaceSlug}/${repo.slug}/hooks/${hook.uuid}`,
          {
            subject_type: 'repository',
            subject: renderer.repositoryCondensed(repo),
          },
        ),
    },
    {
      owner: 'workspace',
      path: '/workspaces/{workspace}/hooks',
      scope: 'webhook',
      defaultPagelen: 10,
      ownerOf: (hook) => hook.workspaceSlug,
      render: (hook, workspace, renderer) =>
        render(
          hook,
          renderer,
          `/workspaces/${workspace.slug}/hooks/${hook.uuid}`,
          {
            subject_type: 'workspace',
            subject: renderer.workspaceCondensed(workspace.slug),
          },
        ),
    },
  ],
  demo: (referenceTime) => {
    const ago = (days: number): number => referenceTime - days * DAY;
    return [
      hook(eng('my-service'), ago(180), {
        url: `https://ci.acme.example/hooks/bitbucket?token=${HOOK_TOKEN}`,
        description: 'CI trigger',
        events: ['repo:push', 'pullrequest:fulfilled'],
        secretSet: true,
      }),
      hook(eng('web-app'), ago(700), {
        url: `http://legacy-deployer.acme.example:8080/notify?key=${HOOK_KEY}`,
        description: 'Legacy deployer',
        events: ['repo:push'],
      }),
      hook(labs('experiments'), ago(60), {
        url: `https://chat.example.org/services/${HOOK_PATH}`,
        description: '',
        events: ['repo:push', 'pullrequest:created'],
      }),
      hook(eng('legacy-billing'), ago(900), {
        url: 'https://billing-hooks.acme.example/in',
        description: 'Billing sync',
        events: ['repo:push'],
      }),
      hook(DEMO_WORKSPACES.eng, ago(365), {
        url: 'https://audit.acme.example/bitbucket',
        description: 'Audit trail',
        events: ['repo:push', 'repo:updated', 'project:updated'],
        secretSet: true,
        skipCertVerification: true,
      }),
      hook(DEMO_WORKSPACES.labs, ago(90), {
        url: 'https://metrics.acme.example/bb',
        description: 'Metrics (paused)',
        active: false,
        events: ['pullrequest:created'],
        secretSet: true,
      }),
    ];
  },
});
