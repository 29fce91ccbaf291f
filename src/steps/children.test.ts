import {
  createIntegrationEntity,
  IntegrationProviderAPIError,
  IntegrationWarnEventName,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import { createMockStepExecutionContext } from '@jupiterone/integration-sdk-testing';
import { IntegrationConfig } from '../config';
import { addChildrenOfEach, ParentKind, PerParent } from '.';

interface Parent {
  id: string;
  items: number[] | 403 | 404;
}

const kind: ParentKind<Parent> = {
  counted: 'shelf(s)',
  others: 'Every other shelf is still collected.',
  name: (parent) => `shelf '${parent.id}'`,
  end: (parent) => ({ _key: parent.id, _type: 'shelf' }),
};

function options(parents: Parent[], concurrency = 2): PerParent<Parent> {
  return {
    kind,
    parents,
    concurrency,
    what: 'books',
    hint: 'Reading books needs a library card.',
  };
}

function book(parent: Parent, n: number) {
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _key: `${parent.id}:${n}`,
        _type: 'book',
        _class: ['Resource'],
        name: String(n),
      },
    },
  });
}

async function* listing(parent: Parent): AsyncIterable<number> {
  if (typeof parent.items === 'number') {
    throw new IntegrationProviderAPIError({
      endpoint: 'GET /shelves/{id}/books',
      status: parent.items,
      statusText: 'x',
    });
  }
  yield* parent.items;
}

function setup() {
  const context = createMockStepExecutionContext<IntegrationConfig>({
    instanceConfig: {},
  });
  const events: Array<{ name: string; description: string }> = [];
  jest
    .spyOn(context.logger, 'publishWarnEvent')
    .mockImplementation((event) => events.push(event));
  return { context, events };
}

describe('addChildrenOfEach', () => {
  test('writes each child once with its HAS, and names every 403/404 parent in one warning', async () => {
    const { context, events } = setup();
    const parents: Parent[] = [
      { id: 'b', items: 404 },
      { id: 'c', items: [1, 2, 2, 3] },
      { id: 'a', items: 403 },
    ];
    await addChildrenOfEach(context, options(parents), {
      list: listing,
      // 2 is listed twice: written once.
      convert: (parent, n) => book(parent, n),
    });
    expect(context.jobState.collectedEntities.map((e) => e._key)).toEqual([
      'c:1',
      'c:2',
      'c:3',
    ]);
    expect(
      context.jobState.collectedRelationships.map((r) => [
        r._type,
        r._fromEntityKey,
        r._toEntityKey,
      ]),
    ).toEqual([
      ['shelf_has_book', 'c', 'c:1'],
      ['shelf_has_book', 'c', 'c:2'],
      ['shelf_has_book', 'c', 'c:3'],
    ]);
    expect(events).toEqual([
      {
        name: IntegrationWarnEventName.MissingPermission,
        description:
          "The books of 2 shelf(s) could not be read: shelf 'a' (403 Forbidden), shelf 'b' (404 Not Found). Every other shelf is still collected. Reading books needs a library card.",
      },
    ]);
  });

  test('stops a listing at `until`, skips what convert leaves out, uses the given class', async () => {
    const { context, events } = setup();
    const read: number[] = [];
    await addChildrenOfEach(context, options([{ id: 's', items: [] }], 1), {
      list: async function* () {
        for (const n of [1, 2, 3, 4, 5]) {
          read.push(n);
          yield n;
        }
      },
      until: (n) => n === 4,
      convert: (parent, n) => (n === 2 ? undefined : book(parent, n)),
      relationshipClass: RelationshipClass.CONTAINS,
    });
    expect(read).toEqual([1, 2, 3, 4]);
    expect(context.jobState.collectedEntities.map((e) => e._key)).toEqual([
      's:1',
      's:3',
    ]);
    expect(context.jobState.collectedRelationships.map((r) => r._type)).toEqual(
      ['shelf_contains_book', 'shelf_contains_book'],
    );
    expect(events).toEqual([]);
  });

  test('any other failure fails the whole listing', async () => {
    const { context } = setup();
    await expect(
      addChildrenOfEach(context, options([{ id: 's', items: [1] }]), {
        list: listing,
        convert: () => {
          throw new Error('converter bug');
        },
      }),
    ).rejects.toThrow('converter bug');
  });
});
