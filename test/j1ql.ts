/**
 * A small parser for the J1QL subset the managed questions use, written so
 * a test can list every entity type or class, relationship verb and property
 * a query names. It is not JupiterOne's parser: it rejects what it does not
 * understand (so an unparsed clause can never hide a name), and it does not
 * evaluate anything.
 *
 * Supported: FIND [UNIQUE] <selector> [WITH <condition>] [AS <alias>]
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
  | { kind: 'date' };

export interface J1qlNode {
  /** The _types (snake_case) or classes (TitleCase) of the selector; `*` for any. */
  names: string[];
  alias?: string;
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

export interface ParsedJ1ql {
  nodes: J1qlNode[];
  hops: J1qlHop[];
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
const COMPARISONS = new Set([
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
const DATE_UNITS =
  /^(ms|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|years?)$/i;

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
    this.acceptKeyword('UNIQUE');
    this.parseNode();
    while (this.acceptKeyword('THAT')) this.parseHop();
    if (this.acceptKeyword('WHERE')) this.parseCondition('WHERE', undefined);
    if (this.acceptKeyword('RETURN')) this.parseReturn();
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      this.parseOrderBy();
    }
    if (this.acceptKeyword('SKIP')) this.expectKind('number');
    if (this.acceptKeyword('LIMIT')) this.expectKind('number');
    const rest = this.peek();
    if (rest) this.fail(`unexpected '${rest.text}'`);
    return { nodes: this.nodes, hops: this.hops, properties: this.properties };
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
      if (this.acceptKeyword('WITH')) this.parseCondition('WITH', owner);
      else if (!node.alias && this.acceptKeyword('AS')) {
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

  private addReference(
    token: Token,
    clause: J1qlClause,
    comparedWith?: J1qlLiteral,
  ): void {
    const { owner, property } = this.resolveReference(token);
    if (property === '*') return;
    this.properties.push({ owner, property, clause, comparedWith });
  }

  /** A comparison or a parenthesised group, joined by AND / OR. */
  private parseCondition(
    clause: 'WITH' | 'WHERE',
    owner: J1qlOwner | undefined,
  ): void {
    do {
      this.acceptKeyword('NOT');
      if (this.accept('(')) {
        this.parseCondition(clause, owner);
        this.expect(')');
        continue;
      }
      const left = this.next();
      if (left.kind !== 'word' || KEYWORDS.has(left.text.toUpperCase())) {
        this.position--;
        this.fail('expected a property');
      }
      const op = this.next();
      if (op.kind !== 'op' || !COMPARISONS.has(op.text)) {
        this.position--;
        this.fail('expected a comparison operator');
      }
      const right = this.parseValues(clause);
      const literal = right.find((v): v is J1qlLiteral => !('reference' in v));
      if (clause === 'WITH') {
        if (!owner) this.fail('WITH without an entity');
        this.properties.push({
          owner,
          property: left.text,
          clause,
          comparedWith: literal,
        });
      } else {
        if (!left.text.includes('.')) {
          this.position--;
          this.fail('WHERE needs alias.property');
        }
        this.addReference(left, clause, literal);
      }
      for (const value of right) {
        if ('reference' in value) this.addReference(value.reference, clause);
      }
    } while (this.acceptKeyword('AND') || this.acceptKeyword('OR'));
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
      if (this.accept('-') || this.accept('+')) {
        this.expectKind('number');
        const unit = this.next();
        if (unit.kind !== 'word' || !DATE_UNITS.test(unit.text)) {
          this.position--;
          this.fail('expected a date unit');
        }
      }
      return { kind: 'date' };
    }
    if (clause === 'WHERE' && token.text.includes('.')) {
      return { reference: token };
    }
    this.position--;
    return this.fail('expected a value');
  }

  /** alias.prop, alias, FN(...), each optionally AS label. */
  private parseReturnItem(): void {
    const token = this.next();
    if (token.kind !== 'word') {
      this.position--;
      this.fail('expected a RETURN item');
    }
    if (FUNCTIONS.has(token.text.toUpperCase()) && this.accept('(')) {
      do {
        const arg = this.next();
        if (arg.kind === 'word' && arg.text.includes('.')) {
          this.addReference(arg, 'RETURN');
        } else if (arg.kind === 'word') {
          if (!this.aliases.has(arg.text) && !this.unaliasedNode(arg.text)) {
            this.position--;
            this.fail(`'${arg.text}' is not an alias of this query`);
          }
        } else if (arg.kind !== 'string') {
          this.position--;
          this.fail('expected a function argument');
        }
      } while (this.accept(','));
      this.expect(')');
    } else if (token.text.includes('.')) {
      this.addReference(token, 'RETURN');
    } else if (
      !this.aliases.has(token.text) &&
      !this.unaliasedNode(token.text)
    ) {
      this.position--;
      this.fail(`'${token.text}' is not an alias of this query`);
    }
    if (this.acceptKeyword('AS')) this.labels.add(this.expectName('a label'));
  }

  private parseReturn(): void {
    if (this.acceptKeyword('TREE') || this.acceptKeyword('ALL')) return;
    do this.parseReturnItem();
    while (this.accept(','));
  }

  private parseOrderBy(): void {
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
      if (!this.acceptKeyword('ASC')) this.acceptKeyword('DESC');
    } while (this.accept(','));
  }
}

export function parseJ1ql(query: string): ParsedJ1ql {
  return new Parser(tokenize(query)).parse();
}
