import { normalizeDateTime } from '../salesforce-datetime.ts';
import type { FieldPath, SoqlCondition, SoqlLiteral, SoqlOperator, SoqlOrderItem, SoqlQuery } from './soql-ast.ts';
import { malformedQuery, tokenize, type Token } from './soql-lexer.ts';

const KEYWORDS: ReadonlySet<string> = new Set([
  'SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ORDER', 'BY', 'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST',
  'LIMIT', 'OFFSET', 'GROUP', 'HAVING', 'WITH', 'FOR', 'USING', 'TYPEOF', 'INCLUDES', 'EXCLUDES', 'TRUE', 'FALSE', 'NULL',
]);

/** SOQL that Salesforce accepts but the stand-in does not implement: named, so nobody mistakes it for a typo. */
const UNSUPPORTED_CLAUSES: ReadonlySet<string> = new Set(['GROUP', 'HAVING', 'WITH', 'FOR', 'USING', 'TYPEOF', 'INCLUDES', 'EXCLUDES']);

const COMPARISON_SYMBOLS: Readonly<Record<string, SoqlOperator>> = Object.freeze({ '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' });

/** Salesforce refuses larger OFFSETs (NUMBER_OUTSIDE_VALID_RANGE). */
const MAX_OFFSET = 2000;

/**
 * A recursive-descent parser for the SOQL a sync and a write-back send: plain and relationship
 * fields or COUNT(), one object, a WHERE clause of comparisons, IN and LIKE joined by AND, OR and
 * NOT (mixing AND and OR needs parentheses, as in Salesforce), ORDER BY, LIMIT and OFFSET.
 */
class Parser {
  readonly #query: string;
  readonly #tokens: Token[];
  #position = 0;

  constructor(query: string) {
    this.#query = query;
    this.#tokens = tokenize(query);
  }

