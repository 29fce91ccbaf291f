import { RelationshipClass } from '@jupiterone/integration-sdk-core';
import { useStepRecording } from '../../../test/stepTest';
import { CircleCIEntities, CircleCISteps } from '../metadata';

const steps = useStepRecording(__dirname, 'circleci');

test(CircleCISteps.ACCOUNT.id, async () => {
  steps.start(CircleCISteps.ACCOUNT.id);
  const { collectedEntities, collectedRelationships } = await steps.execute(
    CircleCISteps.ACCOUNT.id,
  );

  const accounts = collectedEntities.filter(
    (e) => e._type === CircleCIEntities.ACCOUNT._type,
  );
  const users = collectedEntities.filter(
    (e) => e._type === CircleCIEntities.USER._type,
  );
  expect(collectedEntities).toHaveLength(2);
  expect(accounts).toMatchGraphObjectSchema({ _class: ['Account'] });
  expect(users).toMatchGraphObjectSchema({ _class: ['User'] });
  const [account] = accounts;
  const [user] = users;
  expect(account._key).toBe(`circleci_account:${String(account.id)}`);
  expect(account).toMatchObject({
    name: user.username,
    login: user.username,
    vendor: 'CircleCI',
  });
  expect(user).toMatchObject({
    _key: `circleci_user:${String(account.id)}`,
    tokenOwner: true,
    active: true,
  });

  const direct = collectedRelationships.filter((r) => !r._mapping);
  expect(direct).toMatchDirectRelationshipSchema({});
  expect(
    direct.map((r) => [r._type, r._fromEntityKey, r._toEntityKey]),
  ).toEqual([['circleci_account_has_user', account._key, user._key]]);
  const mapped = collectedRelationships.filter((r) => r._mapping);
  expect(mapped).toHaveLength(1);
  expect(mapped[0]).toMatchObject({
    _class: RelationshipClass.IS,
    _type: 'circleci_user_is_person',
    _mapping: {
      sourceEntityKey: user._key,
      relationshipDirection: 'FORWARD',
      targetFilterKeys: [['_class', 'circleciLogin']],
      targetEntity: { _class: 'Person', circleciLogin: user.username },
      skipTargetCreation: true,
    },
  });
});
