import { Entity } from '@jupiterone/integration-sdk-core';
import { CircleCIWebhook } from '../client/responses/projectSettings';
import { CircleCIEntities } from '../metadata';
import { circleciEntity } from './entity';
import { parseCircleCITime } from './time';
import { circleciKeys } from './keys';

/**
 * The parts of a webhook URL that are safe to store: its host and scheme.
 * Paths and queries of webhook receivers often carry tokens (Slack-style
 * hook URLs), so neither is kept.
 */
export function webhookUrlParts(url: string | undefined): {
  host?: string;
  https?: boolean;
  scheme?: string;
} {
  if (!url) return {};
  try {
    const parsed = new URL(url);
    return {
      host: parsed.hostname || undefined,
      https: parsed.protocol === 'https:',
      scheme: parsed.protocol.replace(/:$/, ''),
    };
  } catch {
    return {};
  }
}

/**
 * `circleci_webhook` (ApplicationEndpoint): an outbound webhook of a
 * project. Only the URL's host and scheme are kept, and only whether a
 * signing secret is set (CircleCI returns it masked; it is never stored).
 * The raw data holds the same reduced view.
 */
export function createWebhookEntity(
  webhook: CircleCIWebhook,
  project: { id: string; slug: string },
): Entity {
  const url = webhookUrlParts(webhook.url);
  const secret = webhook['signing-secret'];
  const signingSecretSet = typeof secret === 'string' && secret !== '';
  const events = [...new Set(webhook.events ?? [])].sort();
  const reduced = {
    id: webhook.id,
    name: webhook.name,
    urlHost: url.host,
    urlScheme: url.scheme,
    'verify-tls': webhook['verify-tls'],
    signingSecretSet,
    events,
    scope: webhook.scope,
    'created-at': webhook['created-at'],
    'updated-at': webhook['updated-at'],
  };
  return circleciEntity(CircleCIEntities.WEBHOOK, reduced, {
    _key: circleciKeys.webhook(webhook.id),
    id: webhook.id,
    name: webhook.name || url.host || webhook.id,
    displayName: webhook.name || url.host || webhook.id,
    urlHost: url.host,
    address: url.host,
    https: url.https,
    urlScheme: url.scheme,
    events,
    verifyTls: webhook['verify-tls'],
    signingSecretSet,
    createdOn: parseCircleCITime(webhook['created-at']),
    updatedOn: parseCircleCITime(webhook['updated-at']),
    projectId: project.id,
    projectSlug: project.slug,
  });
}
