import {
  parseOpenSshPublicKey,
  publicKeyFingerprintMd5,
  publicKeyFingerprintSha256,
} from './publicKeys';

// Expected values are what `ssh-keygen -lf` and `ssh-keygen -E md5 -lf`
// print for these keys (OpenSSH 9).
const ED25519 =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMD8X+YGHt3iO3rIIHJoJo4mn5fQ3Tmjh4UGClc5ZWZb ci-deploy@acme-demo';
// The example key of Bitbucket's "List repository deploy keys" answer.
const RSA =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDAK/b1cHHDr/TEV1JGQl+WjCwStKG6Bhrv0rFpEsYlyTBm1fzN0VOJJYn4ZOPCPJwqse6fGbXntEs+BbXiptR+++HycVgl65TMR0b5ul5AgwrVdZdT7qjCOCgaSV74/9xlHDK8oqgGnfA7ZoBBU+qpVyaloSjBdJfLtPY/xqj4yHnXKYzrtn/uFc4Kp9Tb7PUg9Io3qohSTGJGVHnsVblq/rToJG7L5xIo0OxK0SJSQ5vuId93ZuFZrCNMXj8JDHZeSEtjJzpRCBEXHxpOPhAcbm4MzULgkFHhAVgp4JbkrT99/wpvZ7r9AdkTg7HGqL3rlaDrEcWfL7Lu6TnhBdq5 mleu@C02W454JHTD8';

describe.each([
  [
    'publicKeyFingerprintSha256',
    publicKeyFingerprintSha256,
    'ssh-keygen -lf',
    'SHA256:fYo/QkH17T7Eb6tiik+HAxx20NsH/OBIbTVL6oWmkX8',
    'SHA256:5RwKQeOxqD02mfSAtFyb/+av6FGBnCTBsPK4UbyTB8M',
  ],
  [
    'publicKeyFingerprintMd5',
    publicKeyFingerprintMd5,
    'ssh-keygen -E md5 -lf, without its MD5: prefix',
    '5c:0e:5e:5b:8c:4d:7f:a2:67:1e:aa:87:bd:0d:66:96',
    '75:ba:f0:d4:07:53:46:5b:87:ee:a9:44:a6:f1:52:5f',
  ],
])('%s', (_name, fingerprint, tool, ed25519, rsa) => {
  test(`is what ${tool} prints`, () => {
    expect(fingerprint(ED25519)).toBe(ed25519);
    expect(fingerprint(RSA)).toBe(rsa);
  });
});

describe('publicKeyFingerprintSha256', () => {
  test('ignores the comment, surrounding space and authorized_keys options', () => {
    const body = ED25519.split(' ').slice(0, 2).join(' ');
    const expected = publicKeyFingerprintSha256(ED25519);
    expect(publicKeyFingerprintSha256(body)).toBe(expected);
    expect(publicKeyFingerprintSha256(`  ${body} other comment \n`)).toBe(
      expected,
    );
    expect(
      publicKeyFingerprintSha256(`no-pty,no-agent-forwarding ${body}`),
    ).toBe(expected);
  });

  test.each([
    ['not a string', 42],
    ['empty', ''],
    ['a type without body', 'ssh-ed25519'],
    ['an unknown type', 'ssh-foo AAAAC3NzaC1lZDI1NTE5AAAAIMD8X+YGHt3iO3rIIHJo'],
    ['a body that is not base64', 'ssh-ed25519 not*base64'],
    [
      'a body of another type than its first field',
      ED25519.replace('ssh-ed25519', 'ssh-rsa'),
    ],
    ['a private key header', '-----BEGIN OPENSSH PRIVATE KEY-----'],
  ])('undefined for %s', (_name, value) => {
    expect(publicKeyFingerprintSha256(value)).toBeUndefined();
    expect(publicKeyFingerprintMd5(value)).toBeUndefined();
  });
});

describe('parseOpenSshPublicKey', () => {
  test('type, blob and comment', () => {
    const key = parseOpenSshPublicKey(ED25519);
    expect(key?.type).toBe('ssh-ed25519');
    expect(key?.comment).toBe('ci-deploy@acme-demo');
    expect(key?.blob.length).toBe(51);
  });
});
