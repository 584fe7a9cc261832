import { targetSpecSchema, type ColumnProfile, type DatasetProfile, type TargetSpec } from '@scorebridge/shared';
import { InvalidDataError } from '../invalid-data-error.ts';
import type { Cell } from '../table.ts';
import { createPlaceholderMatcher } from './cell-values.ts';
import { suggestColumns } from './close-names.ts';
import { describeCount, quote } from './wording.ts';

/**
 * Turns a target spec into a yes/no label per row, checked against the profile before the second
 * pass starts, so that a wrong target fails in seconds with a message that says what to pass.
 * Without `positive`, the column must have exactly two values that read as an outcome pair
 * (yes/no, true/false, 1/0, won/lost, converted/not converted, ...). With `positive` only, every
 * other value is negative. With `negative` too, rows with any third value (open deals, say) are
 * unlabeled and left out.
 */

export const LABELS = Object.freeze({ positive: 1, negative: 0, unlabeled: -1 } as const);
export type Label = (typeof LABELS)[keyof typeof LABELS];

const POSITIVE_OUTCOMES = new Set(['true', 'yes', 'y', 't', '1', 'won', 'win', 'closed won', 'converted', 'qualified', 'success', 'successful', 'positive', 'accepted']);
const NEGATIVE_OUTCOMES = new Set(['false', 'no', 'n', 'f', '0', 'lost', 'loss', 'closed lost', 'not converted', 'unconverted', 'disqualified', 'unqualified', 'failure', 'failed', 'negative', 'rejected']);

export interface TargetLabels {
  columnIndex: number;
  column: string;
  positive: string[];
  negative: string[] | null;
  inferred: boolean;
  label(cell: Cell): Label;
}

function asList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).map((item) => item.trim());
}

