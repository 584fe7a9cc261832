import type { FittedFeatureSpec } from '@scorebridge/shared';
import { ValidationError } from '../../errors.ts';
import { describeOutputFeatures } from '../../features/index.ts';
import type { Calibrator } from '../calibration/index.ts';
import { parseLogisticRegressionModel, type LogisticRegressionModel } from '../linear/index.ts';
import { rawFieldModelInput } from './raw-field-stage.ts';
import { encodeScoringModel, featureMatrixDoubleInput, featureMatrixInput, featureMetadata, type OnnxExport } from './scoring-graph.ts';

export interface LogisticOnnxOptions {
  calibrator?: Calibrator | null;
  /** With a list of features: take "features" as double [N, F] rather than float32, as serving runs it. */
  doubleFeatureMatrix?: boolean;
  metadata?: Readonly<Record<string, string>>;
}

/**
 * The logistic regression as ONNX: `raw = features · w + intercept` (MatMul, Add, in double), then
 * Sigmoid and the calibrator. Coefficients are matched by name to the feature order, as
 * compileLogisticModel does. `features` is either the fitted feature spec the model was trained
 * with (the graph takes the raw record fields and runs the spec inside, raw-field-stage.ts) or
 * the list of the matrix's features (the graph takes "features", float32 [N, F], in that order).
 */
export function exportLogisticToOnnx(model: LogisticRegressionModel, features: FittedFeatureSpec | readonly { name: string }[], options: LogisticOnnxOptions = {}): OnnxExport {
  const checked = parseLogisticRegressionModel(model);
  const spec = isFeatureList(features) ? null : features;
  const names = (isFeatureList(features) ? features : describeOutputFeatures(features)).map((feature) => feature.name);
  const byName = new Map(checked.coefficients.map(({ feature, coefficient }) => [feature, coefficient]));
  const missing = names.filter((name) => !byName.has(name));
  const unused = [...byName.keys()].filter((name) => !names.includes(name));
  if (missing.length > 0 || unused.length > 0 || new Set(names).size !== names.length) {
    throw new ValidationError('The model\'s coefficients and the features differ; export with the feature spec the model was trained with', [
      ...missing.map((name) => ({ field: `features.${name}`, message: 'the model has no coefficient for this feature' })),
      ...unused.map((name) => ({ field: `coefficients.${name}`, message: 'the features do not include this one' })),
    ]);
  }
  const raw = spec ? rawFieldModelInput(spec, names) : null;
  const onnx = encodeScoringModel({
    name: 'scorebridge_logistic',
    docString: `Scorebridge logistic regression on ${names.length} features, ${raw ? 'from the raw record fields (input contract in metadata_props)' : 'from the feature matrix "features"'}.`,
    input: raw ? raw.input : options.doubleFeatureMatrix ? featureMatrixDoubleInput(names.length) : featureMatrixInput(names.length),
    model: (builder, matrix) => {
      const weights = builder.doubles('coefficients', names.map((name) => byName.get(name)!));
      const product = builder.node('MatMul', [matrix, weights], 'linear_sum');
      return builder.node('Add', [product, builder.doubles('intercept', checked.intercept)], 'raw_score_double');
    },
    calibrator: options.calibrator ?? null,
    metadata: { ...(raw ? raw.metadata : featureMetadata(names)), ...options.metadata },
  });
  return { onnx };
}

function isFeatureList(features: FittedFeatureSpec | readonly { name: string }[]): features is readonly { name: string }[] {
  return Array.isArray(features);
}
