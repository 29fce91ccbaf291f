import { evaluateJ1ql, J1qlUnsupportedError } from '../scripts/j1ql/evaluate';
import { buildGraph } from '../scripts/j1ql/graph';

const graph = buildGraph(
  [
    {
      _key: 'u1',
      _type: 'x_user',
      _class: 'User',
      name: 'ann',
      tags: ['a', 'b'],
    },
    { _key: 'u2', _type: 'x_user', _class: ['User'], name: 'bo' },
    {
      _key: 'r1',
      _type: 'x_repo',
      _class: 'CodeRepo',
      name: 'core',
      size: 5,
      webLink: 'https://h/core',
    },
    { _key: 'r2', _type: 'x_repo', _class: 'CodeRepo', name: 'docs', size: 1 },
    { _key: 'p1', _type: 'hr_person', _class: 'Person', login: 'ann' },
  ],
  [
    {
      _key: 'u1-r1',
      _type: 'x_user_owns_repo',
      _class: 'OWNS',
      _fromEntityKey: 'u1',
      _toEntityKey: 'r1',
      since: 3,
    },
    {
      _key: 'u2-r2',
      _type: 'x_user_owns_repo',
      _class: 'OWNS',
      _fromEntityKey: 'u2',
      _toEntityKey: 'r2',
    },
    {
      _key: 'u1-r2',
      _type: 'x_user_uses_repo',
      _class: 'USES',
      _fromEntityKey: 'u1',
      _toEntityKey: 'r2',
    },
    // Resolves to p1; u2's target is absent and created as a placeholder;
    // the CodeRepo mapping resolves to r1 by webLink.
    {
      _key: 'm1',
      _type: 'x_user_is_person',
      _class: 'IS',
      _mapping: {
        relationshipDirection: 'FORWARD',
        sourceEntityKey: 'u1',
        targetFilterKeys: [['_class', 'login']],
        targetEntity: { _class: 'Person', login: 'ann' },
      },
    },
    {
      _key: 'm2',
      _type: 'x_user_is_person',
      _class: 'IS',
      _mapping: {
        relationshipDirection: 'FORWARD',
        sourceEntityKey: 'u2',
        targetFilterKeys: [['_class', 'login']],
        targetEntity: { _class: 'Person', login: 'bo' },
      },
    },
    {
      _key: 'm3',
      _type: 'x_user_is_person',
      _class: 'IS',
      _mapping: {
        relationshipDirection: 'REVERSE',
        sourceEntityKey: 'u2',
        targetFilterKeys: [['_class', 'login']],
        targetEntity: { _class: 'Person', login: 'zed' },
        skipTargetCreation: true,
      },
    },
    {
      _key: 'm4',
      _type: 'x_user_is_repo',
      _class: 'IS',
      _mapping: {
        relationshipDirection: 'FORWARD',
        sourceEntityKey: 'u2',
        targetFilterKeys: [['_class', 'webLink']],
        targetEntity: { _class: 'CodeRepo', webLink: 'https://h/core' },
      },
    },
  ],
);
const rows = (q: string) => evaluateJ1ql(q, graph, { now: 1000 }).rows;

describe('J1QL evaluator', () => {
  test('mapped relationships: matched target, placeholder, skipped, direction', () => {
    expect(
      rows(
        'FIND x_user AS u THAT IS >> Person AS p RETURN u.name, p.login, p._key',
      ),
    ).toEqual([
      { 'u.name': 'ann', 'p.login': 'ann', 'p._key': 'p1' },
      {
        'u.name': 'bo',
        'p.login': 'bo',
        'p._key': 'placeholder:_class="Person",login="bo"',
      },
    ]);
    expect(graph.unresolvedMappings.map((m) => m.relationship._key)).toEqual([
      'm3',
    ]);
    expect(
      rows('FIND x_user AS u THAT IS >> CodeRepo AS r RETURN u.name, r.name'),
    ).toEqual([{ 'u.name': 'bo', 'r.name': 'core' }]);
  });

  test('direction, negation, WITH on arrays, != on a missing property, WHERE, COUNT', () => {
    expect(
      rows('FIND x_repo AS r THAT OWNS << x_user AS u RETURN r.name, u.name'),
    ).toEqual([
      { 'r.name': 'core', 'u.name': 'ann' },
      { 'r.name': 'docs', 'u.name': 'bo' },
    ]);
    expect(rows('FIND x_repo AS r THAT OWNS >> x_user RETURN r.name')).toEqual(
      [],
    );
    expect(rows('FIND x_repo AS r THAT !USES x_user RETURN r.name')).toEqual([
      { 'r.name': 'core' },
    ]);
    expect(rows("FIND x_user WITH tags = 'b' AS u RETURN u.name")).toEqual([
      { 'u.name': 'ann' },
    ]);
    expect(rows("FIND x_user WITH tags != 'b' AS u RETURN u.name")).toEqual([
      { 'u.name': 'bo' },
    ]);
    expect(
      rows('FIND x_user WITH tags = undefined AS u RETURN u.name'),
    ).toEqual([{ 'u.name': 'bo' }]);
    expect(
      rows("FIND x_repo WITH size > 2 OR name ^= 'do' AS r RETURN r.name"),
    ).toEqual([{ 'r.name': 'core' }, { 'r.name': 'docs' }]);
    expect(
      // date.now is 1000 here: 1000 - 996 ms = 4.
      rows('FIND x_repo WITH size > date.now - 996 ms AS r RETURN r.name'),
    ).toEqual([{ 'r.name': 'core' }]);
    expect(
      rows(
        'FIND x_user AS u THAT OWNS AS o x_repo AS r WHERE o.since > 2 RETURN u.name',
      ),
    ).toEqual([{ 'u.name': 'ann' }]);
    expect(
      rows(
        'FIND x_user AS u THAT (OWNS|USES) >> x_repo AS r RETURN u.name, COUNT(r) AS repos ORDER BY repos DESC',
      ),
    ).toEqual([
      { 'u.name': 'ann', repos: 2 },
      { 'u.name': 'bo', repos: 1 },
    ]);
  });

  test.each([
    ['FIND x_user RETURN TREE', 'RETURN TREE'],
    [
      'FIND x_user THAT !OWNS x_repo THAT USES x_user',
      "a THAT after the negated 'THAT !OWNS'",
    ],
    [
      'FIND x_user AS u THAT !OWNS x_repo AS r RETURN u.name',
      "an alias on the negated 'THAT !OWNS'",
    ],
    ['FIND x_repo AS r RETURN MAX(r.size)', 'the function MAX()'],
    ['FIND x_repo WITH name > undefined', "'>' with undefined or null"],
  ])('%s is an error naming the construct', (query, construct) => {
    expect(() => rows(query)).toThrow(new J1qlUnsupportedError(construct));
  });

  test('a syntax error names where it is', () => {
    expect(() => rows('FIND x_repo WITH name ~ 1')).toThrow(
      "unexpected character '~' at 22",
    );
  });
});
