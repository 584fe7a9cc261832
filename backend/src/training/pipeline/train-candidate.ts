import type { DatasetProfile, FeatureExclusion } from '@scorebridge/shared';
import type { FeatureMatrix } from '../../features/index.ts';
import { featureImportance, predictRaw, trainGbdt } from '../gbdt/index.ts';
import { tuneGbdt } from '../tuning/index.ts';
import { compileLogisticModel, fitLogisticRegression } from '../linear/index.ts';
import { exportGbdtToOnnx, exportLogisticToOnnx } from '../onnx/index.ts';
import { evaluateCalibrated, fitValidationCalibrator } from './calibrate-and-evaluate.ts';
import { assertSameRows, splitDataset } from './dataset-split.ts';
import { MODEL_KINDS, type CandidateChoice, type ModelKind, type TrainCandidateInput, type TrainCandidateOptions, type TrainedCandidate } from './candidate-types.ts';
import { matrixRows } from './matrix-rows.ts';
import { prepareFeatures } from './prepare-features.ts';
import { rowMask } from './row-filtered-table.ts';
import { StageClock, TRAINING_STAGES } from './stage-clock.ts';

/**
 * The rule that picks the candidate. Log loss of the calibrated probabilities on the holdout,
 * because the product sells probabilities ("0.7 means 70%"), and log loss rewards both ranking and
 * calibration where AUC sees ranking only. On an exact tie the logistic regression wins: it is the
 * simpler, more transparent model.
 */
export const CHOICE_RULE = 'lower holdout log loss of the calibrated probabilities; logistic regression on an exact tie';

/**
 * The pure training pipeline, without database or job: from a dataset (read as often as needed)
 * and its profile to two calibrated, evaluated models, the better one chosen and exported to ONNX.
 *
 * Passes over the data: outcomes and dates (to split), then per model kind one pass to fit the spec
 * on the training rows and one to transform every row.
 */
