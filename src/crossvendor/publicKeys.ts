import { createHash } from 'crypto';

/**
 * Public-key identity shared by every key entity of both vendors
 * (bitbucket_deploy_key, circleci_checkout_key): the same SSH key has the
 * same `fingerprintSha256` whichever API reported it, so the cross-vendor
 * link joins on it.
 *
 * The fingerprint is the one `ssh-keygen -lf` prints: "SHA256:" followed by
 * the unpadded base64 of the SHA-256 digest of the key blob (the
 * base64-decoded second field of an OpenSSH public key line
 * "type body [comment]"). Only public keys are ever read here.
 */

/**
 * Key types OpenSSH writes in a public key line (ssh-keygen(1) `-t`, plus
 * the FIDO `sk-` variants and certificates).
 */
const KEY_TYPE =
  /^(ssh-(rsa|dss|ed25519|ed448)|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+)(-cert-v01@openssh\.com)?$/;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface ParsedPublicKey {
  /** e.g. `ssh-ed25519`. */
  type: string;
  /** The decoded key blob. */
  blob: Buffer;
  /** The free-text comment after the key, when present. */
  comment?: string;
}

/**
 * Parses an OpenSSH public key line. Leading authorized_keys options are
 * skipped (the type is the first field that names a key type). Undefined
 * for anything else, including a body whose embedded type (the blob starts
 * with its own length-prefixed type name) disagrees with the first field.
 */
export function parseOpenSshPublicKey(
  value: unknown,
): ParsedPublicKey | undefined {
  if (typeof value !== 'string') return undefined;
  const fields = value.trim().split(/\s+/);
  const at = fields.findIndex((field) => KEY_TYPE.test(field));
  if (at < 0 || at + 1 >= fields.length) return undefined;
  const type = fields[at];
  const body = fields[at + 1];
  if (!BASE64.test(body)) return undefined;
  const blob = Buffer.from(body, 'base64');
  if (blob.length < 4) return undefined;
  const nameLength = blob.readUInt32BE(0);
  if (4 + nameLength > blob.length) return undefined;
  if (blob.subarray(4, 4 + nameLength).toString('latin1') !== type) {
    return undefined;
  }
  const comment = fields.slice(at + 2).join(' ');
  return { type, blob, ...(comment ? { comment } : {}) };
}

/**
 * "SHA256:<unpadded base64>" of an OpenSSH public key, as `ssh-keygen -lf`
 * prints it; undefined when the value is not an OpenSSH public key.
 */
export function publicKeyFingerprintSha256(value: unknown): string | undefined {
  const key = parseOpenSshPublicKey(value);
  if (!key) return undefined;
  const digest = createHash('sha256').update(key.blob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/**
 * The legacy MD5 fingerprint ("aa:bb:..."; `ssh-keygen -E md5 -lf` without
 * its "MD5:" prefix), the form some APIs report (e.g. CircleCI's checkout
 * key `fingerprint`); undefined when the value is not a public key.
 */
export function publicKeyFingerprintMd5(value: unknown): string | undefined {
  const key = parseOpenSshPublicKey(value);
  if (!key) return undefined;
  const hex = createHash('md5').update(key.blob).digest('hex');
  return hex.match(/../g)?.join(':');
}
