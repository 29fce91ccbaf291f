/**
 * Bitbucket's query language (narrative "filtering"): `q` filters a paginated
 * collection and `sort` orders it, both on the JSON document fields (dot paths
 * without the `values.` prefix). Supported: `= != ~ !~ > >= < <= IN NOT IN`,
 * `AND`/`OR` (case-insensitive, AND binds tighter), parentheses, strings,
 * numbers, null, booleans, unquoted ISO-8601 datetimes and lists.
 */

type Literal = string | number | boolean | null | { datetime: number };

type Operator = '=' | '!=' | '~' | '!~' | '>' | '>=' | '<' | '<=';

export type Query =
  | { kind: 'and' | 'or'; left: Query; right: Query }
  | { kind: 'compare'; path: string; operator: Operator; value: Literal }
  | { kind: 'in'; path: string; negated: boolean; values: Literal[] };

export class QueryError extends Error {}

const DATETIME =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/;

type Token =
  | { type: 'word'; text: string }
  | { type: 'string'; text: string }
  | { type: 'op'; text: string }
  | { type: 'literal'; value: Literal }
  | { type: '(' | ')' | ',' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const rest = input.slice(i);
    const char = input[i];
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ type: char });
      i += 1;
    } else if (char === '"') {
      let text = '';
      let j = i + 1;
      while (j < input.length && input[j] !== '"') {
        if (input[j] === '\\' && j + 1 < input.length) j += 1;
        text += input[j];
        j += 1;
      }
      if (j >= input.length) throw new QueryError('unterminated string');
      tokens.push({ type: 'string', text });
      i = j + 1;
    } else if (/^(!=|!~|>=|<=|=|~|>|<)/.test(rest)) {
      const op = /^(!=|!~|>=|<=|=|~|>|<)/.exec(rest)?.[0] ?? '';
      tokens.push({ type: 'op', text: op });
      i += op.length;
    } else if (DATETIME.test(rest)) {
      const text = DATETIME.exec(rest)?.[0] ?? '';
      tokens.push({ type: 'literal', value: { datetime: parseDate(text) } });
      i += text.length;
    } else if (/^-?\d/.test(rest)) {
      const text = /^-?\d+(?:\.\d+)?/.exec(rest)?.[0] ?? '';
      tokens.push({ type: 'literal', value: Number(text) });
      i += text.length;
    } else if (/^[A-Za-z_]/.test(rest)) {
      const text = /^[A-Za-z_][\w.]*/.exec(rest)?.[0] ?? '';
      tokens.push({ type: 'word', text });
      i += text.length;
    } else {
      throw new QueryError(`unexpected character '${char}'`);
    }
  }
  return tokens;
}

/** "Date time strings are assumed to be in UTC, unless an explicit timezone offset is provided". */
function parseDate(text: string): number {
  let normalized = text;
  if (!normalized.includes('T')) {
    normalized += 'T00:00:00Z';
  } else if (/[+-]\d{4}$/.test(normalized)) {
    normalized = normalized.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  } else if (!/(?:Z|[+-]\d{2}:\d{2})$/.test(normalized)) {
    normalized += 'Z';
  }
  const value = Date.parse(normalized);
  if (Number.isNaN(value)) throw new QueryError(`invalid datetime ${text}`);
  return value;
}

