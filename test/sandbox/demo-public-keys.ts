/**
 * Public keys that appear in BOTH vendors' demo data: the same credential
 * registered as a Bitbucket deploy key and as a CircleCI checkout key, so
 * the cross-vendor link (circleci_checkout_key IS bitbucket_deploy_key,
 * joined on `fingerprintSha256`) has a case to find.
 *
 * Real OpenSSH public keys made with `ssh-keygen -t ed25519`; their private
 * halves were discarded and exist nowhere. The fingerprints are what
 * `ssh-keygen -lf` prints, so tests can spell the expected values out.
 */

/** Registered on a Bitbucket repository and on the CircleCI project building it. */
export const SHARED_DEPLOY_PUBLIC_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMD8X+YGHt3iO3rIIHJoJo4mn5fQ3Tmjh4UGClc5ZWZb ci-deploy@acme-demo';
export const SHARED_DEPLOY_KEY_FINGERPRINT_SHA256 =
  'SHA256:fYo/QkH17T7Eb6tiik+HAxx20NsH/OBIbTVL6oWmkX8';
/** `ssh-keygen -E md5 -lf` without "MD5:" (CircleCI's `fingerprint` form). */
export const SHARED_DEPLOY_KEY_FINGERPRINT_MD5 =
  '5c:0e:5e:5b:8c:4d:7f:a2:67:1e:aa:87:bd:0d:66:96';
