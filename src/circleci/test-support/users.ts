import { CircleCIUser } from '../client/responses/accounts';

/** CircleCI users as `GET /me` and `GET /user/{id}` answer, for unit tests. */
export const ALICE: CircleCIUser = {
  id: '5f1c0c2e-1111-4e4e-8a8a-000000000001',
  login: 'alice',
  name: 'Alice Example',
  avatar_url: null,
};

export const BOB: CircleCIUser = {
  id: '33333333-aaaa-4bbb-8ccc-000000000003',
  login: 'bob',
  name: 'Bob',
  avatar_url: null,
};
