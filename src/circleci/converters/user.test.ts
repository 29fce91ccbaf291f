import {
  createAccountEntity,
  createUserEntity,
  createUserPersonMappedRelationship,
} from './user';
import { createUserGroupEntity } from './userGroup';
import { ALICE } from '../test-support/users';
import { typed } from '../test-support/entity';

const me = ALICE;

test('createAccountEntity: keyed by the /me user id, named by the login', () => {
  expect(createAccountEntity(me)).toEqual({
    _key: 'circleci_account:5f1c0c2e-1111-4e4e-8a8a-000000000001',
    ...typed('circleci_account', ['Account'], me),
    id: me.id,
    userId: me.id,
    name: 'alice',
    displayName: 'alice',
    login: 'alice',
    vendor: 'CircleCI',
  });
});

test('createUserEntity: the real name, the login as username', () => {
  expect(createUserEntity(me, { tokenOwner: true })).toEqual({
    _key: 'circleci_user:5f1c0c2e-1111-4e4e-8a8a-000000000001',
    ...typed('circleci_user', ['User'], me),
    id: me.id,
    name: 'Alice Example',
    displayName: 'Alice Example',
    username: 'alice',
    login: 'alice',
    active: true,
    tokenOwner: true,
  });
  const nameless = { ...me, name: '' };
  expect(createUserEntity(nameless, { tokenOwner: false })).toMatchObject({
    name: 'alice',
    displayName: 'alice',
    tokenOwner: false,
  });
});

test('createUserPersonMappedRelationship: Person.circleciLogin = username, never creates the Person', () => {
  const user = createUserEntity(me, { tokenOwner: true });
  expect(createUserPersonMappedRelationship(user)).toEqual({
    _key: 'circleci_user:5f1c0c2e-1111-4e4e-8a8a-000000000001|is|FORWARD:_class=Person:circleciLogin=alice',
    _type: 'circleci_user_is_person',
    _class: 'IS',
    displayName: 'IS',
    _mapping: {
      relationshipDirection: 'FORWARD',
      sourceEntityKey: user._key,
      targetFilterKeys: [['_class', 'circleciLogin']],
      targetEntity: { _class: 'Person', circleciLogin: 'alice' },
      skipTargetCreation: true,
    },
  });
});

test('createUserGroupEntity: an organization; a null id falls back to the slug', () => {
  const org = {
    id: '0b7a6d8e-2222-4f4f-9b9b-000000000002',
    'vcs-type': 'github',
    name: 'acme',
    avatar_url: 'https://example.com/a.png',
    slug: 'gh/acme',
  };
  expect(createUserGroupEntity(org)).toEqual({
    _key: 'circleci_user_group:0b7a6d8e-2222-4f4f-9b9b-000000000002',
    ...typed('circleci_user_group', ['Group'], org),
    id: org.id,
    name: 'acme',
    displayName: 'acme',
    slug: 'gh/acme',
    vcstype: 'github',
    vcsType: 'github',
    webLink: 'https://app.circleci.com/pipelines/gh/acme',
    // No controls were read (controls.test.ts has them).
    oidcClaimsAvailable: false,
    urlOrbAllowListAvailable: false,
    configPolicyAvailable: false,
  });
  expect(createUserGroupEntity({ ...org, id: null })._key).toBe(
    'circleci_user_group:gh/acme',
  );
});
