import type { ColumnSchema, ColumnType, DateOrder } from '@scorebridge/shared';
import { BOOLEAN_WORDS, looksLikeKeyName } from './cell-values.ts';
import type { ColumnEvidence } from './column-accumulator.ts';

/**
 * Chooses a column's type from the evidence of one pass. The rules, in order:
 * - boolean: every distinct value is a yes/no word (true/false, yes/no, y/n, t/f, 1/0);
 * - date: at least 95 % of the values read as dates in one day/month order;
 * - numeric: at least 95 % of the values are numbers, unless they are identifiers (below);
 * - identifier: nearly all values differ (95 %) and they look like keys (UUIDs, Salesforce ids,
 *   emails; codes such as INV-0042 from 50 values on; integers that run densely like 1, 2, 3),
 *   or the column is named like a key (Id, LeadId, account_id) and at least half its values differ;
 * - text: at least half the values differ and they average 20 characters or more;
 * - categorical: everything else, including a column without any value.
 * The remaining 5 % of a numeric or date column are reported as unparsable and treated as missing.
 */

export const TYPE_AGREEMENT = 0.95;
const IDENTIFIER_DISTINCT_SHARE = 0.95;
const KEY_NAME_DISTINCT_SHARE = 0.5;
const CODE_IDENTIFIER_MIN_VALUES = 50;
const SEQUENTIAL_MIN_VALUES = 50;
/** Integers count as sequential when their range is at most this many times their number. */
const SEQUENTIAL_SPREAD = 1.5;
const TEXT_DISTINCT_SHARE = 0.5;
const TEXT_MEAN_LENGTH = 20;

function booleanValues(evidence: ColumnEvidence): { trueValue: string | null; falseValue: string | null } | undefined {
  if (!evidence.frequent.exact || evidence.values === 0 || evidence.booleanWords !== evidence.values) return undefined;
  const values = evidence.frequent.top(Number.MAX_SAFE_INTEGER);
  const trueValue = values.find(({ value }) => BOOLEAN_WORDS.get(value.toLowerCase()) === true)?.value ?? null;
  const falseValue = values.find(({ value }) => BOOLEAN_WORDS.get(value.toLowerCase()) === false)?.value ?? null;
  // A column holding only 1 (or only 0) is a constant number; only words make a one-valued column boolean.
  const onlyDigits = values.every(({ value }) => value === '0' || value === '1');
  if (onlyDigits && (trueValue === null || falseValue === null)) return undefined;
  return { trueValue, falseValue };
}

/** The day/month order that reads the most values, month first when it makes no difference. */
export function chooseDateOrder(evidence: ColumnEvidence): { order: DateOrder; count: number } {
  return evidence.dayFirst.count > evidence.monthFirst.count
    ? { order: 'day_first', count: evidence.dayFirst.count }
    : { order: 'month_first', count: evidence.monthFirst.count };
}

function isSequentialIntegers(evidence: ColumnEvidence, distinctShare: number): boolean {
  const { numbers } = evidence;
  return (
    numbers.count >= SEQUENTIAL_MIN_VALUES &&
    numbers.integers === numbers.count &&
    distinctShare >= IDENTIFIER_DISTINCT_SHARE &&
    numbers.max - numbers.min + 1 <= SEQUENTIAL_SPREAD * numbers.count
  );
}

function looksLikeIdentifier(evidence: ColumnEvidence, distinctShare: number): boolean {
  if (looksLikeKeyName(evidence.name) && distinctShare >= KEY_NAME_DISTINCT_SHARE) return true;
  if (distinctShare < IDENTIFIER_DISTINCT_SHARE) return false;
  if (evidence.strongIds >= TYPE_AGREEMENT * evidence.values) return true;
  return evidence.values >= CODE_IDENTIFIER_MIN_VALUES && evidence.strongIds + evidence.codeIds >= TYPE_AGREEMENT * evidence.values;
}

export function inferColumnSchema(evidence: ColumnEvidence): ColumnSchema {
  const schema = (type: ColumnType, extra: Partial<ColumnSchema> = {}): ColumnSchema => ({
    name: evidence.name,
    type,
    dateOrder: null,
    trueValue: null,
    falseValue: null,
    ...extra,
  });
  const { values } = evidence;
  if (values === 0) return schema('categorical');

  const booleans = booleanValues(evidence);
  if (booleans) return schema('boolean', booleans);

  const distinctShare = evidence.distinct.distinctCount() / values;
  const dates = chooseDateOrder(evidence);
  if (dates.count >= TYPE_AGREEMENT * values) return schema('date', { dateOrder: evidence.slashedDates > 0 ? dates.order : null });

  if (evidence.numbers.count >= TYPE_AGREEMENT * values) {
    const keyNamed = looksLikeKeyName(evidence.name) && distinctShare >= KEY_NAME_DISTINCT_SHARE && evidence.numbers.integers === evidence.numbers.count;
    return schema(keyNamed || isSequentialIntegers(evidence, distinctShare) ? 'identifier' : 'numeric');
  }
  if (looksLikeIdentifier(evidence, distinctShare)) return schema('identifier');
  if (distinctShare >= TEXT_DISTINCT_SHARE && evidence.lengthSum / values >= TEXT_MEAN_LENGTH) return schema('text');
  return schema('categorical');
}
