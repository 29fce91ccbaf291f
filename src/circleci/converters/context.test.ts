import { createContextEntity, createContextEnvVarEntity } from './context';
import { typed } from '../test-support/entity';

const context = {
  id: '77777777-aaaa-4bbb-8ccc-000000000007',
  name: 'prod-deploy',
  created_at: '2026-01-02T03:04:05Z',
};

test('createContextEntity: belongs to its organization, with its restriction kinds', () => {
  expect(
    createContextEntity(context, { slug: 'gh/acme' }, [
      'project',
      'expression',
      'project',
    ]),
  ).toEqual({
    _key: 'circleci_context:77777777-aaaa-4bbb-8ccc-000000000007',
    ...typed('circleci_context', ['Configuration'], context),
    id: context.id,
    name: 'prod-deploy',
    displayName: 'prod-deploy',
    createdOn: Date.parse('2026-01-02T03:04:05Z'),
    organizationSlug: 'gh/acme',
    restricted: true,
    restrictionTypes: ['expression', 'project'],
  });
});

test('createContextEntity: a context without restrictions is usable by every project', () => {
  expect(createContextEntity(context, { slug: 'gh/acme' }, [])).toMatchObject({
    restricted: false,
    restrictionTypes: [],
  });
});

test('createContextEnvVarEntity: keyed by context and variable name', () => {
  const variable = {
    variable: 'AWS_SECRET_ACCESS_KEY',
    created_at: '2026-01-02T03:04:05Z',
    updated_at: '2026-02-02T03:04:05Z',
    context_id: context.id,
  };
  expect(createContextEnvVarEntity(variable, context)).toEqual({
    _key: 'circleci_context_environment_variable:77777777-aaaa-4bbb-8ccc-000000000007:AWS_SECRET_ACCESS_KEY',
    ...typed(
      'circleci_context_environment_variable',
      ['Configuration', 'Secret'],
      variable,
    ),
    name: 'AWS_SECRET_ACCESS_KEY',
    displayName: 'AWS_SECRET_ACCESS_KEY',
    variable: 'AWS_SECRET_ACCESS_KEY',
    contextId: context.id,
    contextName: 'prod-deploy',
    createdOn: Date.parse('2026-01-02T03:04:05Z'),
    updatedOn: Date.parse('2026-02-02T03:04:05Z'),
  });
});
