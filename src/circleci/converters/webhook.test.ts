import { createWebhookEntity, webhookUrlParts } from './webhook';

const project = {
  id: '11111111-aaaa-4bbb-8ccc-000000000001',
  slug: 'gh/acme/api',
};

test('only the URL host and scheme, and whether a signing secret is set, are kept (entity and raw data)', () => {
  const entity = createWebhookEntity(
    {
      id: '22222222-aaaa-4bbb-8ccc-000000000002',
      name: 'relay',
      url: 'https://hooks.example.com/services/T0/B0/tok3nInPath?key=qs-secret',
      'verify-tls': false,
      'signing-secret': '****beef',
      events: ['workflow-completed', 'job-completed', 'workflow-completed'],
      scope: { id: project.id, type: 'project' },
      'created-at': '2026-01-02T03:04:05Z',
      'updated-at': '2026-01-03T03:04:05Z',
    },
    project,
  );
  expect(entity).toMatchObject({
    _key: 'circleci_webhook:22222222-aaaa-4bbb-8ccc-000000000002',
    _class: ['ApplicationEndpoint'],
    urlHost: 'hooks.example.com',
    https: true,
    verifyTls: false,
    signingSecretSet: true,
    events: ['job-completed', 'workflow-completed'],
    projectSlug: 'gh/acme/api',
  });
  const text = JSON.stringify(entity);
  for (const secret of ['tok3nInPath', 'qs-secret', 'beef', '/services']) {
    expect(text).not.toContain(secret);
  }
});

test('no signing secret ("" or null) and a plain-http URL', () => {
  for (const secret of ['', null, undefined]) {
    const entity = createWebhookEntity(
      {
        id: 'w',
        url: 'http://plain.example.com/hook',
        'signing-secret': secret,
      },
      project,
    );
    expect([entity.signingSecretSet, entity.https]).toEqual([false, false]);
  }
});

test('an unparseable URL gives no host, not an error', () => {
  expect(webhookUrlParts('not a url')).toEqual({});
  expect(webhookUrlParts(undefined)).toEqual({});
});
