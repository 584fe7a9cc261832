import type { ColumnProfile, ColumnSchema, DateStats, NumericStats } from '@scorebridge/shared';
import { parseNumber } from './cell-values.ts';
import type { ColumnEvidence, DateRange } from './column-accumulator.ts';
import { findSentinel, histogramOfSorted, quantilesOfSorted } from './numeric-summary.ts';

/** Turns one column's evidence and inferred schema into its JSON profile. */

/** Value lists kept for columns whose values are not categories: enough to show what repeats. */
const FEW_VALUES = 10;

/** The sentinel's share counted exactly from the frequent values, where the sample only estimates it. */
function exactShare(evidence: ColumnEvidence, sentinel: NumericStats['sentinel']): NumericStats['sentinel'] {
  if (sentinel === null || !evidence.frequent.exact) return sentinel;
  const count = evidence.frequent
    .top(Number.MAX_SAFE_INTEGER)
    .filter(({ value }) => parseNumber(value) === sentinel.value)
    .reduce((sum, { count: each }) => sum + each, 0);
  return { ...sentinel, share: count / evidence.numbers.count };
}

function numericStats(evidence: ColumnEvidence): NumericStats | null {
  const { numbers } = evidence;
  if (numbers.count === 0) return null;
  const sorted = numbers.sample.sorted();
  return {
    count: numbers.count,
    min: numbers.min,
    max: numbers.max,
    mean: numbers.mean,
    std: Math.sqrt(Math.max(0, numbers.m2 / numbers.count)),
    quantiles: quantilesOfSorted(sorted),
    exactQuantiles: numbers.sample.complete,
    histogram: histogramOfSorted(sorted),
    sentinel: exactShare(evidence, findSentinel(sorted, numbers)),
  };
}

function isoDate(time: number, withTime: boolean): string {
  const iso = new Date(time).toISOString();
  return withTime ? iso : iso.slice(0, 10);
}

function dateStats(evidence: ColumnEvidence, schema: ColumnSchema): DateStats | null {
  // Without slashed dates (dateOrder null) both orders read the same values.
  const range: DateRange = schema.dateOrder === 'day_first' ? evidence.dayFirst : evidence.monthFirst;
  if (range.count === 0) return null;
  const withTime = evidence.datesWithTime > 0;
  return { count: range.count, min: isoDate(range.min, withTime), max: isoDate(range.max, withTime), withTime };
}

function topValues(evidence: ColumnEvidence, schema: ColumnSchema, limit: number): ColumnProfile['topValues'] {
  const { frequent } = evidence;
  let values = frequent.top(schema.type === 'categorical' || schema.type === 'boolean' ? limit : Math.min(limit, FEW_VALUES));
  // Listing single occurrences of ids or free text would only copy records into the profile, and
  // once counts are estimates a repeat cannot be told from a single occurrence.
  if (schema.type === 'identifier' || schema.type === 'text') values = frequent.exact ? values.filter(({ count }) => count > 1) : [];
  const listed = values.reduce((sum, { count }) => sum + count, 0);
  return { values, otherCount: Math.max(0, evidence.values - listed), exact: frequent.exact };
}

function unparsable(evidence: ColumnEvidence, schema: ColumnSchema, parsed: number): ColumnProfile['unparsable'] {
  if (schema.type !== 'numeric' && schema.type !== 'date') return null;
  return { count: evidence.values - parsed, examples: evidence.values > parsed ? (schema.type === 'numeric' ? evidence.notNumbers : evidence.notDates) : [] };
}

export function buildColumnProfile(evidence: ColumnEvidence, schema: ColumnSchema, rowCount: number, topValuesLimit: number): ColumnProfile {
  const placeholders = [...evidence.placeholders]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  const placeholderCount = placeholders.reduce((sum, { count }) => sum + count, 0);
  const missingCount = evidence.nulls + evidence.empty + placeholderCount;
  const numeric = schema.type === 'numeric' ? numericStats(evidence) : null;
  const dates = schema.type === 'date' ? dateStats(evidence, schema) : null;
  return {
    ...schema,
    missing: {
      count: missingCount,
      share: rowCount === 0 ? 0 : missingCount / rowCount,
      nulls: evidence.nulls,
      empty: evidence.empty,
      placeholders,
    },
    distinct: { count: Math.round(evidence.distinct.distinctCount()), exact: evidence.distinct.exact },
    topValues: topValues(evidence, schema, topValuesLimit),
    lengths: evidence.values === 0 ? null : { min: evidence.lengthMin, max: evidence.lengthMax, mean: evidence.lengthSum / evidence.values },
    numeric,
    dates,
    unparsable: unparsable(evidence, schema, numeric?.count ?? dates?.count ?? 0),
  };
}