export async function trainCandidate(input: TrainCandidateInput, options: TrainCandidateOptions = {}): Promise<TrainedCandidate> {
  const seed = options.seed ?? 0;
  const signal = options.signal;
  const clock = new StageClock(options.onProgress, signal);
  const warnings: string[] = [];
  const { split, labels: splitLabels, featureTarget } = await clock.run(TRAINING_STAGES.split, () => splitDataset(input, seed, signal));

  const given: FeatureExclusion[] = (input.exclude ?? []).map((column) => ({ column, reason: 'manual' }));
  const profileColumns = new Set(input.profile.columns.map((column) => column.name));
  for (const { column } of given) if (!profileColumns.has(column)) warnings.push(`The excluded column "${column}" is not in the data; nothing to leave out`);
  const trainingMask = rowMask(input.profile.rowCount, concat(split.fit, split.validation));
  const referenceDate = options.referenceDate ?? latestProfileDate(input.profile);
  const [trees, linear] = await clock.run(TRAINING_STAGES.features, async (report) => {
    const prepare = (modelKind: 'trees' | 'linear') =>
      prepareFeatures({ read: input.read, profile: input.profile, target: featureTarget, modelKind, exclude: given, trainingMask, referenceDate, signal });
    const treesFeatures = await prepare('trees');
    report(0.5);
    return [treesFeatures, await prepare('linear')] as const;
  });
  for (const exclusion of trees.excluded) {
    if (exclusion.reason === 'allMissing') warnings.push(`Column "${exclusion.column}" has no values in any row and was left out`);
    if (exclusion.reason === 'constant') warnings.push(`Column "${exclusion.column}" has the same value in every row and was left out`);
  }
  if (trees.matrix.problemCount > 0) warnings.push(`${trees.matrix.problemCount} field(s) could not be read as their column's type and count as missing (first: ${JSON.stringify(trees.matrix.problems[0])})`);
  assertSameRows(trees.matrix.rowCount, input.profile);
  assertSameRows(linear.matrix.rowCount, input.profile);
  const relabeled = countDifferentLabels(splitLabels, trees.matrix.labels);
  if (relabeled > 0) {
    warnings.push(`${relabeled} row(s) have a target value the split and the feature spec read differently (a placeholder, say); the models learn from the feature spec's reading`);
  }

  // Tuning picks parameters on the same fit and validation rows; the holdout stays unseen, so its evaluation remains honest.
  const tuning = options.tuning
    ? await clock.run(TRAINING_STAGES.tuning, (report) =>
        tuneGbdt(trees.matrix, {
          trainRows: split.fit,
          validationRows: split.validation,
          seed,
          budget: { trials: options.tuning!.trials },
          ...(options.gbdtParams ? { baseParams: options.gbdtParams } : {}),
          onTrial: (trial) => report(Math.min(1, (trial.index + 1) / options.tuning!.trials)),
          ...(signal === undefined ? {} : { signal }),
        }),
      )
    : undefined;
  const gbdt = await clock.run(TRAINING_STAGES.gbdt, (report) =>
    trainGbdt(trees.matrix, {
      rows: split.fit,
      validationRows: split.validation,
      params: tuning ? { ...tuning.params, seed } : { ...options.gbdtParams, seed },
      onRound: (progress) => report(progress.round / progress.rounds),
      ...(signal === undefined ? {} : { signal }),
    }),
  );
  const l2 = options.logisticL2 ?? 1 / split.fit.length;
  const logistic = await clock.run(TRAINING_STAGES.logistic, () => fitLogisticRegression(linear.matrix, { rows: split.fit, l2, ...(signal === undefined ? {} : { signal }) }));
  const logisticPredictor = compileLogisticModel(logistic, linear.matrix.features);

  const scoreRows = (matrix: FeatureMatrix, rows: Int32Array, raw: (part: FeatureMatrix) => Float64Array) => {
    const part = matrixRows(matrix, rows);
    return { raw: raw(part), labels: part.labels! };
  };
  const gbdtRaw = (part: FeatureMatrix) => predictRaw(gbdt.model, part);
  const logisticRaw = (part: FeatureMatrix) => logisticPredictor.predictRaw(part);

  const calibrated = await clock.run(TRAINING_STAGES.calibration, () => ({
    gbdt: fitValidationCalibrator(scoreRows(trees.matrix, split.validation, gbdtRaw), seed),
    logistic: fitValidationCalibrator(scoreRows(linear.matrix, split.validation, logisticRaw), seed),
  }));
  const evaluation = await clock.run(TRAINING_STAGES.evaluation, () => ({
    gbdt: evaluateCalibrated(calibrated.gbdt.calibrator, scoreRows(trees.matrix, split.holdout, gbdtRaw)),
    logistic: evaluateCalibrated(calibrated.logistic.calibrator, scoreRows(linear.matrix, split.holdout, logisticRaw)),
  }));

  const choice: CandidateChoice = { rule: CHOICE_RULE, gbdtLogLoss: evaluation.gbdt.logLoss, logisticLogLoss: evaluation.logistic.logLoss };
  const chosen: ModelKind = evaluation.gbdt.logLoss < evaluation.logistic.logLoss ? MODEL_KINDS.gbdt : MODEL_KINDS.logistic;
  // The ONNX file takes the raw record fields and runs the fitted spec inside (training/onnx/README.md).
  const onnx = await clock.run(TRAINING_STAGES.export, () =>
    chosen === MODEL_KINDS.gbdt
      ? exportGbdtToOnnx(gbdt.model, { featureSpec: trees.fitted, calibrator: calibrated.gbdt.calibrator }).onnx
      : exportLogisticToOnnx(logistic, linear.fitted, { calibrator: calibrated.logistic.calibrator }).onnx,
  );

  const kept = gbdt.history[gbdt.bestRound - 1];
  return {
    chosen,
    choice,
    target: featureTarget,
    models: {
      gbdt: {
        model: gbdt.model,
        featureSpec: trees.fitted,
        ...calibrated.gbdt,
        evaluation: evaluation.gbdt,
        training: {
          params: gbdt.params,
          bestRound: gbdt.bestRound,
          roundsTrained: gbdt.roundsTrained,
          stoppedEarly: gbdt.stoppedEarly,
          fitRowCount: gbdt.trainRowCount,
          validationRowCount: gbdt.validationRowCount,
          validationLoss: kept?.validationLoss ?? null,
        },
      },
      logistic: {
        model: logistic,
        featureSpec: linear.fitted,
        ...calibrated.logistic,
        evaluation: evaluation.logistic,
        training: { l2, fitRowCount: split.fit.length },
      },
    },
    split: split.summary,
    tuningTrials: tuning?.trials ?? null,
    importance: featureImportance(gbdt.model).sort((a, b) => b.gain - a.gain || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0)),
    excluded: trees.excluded,
    warnings,
    onnx,
    durationsMs: clock.durations,
  };
}

/** The latest date any date column of the profile holds: `daysSince` then counts to the data's own present, not the clock's. */
function latestProfileDate(profile: DatasetProfile): string | undefined {
  let latest = Number.NEGATIVE_INFINITY;
  for (const column of profile.columns) {
    const max = column.dates === null ? Number.NaN : Date.parse(column.dates.max);
    if (max > latest) latest = max;
  }
  return Number.isFinite(latest) ? new Date(latest).toISOString() : undefined;
}

/**
 * Rows the split counted with one outcome and the feature spec labels otherwise. Both read the
 * target with the same rules, so this should be 0; when it is not, the split's counts are slightly
 * off and the analyst should know why.
 */
function countDifferentLabels(splitLabels: Float64Array, matrixLabels: Float64Array | null): number {
  if (matrixLabels === null) return splitLabels.length;
  let different = 0;
  for (let row = 0; row < splitLabels.length; row++) if (!Object.is(splitLabels[row], matrixLabels[row])) different += 1;
  return different;
}

function concat(first: Int32Array, second: Int32Array): Int32Array {
  const all = new Int32Array(first.length + second.length);
  all.set(first);
  all.set(second, first.length);
  return all;
}
