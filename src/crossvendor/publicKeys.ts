import { createHash } from 'crypto';

/**
 * The identity of an SSH public key across vendors: what `ssh-keygen -lf`
 * prints for it, "SHA256:" + the unpadded base64 of the SHA-256 of the key
 * blob (the base64-decoded second field of the OpenSSH line
 * "type body [comment]"). CircleCI checkout keys and Bitbucket deploy keys
 * both carry `fingerprintSha256` computed here, so the same key pair held
 * by both vendors is one credential.
 *
 * Undefined when the text is not an OpenSSH public key line (no body, or a
 * body that is not base64, or a blob whose embedded type name differs from
 * the line's): an unverifiable key never joins another.
 */
export function sshPublicKeyFingerprintSha256(
  publicKey: string | null | undefined,
): string | undefined {
  if (typeof publicKey !== 'string') return undefined;
  const [type, body] = publicKey.trim().split(/\s+/);
  if (!type || !body || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
  const blob = Buffer.from(body, 'base64');
  // The blob starts with the key type as an SSH string (uint32 length +
  // bytes); a line whose blob names another type is not a real key line.
  if (blob.length < 4) return undefined;
  const nameLength = blob.readUInt32BE(0);
  if (nameLength <= 0 || 4 + nameLength > blob.length) return undefined;
  if (blob.subarray(4, 4 + nameLength).toString('latin1') !== type) {
    return undefined;
  }
  const digest = createHash('sha256').update(blob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}
