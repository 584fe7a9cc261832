import type { FeatureSpec, FittedFeatureSpec } from '@scorebridge/shared';
import { tableOf } from '../../../features/test-support/tables.ts';
import { compileFeatureSpec, fitFeatureSpec, type FeatureMatrix, type FeatureTransformer } from '../../../features/index.ts';
import { fitIsotonicRegression, fitPlattScaling, type Calibrator, type CalibratorInput } from '../../calibration/index.ts';
import { gather } from '../../evaluation/index.ts';
import { predictRaw, trainGbdt, type TreeModel } from '../../gbdt/index.ts';
import { compileLogisticModel, fitLogisticRegression, type LogisticRegressionModel } from '../../linear/index.ts';
import { exportGbdtToOnnx } from '../export-gbdt.ts';
import { exportLogisticToOnnx } from '../export-logistic.ts';
import { messyLeads, messyLinearSpec, messyTreeSpec, type MessyLeads } from './messy-leads.ts';

/**
 * Both model kinds trained the way the pipeline trains them, on messy lead rows: the spec fitted
 * on the training rows, the model on their matrix, the calibrator on a validation table's scores
 * (isotonic for the trees, the steeper test, Platt for the logistic regression).
 */

export interface MessyModel<Model> {
  fitted: FittedFeatureSpec;
  transformer: FeatureTransformer;
  model: Model;
  calibrator: Calibrator;
  /** Raw scores of a matrix of this spec's features, as the TypeScript predictor gives them. */
  predictRaw(matrix: FeatureMatrix): Float64Array;
}

export interface MessyModels {
  train: MessyLeads;
  /** Rows no model saw, with unseen categories. */
  holdout: MessyLeads;
  gbdt: MessyModel<TreeModel>;
  logistic: MessyModel<LogisticRegressionModel>;
}

export async function trainMessyModels(): Promise<MessyModels> {
  const train = messyLeads(4000, 1);
  const validation = messyLeads(1500, 2, { unseen: true });
  const holdout = messyLeads(2000, 3, { unseen: true });

  const prepare = async (spec: FeatureSpec) => {
    const fitted = await fitFeatureSpec(spec, tableOf(train.columns, train.rows, 500));
    const transformer = compileFeatureSpec(fitted);
    const matrix = transformer.transformBatch(train.rows, train.columns);
    const validationMatrix = transformer.transformBatch(validation.rows, validation.columns);
    return { fitted, transformer, matrix, validationMatrix };
  };
  const labeled = (matrix: FeatureMatrix) => Int32Array.from(matrix.labels!.keys()).filter((row) => !Number.isNaN(matrix.labels![row]));

  const trees = await prepare(messyTreeSpec());
  const { model: gbdt } = await trainGbdt(trees.matrix, { rows: labeled(trees.matrix), params: { rounds: 150, maxLeaves: 15, minSamplesLeaf: 5, earlyStoppingRounds: null, seed: 7 } });
  const gbdtRaw = (matrix: FeatureMatrix) => predictRaw(gbdt, matrix);

  const linear = await prepare(messyLinearSpec());
  const logistic = await fitLogisticRegression(linear.matrix, { rows: labeled(linear.matrix) });
  const logisticRaw = (matrix: FeatureMatrix) => compileLogisticModel(logistic, matrix.features).predictRaw(matrix);

  const calibrate = (raw: (matrix: FeatureMatrix) => Float64Array, matrix: FeatureMatrix, fit: (scores: Float64Array, labels: Float64Array, input: CalibratorInput) => Calibrator) => {
    const rows = labeled(matrix);
    return fit(gather(raw(matrix), rows), gather(matrix.labels!, rows), 'raw');
  };

  return {
    train,
    holdout,
    gbdt: { ...trees, model: gbdt, calibrator: calibrate(gbdtRaw, trees.validationMatrix, fitIsotonicRegression), predictRaw: gbdtRaw },
    logistic: { ...linear, model: logistic, calibrator: calibrate(logisticRaw, linear.validationMatrix, fitPlattScaling), predictRaw: logisticRaw },
  };
}

/** The raw-field ONNX file of one of the models, with its own calibrator unless another (or null) is given. */
export function exportMessyModel(models: MessyModels, kind: 'gbdt' | 'logistic', calibrator: Calibrator | null = models[kind].calibrator): Uint8Array {
  return kind === 'gbdt'
    ? exportGbdtToOnnx(models.gbdt.model, { featureSpec: models.gbdt.fitted, calibrator }).onnx
    : exportLogisticToOnnx(models.logistic.model, models.logistic.fitted, { calibrator }).onnx;
}
