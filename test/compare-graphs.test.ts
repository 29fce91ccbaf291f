import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { compareGraphs, readGraph } from '../scripts/compare-graphs';

function writeCollection(
  root: string,
  name: string,
  entities: object[],
  relationships: object[],
): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'graph', 'step-a', 'entities'), { recursive: true });
  mkdirSync(join(dir, 'graph', 'step-a', 'relationships'), {
    recursive: true,
  });
  writeFileSync(
    join(dir, 'graph', 'step-a', 'entities', '1.json'),
    JSON.stringify({ entities }),
  );
  writeFileSync(
    join(dir, 'graph', 'step-a', 'relationships', '1.json'),
    JSON.stringify({ relationships }),
  );
  return dir;
}

describe('compareGraphs', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'compare-graphs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const user = { _key: 'u1', _type: 'bitbucket_user', name: 'Ann' };
  const repo = { _key: 'r1', _type: 'bitbucket_repo', tags: ['a', 'b'] };
  const has = { _key: 'u1|has|r1', _type: 'bitbucket_user_has_repo' };

  it('finds no difference between identical graphs, whatever the key order of properties', () => {
    const before = writeCollection(root, 'before', [user, repo], [has]);
    const after = writeCollection(
      root,
      'after',
      [{ name: 'Ann', _type: 'bitbucket_user', _key: 'u1' }, repo],
      [has],
    );
    expect(compareGraphs(readGraph(before), readGraph(after))).toEqual([]);
  });

  it('reports keys on one side only and changed properties', () => {
    const before = writeCollection(root, 'before', [user, repo], [has]);
    const after = writeCollection(
      root,
      'after',
      [{ ...user, name: 'Anne', extra: 1 }],
      [has, { _key: 'x', _type: 'bitbucket_user_has_repo' }],
    );
    expect(compareGraphs(readGraph(before), readGraph(after))).toEqual([
      {
        kind: 'entity',
        key: 'u1',
        type: 'bitbucket_user',
        change: 'properties',
        properties: ['extra', 'name'],
      },
      {
        kind: 'entity',
        key: 'r1',
        type: 'bitbucket_repo',
        change: 'only-before',
      },
      {
        kind: 'relationship',
        key: 'x',
        type: 'bitbucket_user_has_repo',
        change: 'only-after',
      },
    ]);
  });

  it('leaves ignored properties out', () => {
    const before = writeCollection(root, 'before', [user], []);
    const after = writeCollection(root, 'after', [{ ...user, name: 'B' }], []);
    expect(
      compareGraphs(readGraph(before), readGraph(after), ['name']),
    ).toEqual([]);
  });

  describe('across runs', () => {
    const SHIFT = 773_352;
    const pr = (at: number, port: number, extra: object = {}) => ({
      _key: 'pr1',
      _type: 'bitbucket_pull_request',
      createdOn: at,
      fixedOn: 1681507214000,
      _rawData: [
        {
          name: 'default',
          rawData: {
            created_on: new Date(at).toISOString(),
            links: { self: `http://127.0.0.1:${port}/2.0/pr/1` },
          },
        },
      ],
      ...extra,
    });
    const t0 = Date.UTC(2026, 10, 2, 1, 51, 32, 958);

    it('finds two runs equal when every dated value moved by the same shift and only the loopback port changed', () => {
      const before = writeCollection(root, 'before', [pr(t0, 4100), user], []);
      const after = writeCollection(
        root,
        'after',
        [pr(t0 + SHIFT, 4200), user],
        [],
      );
      expect(
        compareGraphs(readGraph(before), readGraph(after), [], {
          acrossRuns: true,
        }),
      ).toEqual([]);
      // Without the option the same two runs differ.
      expect(compareGraphs(readGraph(before), readGraph(after))).toEqual([
        expect.objectContaining({ properties: ['_rawData', 'createdOn'] }),
      ]);
    });

    it('still reports a time moved by another amount and any other change', () => {
      const before = writeCollection(
        root,
        'before',
        [pr(t0, 4100), { ...user, seenOn: t0 }],
        [],
      );
      const after = writeCollection(
        root,
        'after',
        [
          pr(t0 + SHIFT, 4200, { title: 'new' }),
          { ...user, seenOn: t0 + SHIFT + 1 },
        ],
        [],
      );
      expect(
        compareGraphs(readGraph(before), readGraph(after), [], {
          acrossRuns: true,
        }).map((d) => [d.key, d.properties]),
      ).toEqual([
        ['pr1', ['title']],
        ['u1', ['seenOn']],
      ]);
    });
  });

  it('refuses a folder that is not a collection', () => {
    expect(() => readGraph(root)).toThrow(/holds no graph\/ folder/);
  });
});
