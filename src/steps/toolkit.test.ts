import {
  IntegrationProviderAPIError,
  IntegrationWarnEventName,
  RelationshipClass,
  RelationshipDirection,
} from '@jupiterone/integration-sdk-core';
import {
  createMockExecutionContext,
  createMockJobState,
} from '@jupiterone/integration-sdk-testing';
import { fakeTransport } from '../http/test-support/fake-transport';
import { IntegrationConfig } from '../config';
import { ResponseShapeError } from '../responseShape';
import {
  AccessGaps,
  addChildOnce,
  configHash,
  countingTransport,
  declareStep,
  FanOut,
  forEachLimited,
  logStepRequests,
  RunClientCache,
} from '.';

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('forEachLimited', () => {
  test('never has more than `limit` calls in flight', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(n);
      running -= 1;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test('an iterator failure waits for started calls, then is thrown', async () => {
    const gate = deferred();
    let finished = false;
    async function* items() {
      yield 1;
      throw new Error('page 2 answered 403');
    }
    const run = forEachLimited(items(), 5, async () => {
      await gate.promise;
      finished = true;
    });
    setTimeout(() => gate.resolve(), 10);
    await expect(run).rejects.toThrow('page 2 answered 403');
    expect(finished).toBe(true);
  });

  test('the first failing call stops new calls and is thrown', async () => {
    const started: number[] = [];
    await expect(
      forEachLimited([1, 2, 3, 4], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
});

describe('countingTransport', () => {
  test('counts requests per endpoint and delegates everything', async () => {
    const base = fakeTransport(
      'http://127.0.0.1:1/bitbucket/2.0',
      () => ({ ok: true }),
      { summary: () => 'base summary', maxPages: 7 },
    );
    const sent = base.sent;
    const { transport, counts } = countingTransport(base);
    await transport.requestJson({ url: '/a', endpoint: 'GET /a' });
    await transport.requestJson({ url: '/a?page=2', endpoint: 'GET /a' });
    await transport.requestJson({ url: '/b', endpoint: 'GET /b' });
    expect(counts).toEqual({ 'GET /a': 2, 'GET /b': 1 });
    expect(sent.map((o) => o.url)).toEqual(['/a', '/a?page=2', '/b']);
    expect(transport.baseUrl).toBe(base.baseUrl);
    expect(transport.summary()).toBe('base summary');
    expect(transport.logger).toBe(base.logger);
    expect(transport.maxPages).toBe(7);
  });
});

describe('FanOut', () => {
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  test('add waits while `limit` tasks run; drain waits for all', async () => {
    const pool = new FanOut(3);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      await pool.add(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await tick();
        running -= 1;
        done.push(i);
      });
    }
    await pool.drain();
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('after a failure add throws it and starts nothing more', async () => {
    const pool = new FanOut(1);
    await pool.add(async () => {
      throw new Error('boom');
    });
    await expect(pool.add(async () => undefined)).rejects.toThrow('boom');
    await expect(pool.drain()).rejects.toThrow('boom');
  });
});

const fields = { endpoint: 'GET /x', statusText: 'x' };

function capturedContext() {
  const context = createMockExecutionContext<IntegrationConfig>({
    instanceConfig: {},
  });
  const events: Array<{ name: string; description: string }> = [];
  jest
    .spyOn(context.logger, 'publishWarnEvent')
    .mockImplementation((event) => events.push(event));
  return { context, events };
}

describe('AccessGaps', () => {
  test('records 403/404 per resource and publishes one warning for all', async () => {
    const { context, events } = capturedContext();
    const gaps = new AccessGaps(context, 'pipelines');
    const ran: string[] = [];
    await gaps.attempt('project a', async () => {
      throw new IntegrationProviderAPIError({ ...fields, status: 403 });
    });
    await gaps.attempt('project b', async () => {
      ran.push('b');
    });
    await gaps.attempt('project c', async () => {
      throw new IntegrationProviderAPIError({ ...fields, status: 404 });
    });
    expect(ran).toEqual(['b']);
    expect(gaps.gaps).toEqual([
      { name: 'project a', status: 403 },
      { name: 'project c', status: 404 },
    ]);
    expect(events).toEqual([]);
    gaps.publish((found) => `${found.length} gaps`);
    expect(events).toEqual([
      {
        name: IntegrationWarnEventName.MissingPermission,
        description: '2 gaps',
      },
    ]);
  });

  test('publishes nothing without gaps; other failures are rethrown', async () => {
    const { context, events } = capturedContext();
    const gaps = new AccessGaps(context, 'pipelines');
    await expect(
      gaps.attempt('project a', async () => {
        throw new IntegrationProviderAPIError({ ...fields, status: 500 });
      }),
    ).rejects.toThrow();
    gaps.publish(() => 'never');
    expect(events).toEqual([]);
  });

  test('a listing of the wrong shape is skipped with its own warning', async () => {
    const { context, events } = capturedContext();
    const gaps = new AccessGaps(context, 'pipelines');
    await gaps.attempt('CircleCI project p', async () => {
      throw new ResponseShapeError('CircleCI', 'GET /x', 'a string');
    });
    expect(gaps.gaps).toEqual([]);
    expect(events).toEqual([
      {
        name: IntegrationWarnEventName.MissingEntity,
        description:
          'The pipelines of CircleCI project p was skipped: CircleCI GET /x answered a string. Everything else is still collected.',
      },
    ]);
  });
});

describe('addChildOnce', () => {
  test('adds the child and parent HAS child once, with the SDK type', async () => {
    const jobState = createMockJobState();
    const parent = {
      _key: 'p',
      _type: 'circleci_project',
      _class: ['Project'],
    };
    const child = { _key: 'c', _type: 'circleci_pipeline', _class: ['Task'] };
    expect(await addChildOnce(jobState, parent, child)).toBe(true);
    expect(await addChildOnce(jobState, parent, child)).toBe(false);
    expect(jobState.collectedEntities).toEqual([child]);
    expect(jobState.collectedRelationships).toEqual([
      {
        _key: 'p|has|c',
        _type: 'circleci_project_has_pipeline',
        _class: 'HAS',
        _fromEntityKey: 'p',
        _toEntityKey: 'c',
        displayName: 'HAS',
      },
    ]);
  });

  test('another relationship class when given', async () => {
    const jobState = createMockJobState();
    const parent = { _key: 'w', _type: 'bitbucket_workspace' };
    const child = { _key: 'r', _type: 'bitbucket_repo', _class: ['CodeRepo'] };
    await addChildOnce(jobState, parent, child, RelationshipClass.OWNS);
    expect(jobState.collectedRelationships[0]).toMatchObject({
      _key: 'w|owns|r',
      _type: 'bitbucket_workspace_owns_repo',
    });
  });
});

describe('RunClientCache', () => {
  const config = { apiKey: 'SECRET-TOKEN-123', baseUrl: 'https://x' };

  test('one client per execution and config; validation hands its client over', () => {
    const created: string[] = [];
    const cache = new RunClientCache<typeof config, { n: number }>({
      create: () => {
        created.push('new');
        return { n: created.length };
      },
      executionOf: (context) => context.executionHistory,
    });
    const validated = { n: 0 };
    cache.handOver(config, validated);
    const runA = createMockExecutionContext<IntegrationConfig>({
      instanceConfig: {},
    });
    const runB = createMockExecutionContext<IntegrationConfig>({
      instanceConfig: {},
    });
    expect(cache.get(runA, config)).toBe(validated);
    expect(cache.get(runA, config)).toBe(validated);
    const other = cache.get(runB, config);
    expect(other).toEqual({ n: 1 });
    expect(cache.get(runB, config)).toBe(other);
    expect(cache.get(runB, { ...config, baseUrl: 'https://y' })).toEqual({
      n: 2,
    });
  });

  test('the key is a sha256 digest: no part of the secret in it', () => {
    const hash = configHash(config);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('SECRET');
    expect(configHash({ ...config })).toBe(hash);
    expect(configHash({ ...config, apiKey: 'other' })).not.toBe(hash);
  });
});

describe('logStepRequests', () => {
  test('names the step, its requests per endpoint and the run totals', () => {
    const { context } = capturedContext();
    const info = jest.spyOn(context.logger, 'info');
    const transport = fakeTransport('http://127.0.0.1:1', () => null, {
      summary: () => '3 requests',
    });
    logStepRequests(context.logger, {
      vendor: 'Bitbucket',
      transport,
      counted: { stepId: 's', counts: { 'GET /a': 2, 'GET /b': 1 } },
    });
    logStepRequests(context.logger, { vendor: 'CircleCI', transport });
    expect(info.mock.calls).toEqual([
      [
        {
          stepId: 's',
          requests: { 'GET /a': 2, 'GET /b': 1 },
          totalRequests: 3,
        },
        's made 3 Bitbucket requests (retries excluded): GET /a x2, GET /b x1; run totals: 3 requests',
      ],
      ['CircleCI requests so far: 3 requests'],
    ]);
  });
});

describe('declareStep', () => {
  const entity = {
    resourceName: 'Thing',
    _type: 'x_thing',
    _class: 'Resource',
  };
  const relationship = {
    _type: 'x_account_has_thing',
    sourceType: 'x_account',
    _class: RelationshipClass.HAS,
    targetType: 'x_thing',
  };
  const mapped = {
    _type: 'x_thing_is_person',
    sourceType: 'x_thing',
    _class: RelationshipClass.IS,
    targetType: 'person',
    direction: RelationshipDirection.FORWARD,
  };
  const handler = async () => undefined;

  test('sorts what a step writes into the SDK’s three lists and names its dependencies by id', () => {
    expect(
      declareStep({ id: 'x-things', name: 'Fetch Things' }, handler, {
        writes: [relationship, mapped, entity],
        after: [{ id: 'x-accounts' }, { id: 'x-users' }],
        source: 'x-things',
      }),
    ).toEqual({
      id: 'x-things',
      name: 'Fetch Things',
      entities: [entity],
      relationships: [relationship],
      mappedRelationships: [mapped],
      dependsOn: ['x-accounts', 'x-users'],
      ingestionSourceId: 'x-things',
      executionHandler: handler,
    });
  });

  test('a step without dependencies, source or mapped relationships has none', () => {
    const step = declareStep({ id: 'x-root', name: 'Root' }, handler, {
      writes: [entity],
    });
    expect(step).toEqual({
      id: 'x-root',
      name: 'Root',
      entities: [entity],
      relationships: [],
      dependsOn: [],
      executionHandler: handler,
    });
    expect('ingestionSourceId' in step).toBe(false);
  });
});
