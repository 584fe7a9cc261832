import { ValidationError } from '../../errors.ts';
import type { Calibrator } from '../calibration/index.ts';
import { parseLogisticRegressionModel, type LogisticRegressionModel } from '../linear/index.ts';
import { encodeScoringModel, featureMatrixInput, featureMetadata, type OnnxExport } from './scoring-graph.ts';

export interface LogisticOnnxOptions {
  calibrator?: Calibrator | null;
  metadata?: Readonly<Record<string, string>>;
}

/**
 * The logistic regression as ONNX: `raw = features · w + intercept` (MatMul, Add, in double), then
 * Sigmoid and the calibrator. `features` gives the column order of the input (the linear feature
 * spec's output features); coefficients are matched by name, as compileLogisticModel does.
 */
export function exportLogisticToOnnx(model: LogisticRegressionModel, features: readonly { name: string }[], options: LogisticOnnxOptions = {}): OnnxExport {
  const checked = parseLogisticRegressionModel(model);
  const byName = new Map(checked.coefficients.map(({ feature, coefficient }) => [feature, coefficient]));
  const names = features.map((feature) => feature.name);
  const missing = names.filter((name) => !byName.has(name));
  const unused = [...byName.keys()].filter((name) => !names.includes(name));
  if (missing.length > 0 || unused.length > 0 || new Set(names).size !== names.length) {
    throw new ValidationError('The model\'s coefficients and the features differ; export with the feature spec the model was trained with', [
      ...missing.map((name) => ({ field: `features.${name}`, message: 'the model has no coefficient for this feature' })),
      ...unused.map((name) => ({ field: `coefficients.${name}`, message: 'the features do not include this one' })),
    ]);
  }
  const onnx = encodeScoringModel({
    name: 'scorebridge_logistic',
    docString: `Scorebridge logistic regression on ${names.length} features.`,
    input: featureMatrixInput(names.length),
    model: (builder, matrix) => {
      const weights = builder.doubles('coefficients', names.map((name) => byName.get(name)!));
      const product = builder.node('MatMul', [matrix, weights], 'linear_sum');
      return builder.node('Add', [product, builder.doubles('intercept', checked.intercept)], 'raw_score_double');
    },
    calibrator: options.calibrator ?? null,
    metadata: { ...featureMetadata(names), ...options.metadata },
  });
  return { onnx };
}
