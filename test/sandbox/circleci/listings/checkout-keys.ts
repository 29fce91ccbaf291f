/**
 * Checkout keys of projects (`GET /project/{project-slug}/checkout-key`,
 * public keys only; `?digest=sha256` answers SHA256 fingerprints, md5 by
 * default). Demo cases: gh-api checks out with a preferred
 * `github-user-key` (a person's VCS access) besides a deploy key;
 * my-service's deploy key is SHARED_DEPLOY_PUBLIC_KEY, also a Bitbucket
 * deploy key of acme-eng/my-service (the cross-vendor key link), while
 * api-gateway's and gh-web's are registered nowhere in Bitbucket; web-app's
 * answer 403 (the token's user is no admin there). None in the large
 * dataset.
 */
import { createHash } from 'crypto';
import { SeededRandom } from '../../random';
import { SHARED_DEPLOY_PUBLIC_KEY } from '../../demo-public-keys';
import { DAY_MS } from '../builder';
import { CircleCIProject } from '../types';
import { defineProjectListing, DemoContext } from './listing';

/** `GET /project/{project-slug}/checkout-key` item (public keys only). */
export interface CircleCICheckoutKey {
  'public-key': string;
  type: 'deploy-key' | 'github-user-key';
  /** MD5, the API's default digest (`ssh-keygen -E md5 -lf` without "MD5:"). */
  fingerprint: string;
  preferred: boolean;
  'created-at': string;
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

/** `ssh-keygen -lf` of a public key line: what `?digest=sha256` answers. */
function sha256Fingerprint(publicKey: string): string {
  const blob = Buffer.from(publicKey.split(/\s+/)[1] ?? '', 'base64');
  const digest = createHash('sha256').update(blob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

function demo(
  project: CircleCIProject,
  { random, iso }: DemoContext,
): CircleCICheckoutKey[] | 'forbidden' | undefined {
  const key = (
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
  const generated = (comment: string) => ed25519PublicKey(random, comment);
  switch (project.name) {
    case 'my-service':
      return [key('deploy-key', SHARED_DEPLOY_PUBLIC_KEY, true, 200)];
    case 'web-app':
      return 'forbidden';
    case 'api-gateway':
      return [key('deploy-key', generated('circleci-api-gateway'), true, 30)];
    case 'gh-api':
      return [
        key('github-user-key', generated('octo-maintainer@github'), true, 20),
        key('deploy-key', generated('circleci-gh-api'), false, 300),
      ];
    case 'gh-web':
      return [key('deploy-key', generated('circleci-gh-web'), true, 100)];
    default:
      return undefined;
  }
}

export const CHECKOUT_KEYS = defineProjectListing<CircleCICheckoutKey>({
  name: 'checkoutKeys',
  path: '/project/{project-slug}/checkout-key',
  query: ['digest'],
  view: (query, record) => {
    const digest = query('digest') ?? 'md5';
    if (digest !== 'md5' && digest !== 'sha256') {
      return { status: 400, message: `Invalid digest: ${digest}` };
    }
    return {
      render: (key) =>
        digest === 'md5'
          ? key
          : { ...key, fingerprint: sha256Fingerprint(key['public-key']) },
      scope: `${record.project.slug} ${digest}`,
    };
  },
  demo,
});
