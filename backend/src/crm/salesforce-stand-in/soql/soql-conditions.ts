import type { FieldSchema, ObjectSchema } from '../object-schema.ts';
import type { OrgStore, StoredRecord } from '../record-store.ts';
import { ERROR_CODES, SalesforceApiError } from '../salesforce-errors.ts';
import { normalizeId } from '../salesforce-ids.ts';
import type { SalesforceValue } from '../stand-in-options.ts';
import type { SoqlCondition, SoqlLiteral } from './soql-ast.ts';
import { soqlErrorMessage } from './soql-lexer.ts';
import { readPath, resolvePath } from './soql-paths.ts';

export type RecordPredicate = (record: StoredRecord) => boolean;

/** How a field's values compare, and which literal kind a filter on it must use. */
type ValueClass = 'text' | 'id' | 'number' | 'boolean' | 'date' | 'datetime';

const VALUE_CLASSES: Readonly<Record<FieldSchema['type'], ValueClass>> = Object.freeze({
  id: 'id',
  reference: 'id',
  string: 'text',
  textarea: 'text',
  picklist: 'text',
  multipicklist: 'text',
  email: 'text',
  phone: 'text',
  url: 'text',
  boolean: 'boolean',
  int: 'number',
  double: 'number',
  currency: 'number',
  percent: 'number',
  date: 'date',
  datetime: 'datetime',
});

/** The literal kind each class needs, and the type name Salesforce's error message uses. */
const LITERALS: Readonly<Record<ValueClass, { kind: SoqlLiteral['kind']; typeName: string }>> = Object.freeze({
  text: { kind: 'string', typeName: 'string' },
  id: { kind: 'string', typeName: 'id' },
  number: { kind: 'number', typeName: 'double' },
  boolean: { kind: 'boolean', typeName: 'boolean' },
  date: { kind: 'date', typeName: 'date' },
  datetime: { kind: 'datetime', typeName: 'dateTime' },
});

type Comparable = string | number | boolean;

interface CompileContext {
  readonly store: OrgStore;
  readonly root: ObjectSchema;
  readonly query: string;
}

function filterError(context: CompileContext, errorCode: string, offset: number, detail: string): SalesforceApiError {
  return new SalesforceApiError(400, errorCode, soqlErrorMessage(context.query, offset, detail));
}

/** Text compares case-insensitively in SOQL filters, as Salesforce's default collation does. */
function comparableOf(valueClass: ValueClass, value: SalesforceValue): Comparable | null {
  if (value === null) return null;
  return valueClass === 'text' && typeof value === 'string' ? value.toLowerCase() : value;
}

/** Checks that a literal suits the field and turns it into the value records are compared with. */
function literalValue(context: CompileContext, field: FieldSchema, literal: SoqlLiteral): Comparable | null {
  if (literal.kind === 'null') return null;
  const valueClass = VALUE_CLASSES[field.type];
  const expected = LITERALS[valueClass];
  if (literal.kind !== expected.kind) {
    const quoting = expected.kind === 'string' ? 'should be enclosed in quotes' : 'should not be enclosed in quotes';
    throw filterError(context, ERROR_CODES.invalidField, literal.offset, `value of filter criterion for field '${field.name}' must be of type ${expected.typeName} and ${quoting}`);
  }
  if (valueClass === 'id') {
    const id = normalizeId(literal.value as string);
    if (!id) throw filterError(context, ERROR_CODES.invalidQueryFilterOperator, literal.offset, `invalid ID field: ${String(literal.value)}`);
    return id;
  }
  return comparableOf(valueClass, literal.value);
}

/** SOQL LIKE: `%` any run, `_` one character, `\%` and `\_` themselves; case-insensitive. */
function likePattern(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const character = pattern[index]!;
    if (character === '\\' && (pattern[index + 1] === '%' || pattern[index + 1] === '_')) {
      source += pattern[index + 1];
      index += 1;
    } else if (character === '%') source += '.*';
    else if (character === '_') source += '.';
    else source += character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

function compileComparison(context: CompileContext, condition: Extract<SoqlCondition, { kind: 'compare' | 'in' }>): RecordPredicate {
  const path = resolvePath(context.store, context.root, condition.field, context.query);
  const valueClass = VALUE_CLASSES[path.field.type];
  const read = (record: StoredRecord) => comparableOf(valueClass, readPath(context.store, record, path));
  if (condition.kind === 'in') {
    const values = new Set(condition.values.map((literal) => literalValue(context, path.field, literal)));
    return condition.negated ? (record) => !values.has(read(record)) : (record) => values.has(read(record));
  }
  const { operator, value: literal } = condition;
  if (operator === 'LIKE') {
    if (valueClass !== 'text' || literal.kind !== 'string') {
      throw filterError(context, ERROR_CODES.invalidQueryFilterOperator, condition.field.offset, `invalid operator on field ${path.field.name}: LIKE`);
    }
    const pattern = likePattern(literal.value);
    return (record) => {
      const value = readPath(context.store, record, path);
      return typeof value === 'string' && pattern.test(value);
    };
  }
  const expected = literalValue(context, path.field, literal);
  if (operator === '=') return (record) => read(record) === expected;
  if (operator === '!=') return (record) => read(record) !== expected;
  if (expected === null || valueClass === 'boolean') {
    throw filterError(context, ERROR_CODES.invalidQueryFilterOperator, condition.field.offset, `invalid operator on field ${path.field.name}: ${operator}`);
  }
  const test = { '<': (c: number) => c < 0, '<=': (c: number) => c <= 0, '>': (c: number) => c > 0, '>=': (c: number) => c >= 0 }[operator];
  return (record) => {
    const value = read(record);
    if (value === null) return false;
    return test(value < expected ? -1 : value > expected ? 1 : 0);
  };
}

/**
 * Turns a WHERE clause into a predicate over stored records, checking every field and literal
 * first so that a bad filter fails the whole query as Salesforce's does, before any record is read.
 */
export function compileCondition(store: OrgStore, root: ObjectSchema, query: string, condition: SoqlCondition): RecordPredicate {
  const context: CompileContext = { store, root, query };
  const compile = (node: SoqlCondition): RecordPredicate => {
    switch (node.kind) {
      case 'and': {
        const parts = node.conditions.map(compile);
        return (record) => parts.every((part) => part(record));
      }
      case 'or': {
        const parts = node.conditions.map(compile);
        return (record) => parts.some((part) => part(record));
      }
      case 'not': {
        const inner = compile(node.condition);
        return (record) => !inner(record);
      }
      default:
        return compileComparison(context, node);
    }
  };
  return compile(condition);
}
