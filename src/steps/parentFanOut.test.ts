import {
  Entity,
  IntegrationProviderAPIError,
} from '@jupiterone/integration-sdk-core';
import {
  createMockJobState,
  createMockStepExecutionContext,
} from '@jupiterone/integration-sdk-testing';
import { IntegrationConfig } from '../config';
import { ResponseShapeError } from '../responseShape';
import { addChildren, CollectedParents, FanOut, forEachCollected } from '.';

const project = (id: string): Entity => ({
  _key: `p:${id}`,
  _type: 'test_project',
  _class: ['Project'],
  id,
});

const projects: CollectedParents<string> = {
  type: 'test_project',
  read: (entity) => (typeof entity.id === 'string' ? entity.id : undefined),
  name: (id) => `project ${id}`,
  noun: 'project',
};

function contextWith(entities: Entity[]) {
  const context = createMockStepExecutionContext<IntegrationConfig>({
    instanceConfig: {},
    entities,
  });
  const warnings: string[] = [];
  jest
    .spyOn(context.logger, 'publishWarnEvent')
    .mockImplementation((event) => warnings.push(event.description));
  return { context, warnings };
}

const status = (code: number) =>
  new IntegrationProviderAPIError({
    endpoint: 'GET /x',
    status: code,
    statusText: String(code),
  });

describe('forEachCollected', () => {
  test('visits every readable parent, at most `limit` at a time', async () => {
    const { context } = contextWith([
      ...['a', 'b', 'c', 'd', 'e'].map(project),
      { ...project('no-id'), id: undefined },
    ]);
    let running = 0;
    let peak = 0;
    const visited: string[] = [];
    await forEachCollected(context, projects, {
      what: 'widgets',
      limit: 2,
      visit: async (_entity, id) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        visited.push(id);
        running -= 1;
      },
      describe: () => 'never',
    });
    expect(peak).toBe(2);
    expect(visited.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  test('403/404 parents are named in one warning; a wrong shape in its own', async () => {
    const { context, warnings } = contextWith(
      ['a', 'b', 'c', 'd'].map(project),
    );
    const failures: Record<string, Error> = {
      a: status(404),
      c: status(403),
      d: new ResponseShapeError('Vendor', 'GET /x', 'a string'),
    };
    const visited: string[] = [];
    await forEachCollected(context, projects, {
      what: 'widgets',
      limit: 4,
      visit: async (_entity, id) => {
        if (failures[id]) throw failures[id];
        visited.push(id);
      },
      describe: (gaps) =>
        `${gaps.length} ${projects.noun}(s): ${gaps
          .map((gap) => `${gap.name} ${gap.status}`)
          .sort()
          .join(', ')}`,
    });
    expect(visited).toEqual(['b']);
    expect(warnings.sort()).toEqual([
      '2 project(s): project a 404, project c 403',
      'The widgets of project d was skipped: Vendor GET /x answered a string. Everything else is still collected.',
    ]);
  });

  test('any other failure fails the run after the visits in flight', async () => {
    const { context, warnings } = contextWith(['a', 'b'].map(project));
    let finished = false;
    const run = forEachCollected(context, projects, {
      what: 'widgets',
      limit: 2,
      visit: async (_entity, id) => {
        if (id === 'a') throw status(500);
        await new Promise((resolve) => setTimeout(resolve, 10));
        finished = true;
      },
      describe: () => 'never',
    });
    await expect(run).rejects.toThrow();
    expect(finished).toBe(true);
    expect(warnings).toEqual([]);
  });

  test('work handed to `children` is finished before the warning', async () => {
    const { context, warnings } = contextWith(['a', 'b'].map(project));
    const children = new FanOut(1);
    const done: string[] = [];
    await forEachCollected(context, projects, {
      what: 'widgets',
      limit: 2,
      children,
      visit: async (_entity, id) => {
        if (id === 'b') throw status(403);
        await children.add(async () => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          done.push(id);
        });
      },
      describe: () => `gaps after ${done.join(',')}`,
    });
    expect(warnings).toEqual(['gaps after a']);
  });
});

describe('addChildren', () => {
  test('adds each item once under its parent, then runs `each`', async () => {
    const jobState = createMockJobState();
    const parent = project('a');
    async function* items() {
      yield 'x';
      yield 'y';
      yield 'x';
    }
    const seen: string[] = [];
    await addChildren(
      jobState,
      parent,
      items(),
      (item) => ({ _key: `w:${item}`, _type: 'test_widget', _class: ['Key'] }),
      async (child, item) => {
        seen.push(`${child._key}=${item}`);
      },
    );
    expect(jobState.collectedEntities.map((e) => e._key)).toEqual([
      'w:x',
      'w:y',
    ]);
    expect(jobState.collectedRelationships.map((r) => r._key)).toEqual([
      'p:a|has|w:x',
      'p:a|has|w:y',
    ]);
    expect(seen).toEqual(['w:x=x', 'w:y=y', 'w:x=x']);
  });
});
