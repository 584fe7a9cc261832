import type { FittedFeature, FittedFeatureSpec } from '@scorebridge/shared';
import { OUTPUT_FEATURE_ROLES, type OutputFeature } from '../features/index.ts';
import { createTreeShapExplainer } from '../training/explain/index.ts';
import { compileLogisticModel } from '../training/linear/index.ts';
import type { TrainedModel } from '../training/scoring/load-trained-model.ts';

/**
 * Splits a record's raw score (log-odds) into one part per output feature of the matrix, from a
 * base: `baseRaw + Σ contributions = raw score`.
 *
 * - Trees: path-dependent TreeSHAP; the base is the model's expected output over its training rows.
 * - Logistic regression: coefficient × (value − the training average of that column), so that the
 *   base is the score of an average record as for trees, and a category a record shares with most
 *   records counts for little. (Coefficient × value alone, as `scorebridge score` shows, starts from
 *   the intercept, a record with every column 0, which no record is: each of its one-hot categories
 *   would count in full.)
 */
export interface RecordExplainer {
  readonly kind: 'tree-shap' | 'linear';
  readonly baseRaw: number;
  /** Writes the contributions of one row (values in the matrix's feature order) into `out`. */
  explainInto(values: Float64Array, out: Float64Array): void;
}

export function createRecordExplainer(trained: TrainedModel): RecordExplainer {
  if (trained.kind === 'gbdt') {
    const explainer = createTreeShapExplainer(trained.model);
    return { kind: 'tree-shap', baseRaw: explainer.base, explainInto: (values, out) => void explainer.explainRowInto(values, out) };
  }
  const features = trained.transformer.features;
  const predictor = compileLogisticModel(trained.model, features);
  const average = predictor.contributions(trainingAverages(trained.transformer.fitted, features));
  return {
    kind: 'linear',
    baseRaw: average.raw,
    explainInto(values, out) {
      const own = predictor.contributions(values).values;
      for (let feature = 0; feature < out.length; feature++) out[feature] = own[feature]! - average.values[feature]!;
    },
  };
}

/** Each matrix column's average over the training rows, from the counts and means the fitted spec keeps. */
export function trainingAverages(fitted: FittedFeatureSpec, features: readonly OutputFeature[]): Float64Array {
  const byName = new Map(fitted.features.map((feature) => [feature.name, feature]));
  return Float64Array.from(features, (output) => averageOf(byName.get(output.feature)!, output));
}

function averageOf(feature: FittedFeature, output: OutputFeature): number {
  if (feature.kind === 'numeric') {
    const { count, missing, mean } = feature.stats;
    const rows = count + missing;
    if (output.role === OUTPUT_FEATURE_ROLES.missingIndicator) return rows === 0 ? 0 : missing / rows;
    // Missing values were filled before centering, so the average is over the filled values.
    const filledMean = rows === 0 || mean === null ? feature.center : (count * mean + missing * (feature.fill ?? mean)) / rows;
    return (filledMean - feature.center) / feature.scale;
  }
  const rows = feature.categories.reduce((sum, category) => sum + category.count, 0) + (feature.other?.count ?? 0) + feature.missingCount;
  if (rows === 0) return 0;
  if (output.role === OUTPUT_FEATURE_ROLES.category) return (feature.categories.find((category) => category.value === output.category)?.count ?? 0) / rows;
  if (output.role === OUTPUT_FEATURE_ROLES.otherCategory) return (feature.other?.count ?? 0) / rows;
  if (output.role === OUTPUT_FEATURE_ROLES.missingCategory) return feature.missingCount / rows;
  // Codes are read by trees only, which this is never used for.
  return 0;
}
