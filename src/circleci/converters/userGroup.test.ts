import { CircleCICollaboration } from '../client/responses/accounts';
import { createUserGroupEntity } from './userGroup';

const base = {
  id: '0a1b2c3d-0000-4000-8000-000000000001',
  name: 'acme',
  avatar_url: 'https://avatars.invalid/acme',
  slug: 'gh/acme',
};

test('vcsType from the real spelling vcs_type', () => {
  const real: CircleCICollaboration = { ...base, vcs_type: 'github' };
  expect(createUserGroupEntity(real)).toMatchObject({
    vcsType: 'github',
    vcstype: 'github',
  });
});

test("vcsType from the spec's spelling vcs-type", () => {
  const spec: CircleCICollaboration = { ...base, 'vcs-type': 'bitbucket' };
  expect(createUserGroupEntity(spec)).toMatchObject({ vcsType: 'bitbucket' });
});

test('a circleci/<org-id> organization: key by id, link by slug', () => {
  const standalone: CircleCICollaboration = {
    ...base,
    slug: `circleci/${base.id}`,
    vcs_type: 'circleci',
  };
  expect(createUserGroupEntity(standalone)).toMatchObject({
    _key: `circleci_user_group:${base.id}`,
    vcsType: 'circleci',
    webLink: `https://app.circleci.com/pipelines/circleci/${base.id}`,
  });
});