  #peek(ahead = 0): Token {
    return this.#tokens[Math.min(this.#position + ahead, this.#tokens.length - 1)]!;
  }

  #next(): Token {
    const token = this.#peek();
    this.#position += 1;
    return token;
  }

  #unexpected(token: Token = this.#peek()): Error {
    if (token.kind === 'word' && UNSUPPORTED_CLAUSES.has(token.text.toUpperCase())) {
      return malformedQuery(this.#query, token.offset, `The Salesforce stand-in does not support ${token.text.toUpperCase()} in SOQL`);
    }
    return malformedQuery(this.#query, token.offset, `unexpected token: '${token.text}'`);
  }

  #isKeyword(keyword: string, ahead = 0): boolean {
    const token = this.#peek(ahead);
    return token.kind === 'word' && token.text.toUpperCase() === keyword;
  }

  #isSymbol(symbol: string): boolean {
    const token = this.#peek();
    return token.kind === 'symbol' && token.text === symbol;
  }

  #expectKeyword(keyword: string): void {
    if (!this.#isKeyword(keyword)) throw this.#unexpected();
    this.#next();
  }

  #expectSymbol(symbol: string): void {
    if (!this.#isSymbol(symbol)) throw this.#unexpected();
    this.#next();
  }

  #name(): Token {
    const token = this.#peek();
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toUpperCase())) throw this.#unexpected();
    return this.#next();
  }

  #fieldPath(): FieldPath {
    const first = this.#name();
    const parts = [first.text];
    while (this.#isSymbol('.')) {
      this.#next();
      parts.push(this.#name().text);
    }
    return { parts, text: parts.join('.'), offset: first.offset };
  }

  #integer(): number {
    const token = this.#next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) throw this.#unexpected(token);
    return Number(token.text);
  }

  #literal(): SoqlLiteral {
    const token = this.#next();
    const { offset } = token;
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.text, offset };
      case 'number':
        return { kind: 'number', value: Number(token.text), offset };
      case 'date':
        return { kind: 'date', value: token.text, offset };
      case 'datetime': {
        const value = normalizeDateTime(token.text);
        if (!value) throw malformedQuery(this.#query, offset, `invalid date: ${token.text}`);
        return { kind: 'datetime', value, offset };
      }
      case 'word': {
        const word = token.text.toUpperCase();
        if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE', offset };
        if (word === 'NULL') return { kind: 'null', offset };
        throw this.#unexpected(token);
      }
      default:
        throw this.#unexpected(token);
    }
  }

  #comparison(): SoqlCondition {
    const field = this.#fieldPath();
    const negatedIn = this.#isKeyword('NOT') && this.#isKeyword('IN', 1);
    if (negatedIn || this.#isKeyword('IN')) {
      this.#position += negatedIn ? 2 : 1;
      this.#expectSymbol('(');
      if (this.#isKeyword('SELECT')) throw malformedQuery(this.#query, this.#peek().offset, 'The Salesforce stand-in does not support semi-join subqueries');
      const values = [this.#literal()];
      while (this.#isSymbol(',')) {
        this.#next();
        values.push(this.#literal());
      }
      this.#expectSymbol(')');
      return { kind: 'in', field, negated: negatedIn, values };
    }
    if (this.#isKeyword('LIKE')) {
      this.#next();
      return { kind: 'compare', field, operator: 'LIKE', value: this.#literal() };
    }
    const token = this.#peek();
    const operator = token.kind === 'symbol' ? COMPARISON_SYMBOLS[token.text] : undefined;
    if (!operator) throw this.#unexpected();
    this.#next();
    return { kind: 'compare', field, operator, value: this.#literal() };
  }

  #unary(): SoqlCondition {
    if (this.#isKeyword('NOT')) {
      this.#next();
      return { kind: 'not', condition: this.#unary() };
    }
    if (this.#isSymbol('(')) {
      this.#next();
      const condition = this.#condition();
      this.#expectSymbol(')');
      return condition;
    }
    return this.#comparison();
  }

  #condition(): SoqlCondition {
    const conditions = [this.#unary()];
    let joiner: 'AND' | 'OR' | undefined;
    while (this.#isKeyword('AND') || this.#isKeyword('OR')) {
      const word = this.#peek().text.toUpperCase() as 'AND' | 'OR';
      if (joiner && joiner !== word) throw this.#unexpected();
      joiner = word;
      this.#next();
      conditions.push(this.#unary());
    }
    if (!joiner) return conditions[0]!;
    return { kind: joiner === 'AND' ? 'and' : 'or', conditions };
  }

  #orderBy(): SoqlOrderItem[] {
    const items: SoqlOrderItem[] = [];
    do {
      if (items.length > 0) this.#next();
      const field = this.#fieldPath();
      let descending = false;
      if (this.#isKeyword('ASC') || this.#isKeyword('DESC')) descending = this.#next().text.toUpperCase() === 'DESC';
      let nullsLast = descending;
      if (this.#isKeyword('NULLS')) {
        this.#next();
        if (!this.#isKeyword('FIRST') && !this.#isKeyword('LAST')) throw this.#unexpected();
        nullsLast = this.#next().text.toUpperCase() === 'LAST';
      }
      items.push({ field, descending, nullsLast });
    } while (this.#isSymbol(','));
    return items;
  }

  parse(): SoqlQuery {
    this.#expectKeyword('SELECT');
    let select: SoqlQuery['select'];
    if (this.#isKeyword('COUNT', 0) && this.#peek(1).text === '(' && this.#peek(2).text === ')') {
      this.#position += 3;
      select = { kind: 'count' };
    } else {
      const fields = [this.#fieldPath()];
      while (this.#isSymbol(',')) {
        this.#next();
        if (this.#isSymbol('(')) throw malformedQuery(this.#query, this.#peek().offset, 'The Salesforce stand-in does not support relationship subqueries');
        fields.push(this.#fieldPath());
      }
      select = { kind: 'fields', fields };
    }
    this.#expectKeyword('FROM');
    const object = this.#name();
    const where = this.#isKeyword('WHERE') ? (this.#next(), this.#condition()) : undefined;
    let orderBy: SoqlOrderItem[] = [];
    if (this.#isKeyword('ORDER')) {
      this.#next();
      this.#expectKeyword('BY');
      orderBy = this.#orderBy();
    }
    const limit = this.#isKeyword('LIMIT') ? (this.#next(), this.#integer()) : undefined;
    let offset: number | undefined;
    if (this.#isKeyword('OFFSET')) {
      const offsetToken = this.#next();
      offset = this.#integer();
      if (offset > MAX_OFFSET) throw malformedQuery(this.#query, offsetToken.offset, `maximum SOQL offset allowed is ${MAX_OFFSET}`);
    }
    if (this.#peek().kind !== 'end') throw this.#unexpected();
    return { text: this.#query, select, from: { name: object.text, offset: object.offset }, where, orderBy, limit, offset };
  }
}

/** Parses a SOQL query, throwing Salesforce's MALFORMED_QUERY error for anything it cannot read. */
export function parseSoql(query: string): SoqlQuery {
  return new Parser(query).parse();
}
