import { Entity } from '@jupiterone/integration-sdk-core';
import { CircleCICheckoutKey } from '../client/responses/projectSettings';
import { CircleCIEntities } from '../metadata';
import { circleciEntity } from './entity';
import { publicKeyFingerprintSha256 } from '../../crossvendor/publicKeys';
import { stringProperty } from '../../steps/entityProperties';
import { parseCircleCITime } from './time';
import { circleciKeys } from './keys';

/**
 * True for a key that checks code out with a person's VCS access: CircleCI
 * names these `github-user-key` (the spec) or `user-key` (Bitbucket); only
 * `deploy-key` is scoped to the one repository.
 */
export function isUserCheckoutKey(type: string | undefined): boolean {
  return typeof type === 'string' && /user-key$/i.test(type);
}

/**
 * `circleci_checkout_key` (AccessKey): the SSH key a project checks its
 * code out with. The public key is public material; CircleCI never returns
 * the private half. `fingerprintSha256` is the `ssh-keygen -lf` identity
 * (src/crossvendor/publicKeys.ts) the cross-vendor link joins on.
 */
export function createCheckoutKeyEntity(
  key: CircleCICheckoutKey,
  project: { id: string; slug: string },
): Entity {
  const type = key.type || undefined;
  const userKey = isUserCheckoutKey(type);
  return circleciEntity(CircleCIEntities.CHECKOUT_KEY, key, {
    _key: circleciKeys.checkoutKey(project.id, key.fingerprint),
    name: `${project.slug} ${type ?? 'checkout key'}`,
    displayName: `${project.slug} ${type ?? 'checkout key'} ${key.fingerprint}`,
    type,
    keyType: type,
    userKey,
    deployKey: type === 'deploy-key',
    fingerprint: key.fingerprint,
    fingerprintSha256: publicKeyFingerprintSha256(key['public-key']),
    publicKey: key['public-key'] || undefined,
    preferred: key.preferred,
    createdOn: parseCircleCITime(key['created-at']),
    projectId: project.id,
    projectSlug: project.slug,
  });
}

/** Properties of `circleci_checkout_key` that later steps read back. */
export const CheckoutKeyProperties = {
  fingerprintSha256: 'fingerprintSha256',
} as const;

/** A collected checkout key's SHA-256 identity; undefined when unknown. */
export function readCheckoutKeyFingerprintSha256(
  entity: Entity,
): string | undefined {
  return stringProperty(entity, CheckoutKeyProperties.fingerprintSha256);
}
