import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';
import { BitbucketEntities } from '../metadata';
import { BitbucketWebhook } from '../client/responses/repoSettings';
import { time } from './common';
import { bitbucketKeys } from './keys';

/** Where a webhook is installed: one repository, or a whole workspace. */
export type WebhookParent =
  | {
      kind: 'repository';
      uuid: string;
      fullName: string;
      workspaceSlug: string;
    }
  | { kind: 'workspace'; uuid: string; workspaceSlug: string };

/**
 * The parts of a webhook URL that are safe to store: scheme and host (with
 * a non-default port). The path and query can carry a token (e.g.
 * `?token=...`), and user info a password, so neither is kept.
 */
export function webhookEndpoint(
  url: string | undefined,
): { host: string; scheme: string } | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (!parsed.host) return undefined;
    return { host: parsed.host, scheme: parsed.protocol.replace(/:$/, '') };
  } catch {
    return undefined;
  }
}

/** Webhook uuids are scoped by their repository or workspace. */
const webhookKey = bitbucketKeys.below(BitbucketEntities.WEBHOOK);

/**
 * `bitbucket_webhook` (ApplicationEndpoint): where repository or workspace
 * events are sent. `address` is the URL's host only; the raw data keeps
 * neither the URL nor a secret (the API never returns the secret, only
 * `secret_set`).
 */
export function createWebhookEntity(
  parent: WebhookParent,
  hook: BitbucketWebhook,
): Entity {
  const endpoint = webhookEndpoint(hook.url);
  const host = endpoint?.host;
  const name = hook.description || host || hook.uuid;
  const where =
    parent.kind === 'repository' ? parent.fullName : parent.workspaceSlug;
  // The raw data holds the kept fields only: never the URL (nor a secret,
  // which the API does not return anyway).
  const source: BitbucketWebhook = {
    type: hook.type,
    uuid: hook.uuid,
    description: hook.description,
    subject_type: hook.subject_type,
    active: hook.active,
    created_at: hook.created_at,
    events: hook.events,
    secret_set: hook.secret_set,
    skip_cert_verification: hook.skip_cert_verification,
  };
  return createIntegrationEntity({
    entityData: {
      source,
      assign: {
        _key: webhookKey(parent.uuid, hook.uuid),
        _type: BitbucketEntities.WEBHOOK._type,
        _class: BitbucketEntities.WEBHOOK._class,
        id: hook.uuid,
        name,
        displayName: `${name} (${where})`,
        description: hook.description || undefined,
        address: host ?? '',
        host,
        scheme: endpoint?.scheme,
        https: endpoint ? endpoint.scheme === 'https' : undefined,
        events: hook.events ?? [],
        active: hook.active,
        secretSet: hook.secret_set,
        skipCertVerification: hook.skip_cert_verification,
        subjectType: parent.kind,
        repoId: parent.kind === 'repository' ? parent.uuid : undefined,
        repoFullName:
          parent.kind === 'repository' ? parent.fullName : undefined,
        workspace: parent.workspaceSlug,
        createdOn: time(hook.created_at),
      },
    },
  });
}
