import {
  SHARED_DEPLOY_KEY_FINGERPRINT_MD5,
  SHARED_DEPLOY_KEY_FINGERPRINT_SHA256,
  SHARED_DEPLOY_PUBLIC_KEY,
} from '../../../test/sandbox/demo-public-keys';
import { createCheckoutKeyEntity, isUserCheckoutKey } from './checkoutKey';
import { typed } from '../test-support/entity';

const project = {
  id: '11111111-aaaa-4bbb-8ccc-000000000001',
  slug: 'bb/acme/api',
};

test('a deploy key: fingerprint as the API gives it, the ssh-keygen SHA-256 identity computed from the public key', () => {
  const raw = {
    'public-key': SHARED_DEPLOY_PUBLIC_KEY,
    type: 'deploy-key',
    fingerprint: SHARED_DEPLOY_KEY_FINGERPRINT_MD5,
    preferred: true,
    'created-at': '2026-01-02T03:04:05Z',
  };
  expect(createCheckoutKeyEntity(raw, project)).toEqual({
    _key: `circleci_checkout_key:${project.id}:${SHARED_DEPLOY_KEY_FINGERPRINT_MD5}`,
    ...typed('circleci_checkout_key', ['AccessKey'], raw),
    name: 'bb/acme/api deploy-key',
    displayName: `bb/acme/api deploy-key ${SHARED_DEPLOY_KEY_FINGERPRINT_MD5}`,
    type: 'deploy-key',
    keyType: 'deploy-key',
    userKey: false,
    deployKey: true,
    fingerprint: SHARED_DEPLOY_KEY_FINGERPRINT_MD5,
    fingerprintSha256: SHARED_DEPLOY_KEY_FINGERPRINT_SHA256,
    publicKey: SHARED_DEPLOY_PUBLIC_KEY,
    preferred: true,
    createdOn: Date.parse('2026-01-02T03:04:05Z'),
    projectId: project.id,
    projectSlug: project.slug,
  });
});

test.each([
  ['github-user-key', true],
  ['user-key', true],
  ['deploy-key', false],
  [undefined, false],
])('isUserCheckoutKey(%s) is %s', (type, expected) => {
  expect(isUserCheckoutKey(type)).toBe(expected);
});

test('a key without a usable public key has no SHA-256 identity (never joins another key)', () => {
  for (const publicKey of [undefined, '', 'not a key', 'ssh-rsa !!!!']) {
    const entity = createCheckoutKeyEntity(
      { 'public-key': publicKey, type: 'user-key', fingerprint: 'aa:bb' },
      project,
    );
    expect(entity.fingerprintSha256).toBeUndefined();
    expect(entity.userKey).toBe(true);
  }
});
