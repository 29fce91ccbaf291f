/**
 * A small parser for the J1QL subset this package's managed questions use.
 * It is not JupiterOne's parser (none is published: see README.md). It
 * rejects what it does not understand, naming the construct, so an unparsed
 * clause can never hide a name from the name check (test/questions.test.ts)
 * or make the evaluator (evaluate.ts) answer something else than asked.
 *
 * Grammar: FIND [UNIQUE] <selector> [WITH <condition>] [AS <alias>]
 * (THAT [!]<VERB|(VERB|VERB)> [AS <alias>] [<<|>>] <selector> ...)*
 * [WHERE <condition>] [RETURN TREE | ALL | <items>] [ORDER BY <items>]
 * [SKIP n] [LIMIT n]; selectors are a _type, a Class, * or (a|B|...);
 * values are strings, numbers, true/false/undefined/null, `date.now [+-] n
 * unit` and, in WHERE, `alias.property`.
 */

export type J1qlLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'undefined' }
  | { kind: 'null' }
  /** `date.now`, plus `offsetMs` (negative for `date.now - n unit`). */
  | { kind: 'date'; offsetMs: number };

export interface J1qlNode {
  /** The _types (snake_case) or classes (TitleCase) of the selector; `*` for any. */
  names: string[];
  alias?: string;
  /** The WITH condition, if any. */
  where?: J1qlCondition;
}

export type J1qlDirection = 'any' | 'forward' | 'reverse';

export interface J1qlHop {
  /** Index of the node on the left of THAT. */
  from: number;
  /** Index of the node on the right. */
  to: number;
  verbs: string[];
  /** forward: from -> to (`>>`); reverse: to -> from (`<<`). */
  direction: J1qlDirection;
  negated: boolean;
  alias?: string;
}

export type J1qlOwner =
  | { kind: 'node'; index: number }
  | { kind: 'hop'; index: number };

export type J1qlClause = 'WITH' | 'WHERE' | 'RETURN' | 'ORDER BY';

export interface J1qlPropertyRef {
  owner: J1qlOwner;
  property: string;
  clause: J1qlClause;
  /** The literal it is compared with, when it is compared with one. */
  comparedWith?: J1qlLiteral;
}

export type J1qlOperand =
  | { kind: 'literal'; literal: J1qlLiteral }
  | { kind: 'ref'; owner: J1qlOwner; property: string };

export type J1qlCondition =
  | { kind: 'and' | 'or'; items: J1qlCondition[] }
  | { kind: 'not'; item: J1qlCondition }
  | {
      kind: 'compare';
      left: { owner: J1qlOwner; property: string };
      op: string;
      /** Several values (`(a OR b)`) match when any one does. */
      right: J1qlOperand[];
    };

export type J1qlReturnItem =
  | { kind: 'property'; owner: J1qlOwner; property: string; label: string }
  | { kind: 'object'; owner: J1qlOwner; label: string }
  | {
      kind: 'function';
      name: string;
      args: Array<{ owner: J1qlOwner; property?: string }>;
      label: string;
    };

export interface ParsedJ1ql {
  unique: boolean;
  nodes: J1qlNode[];
  hops: J1qlHop[];
  where?: J1qlCondition;
  /** Undefined without RETURN; 'TREE' / 'ALL' for those forms. */
  returns?: J1qlReturnItem[] | 'TREE' | 'ALL';
  orderBy: Array<{ label: string; descending: boolean }>;
  skip?: number;
  limit?: number;
  /** Every property the query names, for the name check. */
  properties: J1qlPropertyRef[];
}

export class J1qlParseError extends Error {}

type TokenKind = 'word' | 'string' | 'number' | 'op' | 'punct';

interface Token {
  kind: TokenKind;
  text: string;
  at: number;
}

