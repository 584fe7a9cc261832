import {
  featureSpecSchema,
  type ColumnSpec,
  type ExclusionReason,
  type FeatureExclusion,
  type FeatureModelKind,
  type FeatureSpec,
  type FeatureTarget,
  type NumericMissing,
} from '@scorebridge/shared';
import { DEFAULT_FALSE_VALUES, DEFAULT_MAX_CATEGORIES, DEFAULT_MIN_CATEGORY_COUNT, DEFAULT_TRUE_VALUES } from './feature-defaults.ts';

/**
 * What the suggestion needs to know of a column: a dataset profile maps onto this, and so can a
 * hand-written description. Types are the profile's, including `identifier`.
 */
export interface ProfiledColumn {
  name: string;
  type: 'numeric' | 'categorical' | 'boolean' | 'date' | 'text' | 'identifier';
  /** Share of rows without a value, 0..1, when known. */
  missingShare?: number;
  /** Distinct non-missing values, when known. */
  distinctCount?: number;
  /** A few values, most frequent first, when known: used to recognise email addresses. */
  sampleValues?: readonly string[];
  /** For slashed dates, the order the profile found. */
  dateOrder?: 'month_first' | 'day_first' | null;
  /** For booleans, the texts the profile found for true and false. */
  trueValue?: string | null;
  falseValue?: string | null;
}

export interface SuggestFeatureSpecInput {
  columns: readonly ProfiledColumn[];
  target: FeatureTarget;
  modelKind: FeatureModelKind;
  /** Columns to leave out, with why: leakage suspects from the quality report, the analyst's choices. */
  exclude?: readonly FeatureExclusion[];
  /** Pinned into the spec only when given; otherwise the training job passes the snapshot time when fitting. */
  referenceDate?: string;
  /** The dataset's placeholders, so that the spec treats as missing what the quality report did. */
  missingPlaceholders?: readonly string[];
}

/** A name that says "email": Email, ContactEmail, email_address, E-mail. */
const EMAIL_NAME = /e-?mail/i;
const EMAIL_VALUE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Share of the sample values that must look like addresses for a column to count as emails. */
const EMAIL_SAMPLE_SHARE = 0.8;

/**
 * A sensible first spec for a profiled dataset, which an analyst can then edit:
 * - the target, identifiers, given exclusions, all-missing and constant columns are excluded,
 *   each with its reason;
 * - numbers stay numbers (missing kept for trees; median plus an indicator for the linear model);
 * - booleans become 0/1, categoricals keep the 50 most frequent categories seen 5 times or more;
 * - dates give days since (as of the reference date), weekday and month;
 * - email columns (by name or by their values, even when the profile calls them identifiers)
 *   give the kind of their domain, and other text gives its length and word count.
 */
/**
 * Columns holding people's names (Salesforce's FirstName, LastName, Name on a lead or contact).
 * As categories they are noise a tree can still split on, and measurably did in tests on
 * generated leads, so by default they are left out like identifiers. A company or account name is
 * kept: it is a category that can repeat across records.
 */
const PERSON_NAME_COLUMN = /^(first|last|middle|full)[ _]?name$/i;

export function suggestFeatureSpec(input: SuggestFeatureSpecInput): FeatureSpec {
  const excluded: FeatureExclusion[] = [];
  const columns: ColumnSpec[] = [];
  const givenExclusions = new Map((input.exclude ?? []).map((exclusion) => [exclusion.column, exclusion]));
  const exclude = (column: string, reason: ExclusionReason, note?: string): void => {
    excluded.push(note === undefined ? { column, reason } : { column, reason, note });
  };
  const missingFor = (column: ProfiledColumn): NumericMissing =>
    input.modelKind === 'trees' ? { impute: 'keep' } : { impute: 'median', indicator: (column.missingShare ?? 1) > 0 };

  for (const column of input.columns) {
    const name = column.name;
    const given = givenExclusions.get(name);
    if (name === input.target.column) exclude(name, 'target');
    else if (given) excluded.push(given);
    else if (column.missingShare !== undefined && column.missingShare >= 1) exclude(name, 'allMissing');
    else if (column.distinctCount !== undefined && column.distinctCount <= 1 && (column.missingShare ?? 0) === 0) exclude(name, 'constant');
    else if (looksLikeEmail(column)) columns.push({ name, type: 'text', derive: ['emailDomainKind'] });
    else if (column.type === 'identifier') exclude(name, 'identifier');
    else if (PERSON_NAME_COLUMN.test(name)) exclude(name, 'identifier', 'a person’s name: it tells people apart but says nothing about the outcome');
    else columns.push(columnSpecFor(column, missingFor(column)));
  }
  for (const exclusion of input.exclude ?? []) {
    if (!input.columns.some((column) => column.name === exclusion.column)) excluded.push(exclusion);
  }

  return featureSpecSchema.parse({
    modelKind: input.modelKind,
    target: input.target,
    ...(input.referenceDate === undefined ? {} : { referenceDate: input.referenceDate }),
    ...(input.missingPlaceholders === undefined ? {} : { missingPlaceholders: [...input.missingPlaceholders] }),
    columns,
    excluded,
  });
}

function columnSpecFor(column: ProfiledColumn, missing: NumericMissing): ColumnSpec {
  const name = column.name;
  switch (column.type) {
    case 'numeric':
      return { name, type: 'numeric', missing };
    case 'boolean': {
      const spec: ColumnSpec = { name, type: 'boolean', missing };
      // The profile's own words are added to the defaults, never replacing them, so that "yes" still reads as true.
      if (column.trueValue) spec.trueValues = [...new Set([...DEFAULT_TRUE_VALUES, column.trueValue])];
      if (column.falseValue) spec.falseValues = [...new Set([...DEFAULT_FALSE_VALUES, column.falseValue])];
      return spec;
    }
    case 'categorical':
      return { name, type: 'categorical', maxCategories: DEFAULT_MAX_CATEGORIES, minCount: DEFAULT_MIN_CATEGORY_COUNT };
    case 'date':
      return { name, type: 'date', derive: ['daysSince', 'weekday', 'month'], missing, ...(column.dateOrder ? { dateOrder: column.dateOrder } : {}) };
    case 'text':
      return { name, type: 'text', derive: ['textLength', 'wordCount'], missing };
    case 'identifier':
      throw new Error('identifiers are excluded before this point');
  }
}

function looksLikeEmail(column: ProfiledColumn): boolean {
  if (column.type !== 'text' && column.type !== 'identifier' && column.type !== 'categorical') return false;
  const samples = (column.sampleValues ?? []).map((value) => value.trim()).filter((value) => value.length > 0);
  if (samples.length > 0) return samples.filter((value) => EMAIL_VALUE.test(value)).length >= EMAIL_SAMPLE_SHARE * samples.length;
  return EMAIL_NAME.test(column.name);
}
