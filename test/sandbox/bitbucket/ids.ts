import { createHash } from 'crypto';
import { SeededRandom } from '../random';

/**
 * Where the dataset gets its commit hashes and uuids. The demo derives them
 * from stable labels so its hard cases (DEMO_BITBUCKET_CASES) name fixed
 * hashes and uuids whatever the seed; the large dataset draws them from the
 * seeded RNG, which is cheaper than hashing and just as deterministic.
 */
export interface IdSource {
  /** A 40-character lower-case hex commit hash. */
  hash(label: string): string;
  /** A Bitbucket-style uuid: RFC 4122 text wrapped in braces. */
  uuid(label: string): string;
}

function braces(hex: string): string {
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(
    13,
    16,
  )}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}}`;
}

/** sha1 of `namespace:label`: the same label always yields the same id. */
export function labelIds(namespace: string): IdSource {
  const digest = (label: string): string =>
    createHash('sha1').update(`${namespace}:${label}`).digest('hex');
  return {
    hash: (label) => digest(`commit:${label}`),
    uuid: (label) => braces(digest(`uuid:${label}`)),
  };
}

/** Ids drawn from the seeded RNG (labels ignored). */
export function randomIds(rng: SeededRandom): IdSource {
  return {
    hash: () => rng.hex(40),
    uuid: () => `{${rng.uuid()}}`,
  };
}