const OPERATORS = [
  '!~=',
  '!^=',
  '!$=',
  '~=',
  '^=',
  '$=',
  '!=',
  '<=',
  '>=',
  '<<',
  '>>',
  '=',
  '<',
  '>',
];
const PUNCTUATION = ['(', ')', '|', ',', '!', '+', '-'];

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = query.indexOf(c, i + 1);
      if (end < 0) throw new J1qlParseError(`unterminated string at ${i}`);
      tokens.push({ kind: 'string', text: query.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(query.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const word = /^([A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z0-9_]+|\*))*|\*)/.exec(
      query.slice(i),
    );
    if (word) {
      tokens.push({ kind: 'word', text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => query.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, at: i });
      i += op.length;
      continue;
    }
    if (PUNCTUATION.includes(c)) {
      tokens.push({ kind: 'punct', text: c, at: i });
      i++;
      continue;
    }
    throw new J1qlParseError(`unexpected character '${c}' at ${i}`);
  }
  return tokens;
}

const KEYWORDS = new Set([
  'FIND',
  'UNIQUE',
  'WITH',
  'AS',
  'THAT',
  'WHERE',
  'RETURN',
  'ORDER',
  'BY',
  'SKIP',
  'LIMIT',
  'AND',
  'OR',
  'NOT',
  'TREE',
  'ALL',
  'ASC',
  'DESC',
]);
export const J1QL_COMPARISONS = new Set([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '~=',
  '^=',
  '$=',
  '!~=',
  '!^=',
  '!$=',
]);
const FUNCTIONS = new Set(['COUNT', 'MIN', 'MAX', 'AVG', 'SUM', 'CONCAT']);
const DATE_UNIT_MS: Array<[RegExp, number]> = [
  [/^(ms|milliseconds?)$/i, 1],
  [/^seconds?$/i, 1000],
  [/^minutes?$/i, 60_000],
  [/^hours?$/i, 3_600_000],
  [/^days?$/i, 86_400_000],
  [/^weeks?$/i, 7 * 86_400_000],
  // J1QL's month and year: 30 and 365 days.
  [/^months?$/i, 30 * 86_400_000],
  [/^years?$/i, 365 * 86_400_000],
];

class Parser {
  private position = 0;
  private readonly nodes: J1qlNode[] = [];
  private readonly hops: J1qlHop[] = [];
  private readonly properties: J1qlPropertyRef[] = [];
  /** Aliases defined so far; RETURN/ORDER BY labels are added as they come. */
  private readonly aliases = new Map<string, J1qlOwner>();
  private readonly labels = new Set<string>();

  constructor(private readonly tokens: Token[]) {}

