import { createUserGroupEntity } from './userGroup';

const collaboration = {
  id: '55555555-aaaa-4bbb-8ccc-000000000005',
  vcs_type: 'github',
  name: 'acme',
  avatar_url: '',
  slug: 'gh/acme',
};

test('organization controls: customised OIDC claims, the URL-orb allow list and enforced config policies', () => {
  expect(
    createUserGroupEntity(collaboration, {
      oidcClaims: {
        org_id: collaboration.id,
        audience: ['sts.amazonaws.com'],
        ttl: '30m',
      },
      urlOrbAllowList: [
        { id: 'a', prefix: 'https://b.example/' },
        { id: 'b', prefix: 'https://a.example/' },
      ],
      configPolicy: { enabled: true },
    }),
  ).toMatchObject({
    oidcClaimsAvailable: true,
    oidcCustomAudience: true,
    oidcAudience: ['sts.amazonaws.com'],
    oidcTokenTtl: '30m',
    urlOrbAllowListAvailable: true,
    urlOrbAllowListCount: 2,
    urlOrbAllowedPrefixes: ['https://a.example/', 'https://b.example/'],
    configPolicyAvailable: true,
    configPolicyEnforced: true,
  });
});

test('controls that could not be read are "not available", never "off"', () => {
  const entity = createUserGroupEntity(collaboration);
  expect(entity).toMatchObject({
    oidcClaimsAvailable: false,
    urlOrbAllowListAvailable: false,
    configPolicyAvailable: false,
  });
  for (const property of [
    'oidcCustomAudience',
    'oidcTokenTtl',
    'urlOrbAllowListCount',
    'configPolicyEnforced',
  ]) {
    expect(entity[property]).toBeUndefined();
  }
});

test('uncustomised claims and policies switched off', () => {
  expect(
    createUserGroupEntity(collaboration, {
      oidcClaims: { org_id: collaboration.id },
      urlOrbAllowList: [],
      configPolicy: { enabled: false },
    }),
  ).toMatchObject({
    oidcClaimsAvailable: true,
    oidcCustomAudience: false,
    urlOrbAllowListCount: 0,
    configPolicyEnforced: false,
  });
});
