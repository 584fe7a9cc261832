import type { FeatureMatrix } from '../../features/index.ts';
import { chooseSolver } from './choose-solver.ts';
import { DesignMatrix } from './design-matrix.ts';
import { lbfgsSolve } from './lbfgs-solver.ts';
import { logit } from './logistic-functions.ts';
import { LogisticObjective } from './logistic-objective.ts';
import { LOGISTIC_REGRESSION_DEFAULTS, resolveLogisticOptions, type LogisticRegressionOptions } from './logistic-regression-options.ts';
import { LOGISTIC_SOLVERS, LOGISTIC_STOP_REASONS, type LogisticRegressionModel } from './logistic-regression-model.ts';
import { newtonSolve } from './newton-solver.ts';
import { centerOneHotBlocks, completeOneHotBlocks } from './one-hot-blocks.ts';
import { maxAbs } from './solver-support.ts';
import { prepareTrainingRows } from './training-rows.ts';

/**
 * Fits an L2-regularized logistic regression on a feature matrix of a linear feature spec
 * (imputed, standardized, one-hot: no NaN). Deterministic: the same matrix and options give the
 * same model bit for bit, because every sum runs in a fixed order on one thread.
 *
 * Separable data keeps finite coefficients thanks to the penalty, and a one-hot block (whose
 * columns always sum to 1, like the intercept's) gets the unique solution in which the block's
 * coefficients sum to 0: the intercept carries the average and each category its difference
 * (see one-hot-blocks.ts).
 *
 * Throws InvalidDataError for data it cannot learn from (no labels, one outcome, NaN features) and
 * ValidationError for bad options; the returned model says whether the solver converged.
 */
export async function fitLogisticRegression(matrix: FeatureMatrix, options: LogisticRegressionOptions = {}): Promise<LogisticRegressionModel> {
  const resolved = resolveLogisticOptions(options);
  options.signal?.throwIfAborted();
  const rows = prepareTrainingRows(matrix, options.rows, options.sampleWeights);
  const design = new DesignMatrix(matrix.columns, matrix.rowCount);
  const solver = options.solver === undefined || options.solver === 'auto' ? chooseSolver(design) : options.solver;
  const objective = new LogisticObjective(design, rows.labels, rows.normalizedWeights, resolved.l2);

  // Starting from the base rate with all coefficients 0 is the best constant model: every run
  // starts at the same point and the first iterations only have to learn the features.
  const start = new Float64Array(objective.dimension);
  start[0] = logit(rows.positiveWeight / rows.weightSum);
  const solve = solver === LOGISTIC_SOLVERS.newton ? newtonSolve : lbfgsSolve;
  const defaultIterations = solver === LOGISTIC_SOLVERS.newton ? LOGISTIC_REGRESSION_DEFAULTS.newtonMaxIterations : LOGISTIC_REGRESSION_DEFAULTS.lbfgsMaxIterations;
  const result = await solve(objective, start, {
    maxIterations: resolved.maxIterations ?? defaultIterations,
    tolerance: resolved.tolerance,
    signal: options.signal,
    onIteration: options.onProgress,
  });

  const parameters = result.parameters;
  centerOneHotBlocks(parameters, completeOneHotBlocks(matrix, rows.normalizedWeights));
  // Centering changes no prediction but moves the point; the summary describes the point returned.
  const gradient = new Float64Array(objective.dimension);
  const finalObjective = objective.evaluate(parameters, gradient);
  const gradientMaxAbs = maxAbs(gradient);
  return {
    modelType: 'logisticRegression',
    formatVersion: 1,
    intercept: parameters[0]!,
    coefficients: matrix.features.map((feature, j) => ({ feature: feature.name, coefficient: parameters[j + 1]! })),
    training: {
      solver,
      l2: resolved.l2,
      iterations: result.iterations,
      converged: result.stopReason === LOGISTIC_STOP_REASONS.gradientTolerance,
      stopReason: result.stopReason,
      objective: finalObjective,
      gradientMaxAbs,
      tolerance: resolved.tolerance,
      rowCount: rows.rowCount,
      positiveCount: rows.positiveCount,
      weightSum: rows.weightSum,
    },
  };
}