  parse(): ParsedJ1ql {
    this.expectKeyword('FIND');
    const unique = this.acceptKeyword('UNIQUE');
    this.parseNode();
    while (this.acceptKeyword('THAT')) this.parseHop();
    let where: J1qlCondition | undefined;
    if (this.acceptKeyword('WHERE')) {
      where = this.parseCondition('WHERE', undefined);
    }
    let returns: ParsedJ1ql['returns'];
    if (this.acceptKeyword('RETURN')) returns = this.parseReturn();
    let orderBy: ParsedJ1ql['orderBy'] = [];
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      orderBy = this.parseOrderBy();
    }
    let skip: number | undefined;
    let limit: number | undefined;
    if (this.acceptKeyword('SKIP'))
      skip = Number(this.expectKind('number').text);
    if (this.acceptKeyword('LIMIT')) {
      limit = Number(this.expectKind('number').text);
    }
    const rest = this.peek();
    if (rest) this.fail(`unexpected '${rest.text}'`);
    return {
      unique,
      nodes: this.nodes,
      hops: this.hops,
      where,
      returns,
      orderBy,
      skip,
      limit,
      properties: this.properties,
    };
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (!token) this.fail('unexpected end of query');
    this.position++;
    return token;
  }

  private fail(message: string, token = this.peek()): never {
    throw new J1qlParseError(
      `${message}${token ? ` at ${token.at} ('${token.text}')` : ''}`,
    );
  }

  private isKeyword(token: Token | undefined, keyword: string): boolean {
    return token?.kind === 'word' && token.text.toUpperCase() === keyword;
  }

  private acceptKeyword(keyword: string): boolean {
    if (!this.isKeyword(this.peek(), keyword)) return false;
    this.position++;
    return true;
  }

  private expectKeyword(keyword: string): void {
    if (!this.acceptKeyword(keyword)) this.fail(`expected ${keyword}`);
  }

  private accept(text: string): boolean {
    const token = this.peek();
    if (!token || token.kind === 'string' || token.text !== text) return false;
    this.position++;
    return true;
  }

  private expect(text: string): void {
    if (!this.accept(text)) this.fail(`expected '${text}'`);
  }

  private expectKind(kind: TokenKind): Token {
    const token = this.next();
    if (token.kind !== kind) {
      this.position--;
      this.fail(`expected a ${kind}`);
    }
    return token;
  }

  /** A plain identifier that is not a keyword. */
  private expectName(what: string): string {
    const token = this.next();
    if (
      token.kind !== 'word' ||
      KEYWORDS.has(token.text.toUpperCase()) ||
      token.text.includes('.')
    ) {
      this.position--;
      this.fail(`expected ${what}`);
    }
    return token.text;
  }

  private defineAlias(alias: string, owner: J1qlOwner): void {
    if (this.aliases.has(alias)) this.fail(`alias '${alias}' defined twice`);
    this.aliases.set(alias, owner);
  }

  private parseSelector(): string[] {
    if (this.accept('(')) {
      const names = [this.expectName('a type or class')];
      while (this.accept('|')) names.push(this.expectName('a type or class'));
      this.expect(')');
      return names;
    }
    if (this.accept('*')) return ['*'];
    return [this.expectName('a type or class')];
  }

  private parseNode(): number {
    const index = this.nodes.length;
    const node: J1qlNode = { names: this.parseSelector() };
    this.nodes.push(node);
    const owner: J1qlOwner = { kind: 'node', index };
    // J1QL takes WITH and AS in either order.
    for (let i = 0; i < 2; i++) {
      if (!node.where && this.acceptKeyword('WITH')) {
        node.where = this.parseCondition('WITH', owner);
      } else if (!node.alias && this.acceptKeyword('AS')) {
        node.alias = this.expectName('an alias');
        this.defineAlias(node.alias, owner);
      }
    }
    return index;
  }

  private parseHop(): void {
    const from = this.nodes.length - 1;
    const negated = this.accept('!');
    const verbs: string[] = [];
    if (this.accept('(')) {
      verbs.push(this.expectName('a relationship class'));
      while (this.accept('|'))
        verbs.push(this.expectName('a relationship class'));
      this.expect(')');
    } else {
      verbs.push(this.expectName('a relationship class'));
    }
    for (const verb of verbs) {
      if (verb !== verb.toUpperCase()) {
        this.fail(`relationship class '${verb}' must be upper case`);
      }
    }
    const hopIndex = this.hops.length;
    let alias: string | undefined;
    let direction: J1qlDirection = 'any';
    for (let i = 0; i < 2; i++) {
      if (!alias && this.acceptKeyword('AS')) {
        alias = this.expectName('a relationship alias');
        this.defineAlias(alias, { kind: 'hop', index: hopIndex });
      } else if (direction === 'any' && this.accept('<<')) {
        direction = 'reverse';
      } else if (direction === 'any' && this.accept('>>')) {
        direction = 'forward';
      }
    }
    const hop: J1qlHop = { from, to: -1, verbs, direction, negated, alias };
    this.hops.push(hop);
    hop.to = this.parseNode();
  }

  /** `a.b` as an alias (or unaliased selector name) and a property. */
  private resolveReference(token: Token): {
    owner: J1qlOwner;
    property: string;
  } {
    const text = token.text;
    const dot = text.indexOf('.');
    const head = text.slice(0, dot);
    const property = text.slice(dot + 1);
    const owner =
      this.aliases.get(head) ??
      this.unaliasedNode(head) ??
      this.fail(`'${head}' is not an alias of this query`, token);
    return { owner, property };
  }

  /** J1QL lets an unaliased selector's own name stand for it. */
  private unaliasedNode(name: string): J1qlOwner | undefined {
    const matches = this.nodes
      .map((node, index) => ({ node, index }))
      .filter(
        ({ node }) =>
          !node.alias && node.names.length === 1 && node.names[0] === name,
      );
    return matches.length === 1
      ? { kind: 'node', index: matches[0].index }
      : undefined;
  }

  private ownerOfName(token: Token): J1qlOwner {
    return (
      this.aliases.get(token.text) ??
      this.unaliasedNode(token.text) ??
      this.fail(`'${token.text}' is not an alias of this query`, token)
    );
  }

  private addReference(
    token: Token,
    clause: J1qlClause,
    comparedWith?: J1qlLiteral,
  ): { owner: J1qlOwner; property: string } {
    const reference = this.resolveReference(token);
    if (reference.property !== '*') {
      this.properties.push({ ...reference, clause, comparedWith });
    }
    return reference;
  }

  /**
   * Comparisons and parenthesised groups joined by AND / OR; AND binds
   * tighter than OR, as in J1QL.
   */
  private parseCondition(
    clause: 'WITH' | 'WHERE',
    owner: J1qlOwner | undefined,
  ): J1qlCondition {
    const alternatives: J1qlCondition[] = [];
    let conjunction: J1qlCondition[] = [];
    for (;;) {
      conjunction.push(this.parseTerm(clause, owner));
      if (this.acceptKeyword('AND')) continue;
      alternatives.push(
        conjunction.length === 1
          ? conjunction[0]
          : { kind: 'and', items: conjunction },
      );
      conjunction = [];
      if (!this.acceptKeyword('OR')) break;
    }
    return alternatives.length === 1
      ? alternatives[0]
      : { kind: 'or', items: alternatives };
  }

  private parseTerm(
    clause: 'WITH' | 'WHERE',
    owner: J1qlOwner | undefined,
  ): J1qlCondition {
    if (this.acceptKeyword('NOT')) {
      return { kind: 'not', item: this.parseTerm(clause, owner) };
    }
    if (this.accept('(')) {
      const inner = this.parseCondition(clause, owner);
      this.expect(')');
      return inner;
    }
    const leftToken = this.next();
    if (
      leftToken.kind !== 'word' ||
      KEYWORDS.has(leftToken.text.toUpperCase())
    ) {
      this.position--;
      this.fail('expected a property');
    }
    const op = this.next();
    if (op.kind !== 'op' || !J1QL_COMPARISONS.has(op.text)) {
      this.position--;
      this.fail('expected a comparison operator');
    }
    const values = this.parseValues(clause);
    const literal = values.find((v): v is J1qlLiteral => !('reference' in v));
    let left: { owner: J1qlOwner; property: string };
    if (clause === 'WITH') {
      if (!owner) this.fail('WITH without an entity');
      left = { owner, property: leftToken.text };
      this.properties.push({ ...left, clause, comparedWith: literal });
    } else {
      if (!leftToken.text.includes('.')) {
        this.position--;
        this.fail('WHERE needs alias.property');
      }
      left = this.addReference(leftToken, clause, literal);
    }
    const right: J1qlOperand[] = values.map((value) =>
      'reference' in value
        ? { kind: 'ref', ...this.addReference(value.reference, clause) }
        : { kind: 'literal', literal: value },
    );
    return { kind: 'compare', left, op: op.text, right };
  }

  /** One value, or `(v1 OR v2 ...)` / `(v1, v2)`. */
  private parseValues(
    clause: 'WITH' | 'WHERE',
  ): Array<J1qlLiteral | { reference: Token }> {
    if (this.accept('(')) {
      const values = [this.parseValue(clause)];
      while (this.accept(',') || this.acceptKeyword('OR')) {
        values.push(this.parseValue(clause));
      }
      this.expect(')');
      return values;
    }
    return [this.parseValue(clause)];
  }

  private parseValue(
    clause: 'WITH' | 'WHERE',
  ): J1qlLiteral | { reference: Token } {
    const token = this.next();
    if (token.kind === 'string') return { kind: 'string', value: token.text };
    if (token.kind === 'number') {
      return { kind: 'number', value: Number(token.text) };
    }
    if (token.kind === 'punct' && token.text === '-') {
      const n = this.expectKind('number');
      return { kind: 'number', value: -Number(n.text) };
    }
    if (token.kind !== 'word') {
      this.position--;
      this.fail('expected a value');
    }
    const lower = token.text.toLowerCase();
    if (lower === 'true' || lower === 'false') {
      return { kind: 'boolean', value: lower === 'true' };
    }
    if (lower === 'undefined') return { kind: 'undefined' };
    if (lower === 'null') return { kind: 'null' };
    if (lower === 'date.now') {
      const sign = this.accept('-') ? -1 : this.accept('+') ? 1 : 0;
      if (sign === 0) return { kind: 'date', offsetMs: 0 };
      const amount = Number(this.expectKind('number').text);
      const unit = this.next();
      const perUnit = DATE_UNIT_MS.find(([pattern]) => pattern.test(unit.text));
      if (unit.kind !== 'word' || !perUnit) {
        this.position--;
        this.fail('expected a date unit');
      }
      return { kind: 'date', offsetMs: sign * amount * perUnit[1] };
    }
    if (clause === 'WHERE' && token.text.includes('.')) {
      return { reference: token };
    }
    this.position--;
    return this.fail('expected a value');
  }

  /** alias.prop, alias, FN(...), each optionally AS label. */
  private parseReturnItem(): J1qlReturnItem {
    const token = this.next();
    if (token.kind !== 'word') {
      this.position--;
      this.fail('expected a RETURN item');
    }
    let item: J1qlReturnItem;
    if (FUNCTIONS.has(token.text.toUpperCase()) && this.accept('(')) {
      const args: Array<{ owner: J1qlOwner; property?: string }> = [];
      const argTexts: string[] = [];
      do {
        const arg = this.next();
        if (arg.kind === 'word' && arg.text.includes('.')) {
          args.push(this.addReference(arg, 'RETURN'));
        } else if (arg.kind === 'word') {
          args.push({ owner: this.ownerOfName(arg) });
        } else {
          this.position--;
          this.fail('expected a function argument');
        }
        argTexts.push(arg.text);
      } while (this.accept(','));
      this.expect(')');
      item = {
        kind: 'function',
        name: token.text.toUpperCase(),
        args,
        label: `${token.text}(${argTexts.join(', ')})`,
      };
    } else if (token.text.includes('.')) {
      const reference = this.addReference(token, 'RETURN');
      item = { kind: 'property', ...reference, label: token.text };
    } else {
      item = {
        kind: 'object',
        owner: this.ownerOfName(token),
        label: token.text,
      };
    }
    if (this.acceptKeyword('AS')) {
      item.label = this.expectName('a label');
      this.labels.add(item.label);
    }
    return item;
  }

  private parseReturn(): J1qlReturnItem[] | 'TREE' | 'ALL' {
    if (this.acceptKeyword('TREE')) return 'TREE';
    if (this.acceptKeyword('ALL')) return 'ALL';
    const items: J1qlReturnItem[] = [];
    do items.push(this.parseReturnItem());
    while (this.accept(','));
    return items;
  }

  private parseOrderBy(): Array<{ label: string; descending: boolean }> {
    const items: Array<{ label: string; descending: boolean }> = [];
    do {
      const token = this.next();
      if (token.kind !== 'word') {
        this.position--;
        this.fail('expected an ORDER BY item');
      }
      if (token.text.includes('.')) this.addReference(token, 'ORDER BY');
      else if (!this.labels.has(token.text) && !this.aliases.has(token.text)) {
        this.position--;
        this.fail(`'${token.text}' is not a label or alias`);
      }
      const descending = this.acceptKeyword('DESC');
      if (!descending) this.acceptKeyword('ASC');
      items.push({ label: token.text, descending });
    } while (this.accept(','));
    return items;
  }
}

export function parseJ1ql(query: string): ParsedJ1ql {
  return new Parser(tokenize(query)).parse();
}
