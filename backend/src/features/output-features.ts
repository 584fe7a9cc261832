import { sourceColumns, type FittedFeatureSpec } from '@scorebridge/shared';

/**
 * The columns of a transformed matrix, in order, described for the trainers, the ONNX export and
 * explanations. A fitted numeric feature gives its value and, when asked for, a missing indicator;
 * a categorical one gives one column of integer codes (trees) or one 0/1 column per kept category,
 * then "other" and "missing" (the linear model).
 */

export const OUTPUT_FEATURE_ROLES = Object.freeze({
  value: 'value',
  missingIndicator: 'missingIndicator',
  codes: 'codes',
  category: 'category',
  otherCategory: 'otherCategory',
  missingCategory: 'missingCategory',
} as const);
export type OutputFeatureRole = (typeof OUTPUT_FEATURE_ROLES)[keyof typeof OUTPUT_FEATURE_ROLES];

/** Labels of the two buckets that are not categories of the data. */
export const OTHER_CATEGORY_LABEL = '(other)';
export const MISSING_CATEGORY_LABEL = '(missing)';

export interface OutputFeature {
  /** Unique in the matrix: the feature's name, `name:missing`, `name=category`, `name:other`. */
  name: string;
  /**
   * `categorical`: integer codes 0..categories.length-1 with NaN for missing, for a native
   * categorical split. `numeric`: any number (0/1 for indicators and one-hot columns), NaN for
   * missing only where the spec keeps missing values.
   */
  kind: 'numeric' | 'categorical';
  role: OutputFeatureRole;
  /** The fitted feature it comes from, to sum explanations back per feature. */
  feature: string;
  /** The input columns it reads, to say "Industry" in a reason. */
  sourceColumns: readonly string[];
  /** For `codes`: the label of each code; the last is OTHER_CATEGORY_LABEL when there is an "other" bucket. */
  categories: readonly string[] | null;
  /** For `codes`: the code of "other" (rare and unseen values), or null for fixed vocabularies. */
  otherCode: number | null;
  /** For one-hot columns: the category the column stands for. */
  category: string | null;
}

export function describeOutputFeatures(fitted: FittedFeatureSpec): OutputFeature[] {
  const outputs: OutputFeature[] = [];
  for (const feature of fitted.features) {
    const base = { feature: feature.name, sourceColumns: Object.freeze(sourceColumns(feature.source)), categories: null, otherCode: null, category: null };
    if (feature.kind === 'numeric') {
      outputs.push({ ...base, name: feature.name, kind: 'numeric', role: OUTPUT_FEATURE_ROLES.value });
      if (feature.missingIndicator) outputs.push({ ...base, name: `${feature.name}:missing`, kind: 'numeric', role: OUTPUT_FEATURE_ROLES.missingIndicator });
      continue;
    }
    const labels = feature.categories.map((category) => category.value);
    if (feature.encoding === 'codes') {
      outputs.push({
        ...base,
        name: feature.name,
        kind: 'categorical',
        role: OUTPUT_FEATURE_ROLES.codes,
        categories: Object.freeze(feature.other === null ? labels : [...labels, OTHER_CATEGORY_LABEL]),
        otherCode: feature.other === null ? null : labels.length,
      });
      continue;
    }
    for (const label of labels) outputs.push({ ...base, name: `${feature.name}=${label}`, kind: 'numeric', role: OUTPUT_FEATURE_ROLES.category, category: label });
    if (feature.other !== null) {
      outputs.push({ ...base, name: `${feature.name}:other`, kind: 'numeric', role: OUTPUT_FEATURE_ROLES.otherCategory, category: OTHER_CATEGORY_LABEL });
    }
    outputs.push({ ...base, name: `${feature.name}:missing`, kind: 'numeric', role: OUTPUT_FEATURE_ROLES.missingCategory, category: MISSING_CATEGORY_LABEL });
  }
  return outputs;
}
