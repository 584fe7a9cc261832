import type { FeatureModelKind, NumericMissing } from '@scorebridge/shared';

/**
 * Defaults a spec may leave out. Fitting writes the value it used into the fitted spec, so a
 * change here affects only specs fitted afterwards, never a model already trained.
 */

/**
 * Texts that mean missing, compared after trimming and ignoring ASCII case. They include the
 * dataset profile's defaults and what CRM picklists and exports put where a value should be
 * empty ("--None--" is Salesforce's empty picklist entry, "#N/A" Excel's).
 */
export const DEFAULT_MISSING_PLACEHOLDERS = Object.freeze([
  'select',
  '--select--',
  '-- select --',
  '--none--',
  'unknown',
  'n/a',
  'na',
  '#n/a',
  'none',
  'null',
  'nil',
  'nan',
  'undefined',
  '-',
  '--',
  '?',
  'not available',
  'not specified',
  '(blank)',
] as const);

/** The dataset profile's yes/no words, split by meaning. */
export const DEFAULT_TRUE_VALUES = Object.freeze(['true', 'yes', 'y', 't', '1'] as const);
export const DEFAULT_FALSE_VALUES = Object.freeze(['false', 'no', 'n', 'f', '0'] as const);

/**
 * Categories kept per categorical column. Trees split on category subsets, so 50 costs little;
 * for the linear model each kept category is a one-hot column and a coefficient to learn.
 */
export const DEFAULT_MAX_CATEGORIES = 50;

/** Categories seen fewer times than this share "other": a handful of rows teaches a model nothing reliable. */
export const DEFAULT_MIN_CATEGORY_COUNT = 5;

/** Slashed dates are read month first unless the column says otherwise, as the profile does. */
export const DEFAULT_DATE_ORDER = 'month_first';

/**
 * Trees learn where missing values go, so they are kept missing; the linear model needs a number,
 * and the median with an indicator keeps both a robust value and the fact that it was missing.
 */
export function defaultNumericMissing(modelKind: FeatureModelKind): Required<Pick<NumericMissing, 'impute' | 'indicator'>> {
  return modelKind === 'trees' ? { impute: 'keep', indicator: false } : { impute: 'median', indicator: true };
}
