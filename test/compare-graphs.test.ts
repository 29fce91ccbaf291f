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

  it('refuses a folder that is not a collection', () => {
    expect(() => readGraph(root)).toThrow(/holds no graph\/ folder/);
  });
});