function listValues(profile: ColumnProfile): string {
  const shown = profile.topValues.values.slice(0, 6).map(({ value, count }) => `${quote(value)} ${describeCount(count)}`);
  const more = profile.distinct.count - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${describeCount(more)} more` : '');
}

/** Whether the profile's value list holds every value of the column, so that absences are certain. */
function listsEveryValue(profile: ColumnProfile): boolean {
  return profile.topValues.exact && profile.topValues.otherCount === 0;
}

function countOf(profile: ColumnProfile, labels: readonly string[]): number {
  const wanted = new Set(labels.map((label) => label.toLowerCase()));
  return profile.topValues.values.filter(({ value }) => wanted.has(value.toLowerCase())).reduce((sum, { count }) => sum + count, 0);
}

/** The column's values merged case-insensitively (Yes and yes are one outcome), most frequent first. */
function outcomeValues(profile: ColumnProfile): string[] {
  const seen = new Map<string, string>();
  for (const { value } of profile.topValues.values) if (!seen.has(value.toLowerCase())) seen.set(value.toLowerCase(), value);
  return [...seen.values()];
}

function inferPositive(profile: ColumnProfile): { positive: string; negative: string } {
  const name = quote(profile.name);
  const values = outcomeValues(profile);
  const distinct = listsEveryValue(profile) ? values.length : profile.distinct.count;
  if (distinct === 0) {
    throw new InvalidDataError(`The target column ${name} has no values; choose the column that records the outcome`, { column: profile.name });
  }
  if (distinct === 1) {
    throw new InvalidDataError(
      `The target column ${name} has only one outcome (${listValues(profile)}); a model needs rows of both outcomes. Include rows with the other outcome, or choose another target column`,
      { column: profile.name },
    );
  }
  if (distinct > 2 || !listsEveryValue(profile)) {
    throw new InvalidDataError(
      `The target column ${name} has ${describeCount(distinct)} different values (${listValues(profile)}), so it is unclear which outcome to predict. ` +
        `Pass positive with the value(s) that mean success (for example positive: ${quote(values[0] ?? 'Won')}); every other value then counts as negative. ` +
        `Pass negative too to leave out rows with any other value, such as deals still open`,
      { column: profile.name },
    );
  }
  const [first, second] = values as [string, string];
  const polarity = (value: string) => (POSITIVE_OUTCOMES.has(value.toLowerCase()) ? 1 : NEGATIVE_OUTCOMES.has(value.toLowerCase()) ? -1 : 0);
  if (polarity(first) === 1 && polarity(second) === -1) return { positive: first, negative: second };
  if (polarity(first) === -1 && polarity(second) === 1) return { positive: second, negative: first };
  throw new InvalidDataError(
    `Which value of the target column ${name} is the good outcome cannot be told from ${quote(first)} and ${quote(second)}; pass positive: ${quote(first)} or positive: ${quote(second)}`,
    { column: profile.name },
  );
}

function checkPresent(profile: ColumnProfile, labels: readonly string[], role: 'positive' | 'negative'): void {
  if (!listsEveryValue(profile)) return;
  const present = new Set(profile.topValues.values.map(({ value }) => value.toLowerCase()));
  const missing = labels.filter((label) => !present.has(label.toLowerCase()));
  if (missing.length > 0) {
    throw new InvalidDataError(
      `The ${role} value ${missing.map(quote).join(', ')} does not occur in the target column ${quote(profile.name)}; its values are ${listValues(profile)}`,
      { column: profile.name },
    );
  }
}

export function resolveTargetLabels(profile: DatasetProfile, input: TargetSpec): TargetLabels {
  const parsed = targetSpecSchema.safeParse(input);
  if (!parsed.success) throw new InvalidDataError(`The target is not valid: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  const spec = parsed.data;
  const names = profile.columns.map(({ name }) => name);
  const columnIndex = names.indexOf(spec.column);
  if (columnIndex < 0) throw new InvalidDataError(`The target column ${quote(spec.column)} is not in the data${suggestColumns(spec.column, names)}`, { column: spec.column });
  const column = profile.columns[columnIndex]!;

  let positive = asList(spec.positive);
  let negative = asList(spec.negative) ?? null;
  const inferred = positive === undefined;
  if (positive === undefined) {
    if (negative !== null) throw new InvalidDataError(`Pass positive together with negative for the target column ${quote(spec.column)}`, { column: spec.column });
    const pair = inferPositive(column);
    positive = [pair.positive];
    negative = null;
  } else {
    checkPresent(column, positive, 'positive');
    if (negative !== null) checkPresent(column, negative, 'negative');
    const overlap = negative?.filter((label) => positive!.some((item) => item.toLowerCase() === label.toLowerCase())) ?? [];
    if (overlap.length > 0) throw new InvalidDataError(`The value ${overlap.map(quote).join(', ')} cannot be both positive and negative`, { column: spec.column });
    if (listsEveryValue(column)) {
      const positives = countOf(column, positive);
      const negatives = negative === null ? column.topValues.values.reduce((sum, { count }) => sum + count, 0) - positives : countOf(column, negative);
      if (positives === 0 || negatives === 0) {
        throw new InvalidDataError(
          `The target column ${quote(spec.column)} has no ${positives === 0 ? 'positive' : 'negative'} rows (${listValues(column)}); a model needs rows of both outcomes`,
          { column: spec.column },
        );
      }
    }
  }

  const positiveSet = new Set(positive.map((label) => label.toLowerCase()));
  const negativeSet = negative === null ? null : new Set(negative.map((label) => label.toLowerCase()));
  const isPlaceholder = createPlaceholderMatcher(profile.placeholders);
  return {
    columnIndex,
    column: spec.column,
    positive,
    negative,
    inferred,
    label(cell) {
      if (cell === null) return LABELS.unlabeled;
      const text = cell.trim();
      if (text === '' || isPlaceholder(text)) return LABELS.unlabeled;
      const lowered = text.toLowerCase();
      if (positiveSet.has(lowered)) return LABELS.positive;
      if (negativeSet === null || negativeSet.has(lowered)) return LABELS.negative;
      return LABELS.unlabeled;
    },
  };
}
