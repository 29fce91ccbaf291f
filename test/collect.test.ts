import {
  createDirectRelationship,
  IntegrationWarnEventName,
  RelationshipClass,
  StepResultStatus,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig } from '../src/config';
import { collectInProcess, countByType } from './collect';

const invocation: NonNullable<
  Parameters<typeof collectInProcess>[0]['invocation']
> = {
  instanceConfigFields: {},
  integrationSteps: [
    {
      id: 'fake-account',
      name: 'Fake account',
      entities: [
        { resourceName: 'A', _type: 'fake_account', _class: 'Account' },
      ],
      relationships: [],
      async executionHandler({ jobState, logger, executionHistory }) {
        await jobState.addEntity({
          _key: 'fake_account:1',
          _type: 'fake_account',
          _class: 'Account',
          name: `started ${executionHistory.current.startedOn}`,
        });
        logger.publishWarnEvent({
          name: IntegrationWarnEventName.MissingPermission,
          description: 'fake warning',
        });
      },
    },
    {
      id: 'fake-user',
      name: 'Fake user',
      dependsOn: ['fake-account'],
      entities: [{ resourceName: 'U', _type: 'fake_user', _class: 'User' }],
      relationships: [
        {
          _type: 'fake_account_has_user',
          sourceType: 'fake_account',
          _class: RelationshipClass.HAS,
          targetType: 'fake_user',
        },
      ],
      async executionHandler({ jobState }) {
        const account = await jobState.findEntity('fake_account:1');
        if (!account) throw new Error('fake_account:1 missing');
        const user = await jobState.addEntity({
          _key: 'fake_user:1',
          _type: 'fake_user',
          _class: 'User',
          name: 'u',
          username: 'u',
          active: true,
        });
        await jobState.addRelationship(
          createDirectRelationship({
            _class: RelationshipClass.HAS,
            from: account,
            to: user,
          }),
        );
      },
    },
  ],
} as NonNullable<Parameters<typeof collectInProcess>[0]['invocation']>;

test('collectInProcess runs every step and returns the graph, step results and warn events', async () => {
  const result = await collectInProcess({
    config: {} as IntegrationConfig,
    now: 1_700_000_000_000,
    invocation,
  });
  expect(result.stepResults).toEqual([
    { id: 'fake-account', status: StepResultStatus.SUCCESS },
    { id: 'fake-user', status: StepResultStatus.SUCCESS },
  ]);
  expect(countByType(result.entities)).toEqual({
    fake_account: 1,
    fake_user: 1,
  });
  expect(countByType(result.relationships)).toEqual({
    fake_account_has_user: 1,
  });
  expect(result.entities.find((e) => e._type === 'fake_account')?.name).toBe(
    'started 1700000000000',
  );
  expect(result.warnEvents).toEqual([
    expect.objectContaining({
      name: 'warn_missing_permission',
      description: 'fake warning',
    }),
  ]);
  expect(process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY).toBeUndefined();
});

test('a disabled ingestion source disables its steps', async () => {
  const withSources = {
    ...invocation,
    integrationSteps: invocation.integrationSteps.map((step) =>
      step.id === 'fake-account'
        ? step
        : { ...step, dependsOn: [], ingestionSourceId: 'users' },
    ),
  };
  const result = await collectInProcess({
    config: {} as IntegrationConfig,
    invocation: withSources,
    disabledSources: ['users'],
    enableSchemaValidation: false,
  });
  expect(result.stepResults).toContainEqual({
    id: 'fake-user',
    status: StepResultStatus.DISABLED,
  });
});