export function parseQuery(input: string): Query {
  const tokens = tokenize(input);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const keyword = (word: string): boolean => {
    const token = peek();
    return token?.type === 'word' && token.text.toUpperCase() === word;
  };

  const literal = (): Literal => {
    const token = tokens[position++];
    if (!token) throw new QueryError('value expected');
    if (token.type === 'string') return token.text;
    if (token.type === 'literal') return token.value;
    if (token.type === 'word') {
      if (token.text === 'null') return null;
      if (token.text === 'true') return true;
      if (token.text === 'false') return false;
    }
    throw new QueryError('value expected');
  };

  const list = (): Literal[] => {
    if (tokens[position++]?.type !== '(') throw new QueryError('( expected');
    const values = [literal()];
    while (peek()?.type === ',') {
      position += 1;
      values.push(literal());
    }
    if (tokens[position++]?.type !== ')') throw new QueryError(') expected');
    return values;
  };

  const factor = (): Query => {
    const token = tokens[position];
    if (token?.type === '(') {
      position += 1;
      const inner = expression();
      if (tokens[position++]?.type !== ')') throw new QueryError(') expected');
      return inner;
    }
    if (token?.type !== 'word') throw new QueryError('field expected');
    position += 1;
    const path = token.text;
    if (keyword('IN')) {
      position += 1;
      return { kind: 'in', path, negated: false, values: list() };
    }
    if (keyword('NOT')) {
      position += 1;
      if (!keyword('IN')) throw new QueryError('IN expected after NOT');
      position += 1;
      return { kind: 'in', path, negated: true, values: list() };
    }
    const op = tokens[position++];
    if (op?.type !== 'op')
      throw new QueryError(`operator expected after ${path}`);
    return {
      kind: 'compare',
      path,
      operator: op.text as Operator,
      value: literal(),
    };
  };

  const term = (): Query => {
    let left = factor();
    while (keyword('AND')) {
      position += 1;
      left = { kind: 'and', left, right: factor() };
    }
    return left;
  };

  function expression(): Query {
    let left = term();
    while (keyword('OR')) {
      position += 1;
      left = { kind: 'or', left, right: term() };
    }
    return left;
  }

  const query = expression();
  if (position !== tokens.length) throw new QueryError('unexpected input');
  return query;
}

/** Every value at a dot path; arrays are traversed (any element may match). */
export function valuesAt(document: unknown, path: string): unknown[] {
  let current: unknown[] = [document];
  for (const segment of path.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (item && typeof item === 'object' && segment in item) {
          next.push((item as Record<string, unknown>)[segment]);
        }
      }
    }
    current = next;
  }
  return current.flatMap((value) => (Array.isArray(value) ? value : [value]));
}

function compareOne(
  actual: unknown,
  operator: Operator,
  expected: Literal,
): boolean {
  if (expected === null || typeof expected === 'boolean') {
    const equal = (actual ?? null) === expected;
    if (operator === '=') return equal;
    if (operator === '!=') return !equal;
    throw new QueryError(
      `operator ${operator} needs a string, number or datetime`,
    );
  }
  let left: number | string;
  let right: number | string;
  if (typeof expected === 'object') {
    if (typeof actual !== 'string') return false;
    left = Date.parse(actual);
    right = expected.datetime;
  } else if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    left = actual;
    right = expected;
  } else {
    if (typeof actual !== 'string') return false;
    left = actual;
    right = expected;
  }
  switch (operator) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '~':
      return String(left).toLowerCase().includes(String(right).toLowerCase());
    case '!~':
      return !String(left).toLowerCase().includes(String(right).toLowerCase());
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
  }
}

export function matchesQuery(document: unknown, query: Query): boolean {
  switch (query.kind) {
    case 'and':
      return (
        matchesQuery(document, query.left) &&
        matchesQuery(document, query.right)
      );
    case 'or':
      return (
        matchesQuery(document, query.left) ||
        matchesQuery(document, query.right)
      );
    case 'in': {
      const found = valuesAt(document, query.path).some((actual) =>
        query.values.some((value) => compareOne(actual, '=', value)),
      );
      return query.negated ? !found : found;
    }
    case 'compare': {
      const values = valuesAt(document, query.path);
      if (values.length === 0) {
        // An absent field only equals null.
        return compareOne(null, query.operator, query.value);
      }
      if (query.operator === '!=' || query.operator === '!~') {
        return values.every((actual) =>
          compareOne(actual, query.operator, query.value),
        );
      }
      return values.some((actual) =>
        compareOne(actual, query.operator, query.value),
      );
    }
  }
}

/** True when the query tests the given top-level field anywhere. */
export function queryMentions(query: Query, path: string): boolean {
  if ('left' in query) {
    return queryMentions(query.left, path) || queryMentions(query.right, path);
  }
  return query.path === path;
}

/** `sort=field` ascending, `sort=-field` descending; one field only. */
export function sortDocuments<T>(documents: T[], sort: string): T[] {
  const descending = sort.startsWith('-');
  const path = descending ? sort.slice(1) : sort;
  const key = (document: T): string | number | undefined => {
    const value = valuesAt(document, path)[0];
    return typeof value === 'number' || typeof value === 'string'
      ? value
      : undefined;
  };
  return [...documents].sort((a, b) => {
    const left = key(a);
    const right = key(b);
    if (left === right) return 0;
    if (left === undefined) return 1;
    if (right === undefined) return -1;
    const order = left < right ? -1 : 1;
    return descending ? -order : order;
  });
}
