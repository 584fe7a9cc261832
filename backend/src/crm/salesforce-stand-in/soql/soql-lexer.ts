import { ERROR_CODES, SalesforceApiError } from '../salesforce-errors.ts';

export type TokenKind = 'word' | 'string' | 'number' | 'date' | 'datetime' | 'symbol' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The source text; for strings, the unescaped value. */
  readonly text: string;
  /** Offset in the query, for Salesforce's "ERROR at Row:1:Column:12" messages. */
  readonly offset: number;
}

const DATETIME_LITERAL = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})/y;
const DATE_LITERAL = /\d{4}-\d{2}-\d{2}(?![\dT])/y;
const NUMBER_LITERAL = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?![\w.])/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const SYMBOLS = ['<=', '>=', '!=', '<>', '=', '<', '>', '(', ')', ',', '.'];
const STRING_ESCAPES: Readonly<Record<string, string>> = Object.freeze({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', "'": "'", '"': '"', '\\': '\\', _: '\\_', '%': '\\%' });

/**
 * Salesforce's way of pointing at a SOQL problem: the query line, a caret under the column, the
 * row and column, then what is wrong. Clients show this to developers, so the stand-in keeps it.
 */
export function soqlErrorMessage(query: string, offset: number, detail: string): string {
  const before = query.slice(0, offset);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = query.indexOf('\n', offset);
  const line = query.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const column = offset - lineStart + 1;
  return `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${detail}`;
}

export function malformedQuery(query: string, offset: number, detail: string): SalesforceApiError {
  return new SalesforceApiError(400, ERROR_CODES.malformedQuery, soqlErrorMessage(query, offset, detail));
}

function readString(query: string, start: number): { token: Token; next: number } {
  let value = '';
  for (let position = start + 1; position < query.length; position += 1) {
    const character = query[position]!;
    if (character === "'") return { token: { kind: 'string', text: value, offset: start }, next: position + 1 };
    if (character === '\\') {
      const escaped = STRING_ESCAPES[query[position + 1] ?? ''];
      if (escaped === undefined) throw malformedQuery(query, position, `Invalid string literal '${query.slice(start, position + 2)}'. Illegal character sequence '${query.slice(position, position + 2)}' in string literal.`);
      value += escaped;
      position += 1;
    } else {
      value += character;
    }
  }
  throw malformedQuery(query, start, `unterminated string literal: ${query.slice(start, start + 20)}`);
}

/** Splits a SOQL query into tokens; keywords stay words and are recognised by the parser. */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  const match = (pattern: RegExp) => {
    pattern.lastIndex = position;
    return pattern.exec(query)?.[0];
  };
  while (position < query.length) {
    const character = query[position]!;
    if (/\s/.test(character)) {
      position += 1;
      continue;
    }
    if (character === "'") {
      const { token, next } = readString(query, position);
      tokens.push(token);
      position = next;
      continue;
    }
    const literal: [TokenKind, string | undefined][] = [
      ['datetime', match(DATETIME_LITERAL)],
      ['date', match(DATE_LITERAL)],
      ['number', match(NUMBER_LITERAL)],
      ['word', match(WORD)],
    ];
    const found = literal.find(([, text]) => text !== undefined);
    if (found) {
      tokens.push({ kind: found[0], text: found[1]!, offset: position });
      position += found[1]!.length;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => query.startsWith(candidate, position));
    if (!symbol) throw malformedQuery(query, position, `unexpected token: '${character}'`);
    tokens.push({ kind: 'symbol', text: symbol, offset: position });
    position += symbol.length;
  }
  tokens.push({ kind: 'end', text: '<EOF>', offset: query.length });
  return tokens;
}
