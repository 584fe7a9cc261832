import { ValidationError } from '../../errors.ts';
import type { LogisticSolver } from './logistic-regression-model.ts';
import type { SolverProgress } from './solver-support.ts';

export interface LogisticRegressionOptions {
  /**
   * Strength of the ridge penalty (l2 / 2) x sum(coefficient^2) added to the mean log loss; must be
   * positive. Default 1e-3, about scikit-learn's C = 1 on 1,000 rows; tune it on a log scale
   * (1e-5 ... 1e-1).
   */
  l2?: number;
  /** Default `auto` (see choose-solver.ts). */
  solver?: LogisticSolver | 'auto';
  /** Stop when no gradient component exceeds this. Default 1e-6. */
  tolerance?: number;
  /** Default 100 for Newton, 2,000 for L-BFGS. */
  maxIterations?: number;
  /** Train on these rows of the matrix only (a split's training rows); default all. */
  rows?: Int32Array;
  /** Non-negative weight per matrix row (class weights, say); 0 leaves a row out. Default 1. */
  sampleWeights?: Float64Array;
  /** Checked between iterations; fitting stops with the signal's reason. */
  signal?: AbortSignal;
  /** Called after every iteration. */
  onProgress?: (progress: SolverProgress) => void;
}

/** The defaults in one place, frozen so that a caller cannot change them for everyone. */
export const LOGISTIC_REGRESSION_DEFAULTS = Object.freeze({
  l2: 1e-3,
  tolerance: 1e-6,
  newtonMaxIterations: 100,
  lbfgsMaxIterations: 2000,
} as const);

export interface ResolvedLogisticOptions {
  l2: number;
  tolerance: number;
  maxIterations: number | undefined;
}

/** Checks the numeric options, naming the bad one; the row options are checked with the data. */
export function resolveLogisticOptions(options: LogisticRegressionOptions): ResolvedLogisticOptions {
  const l2 = options.l2 ?? LOGISTIC_REGRESSION_DEFAULTS.l2;
  const tolerance = options.tolerance ?? LOGISTIC_REGRESSION_DEFAULTS.tolerance;
  if (!(Number.isFinite(l2) && l2 > 0)) {
    // Without a penalty, separable data has no finite optimum and one-hot blocks no unique one.
    fail('l2', `must be a positive number (not ${l2}); without a penalty separable data has no finite solution`);
  }
  if (!(Number.isFinite(tolerance) && tolerance > 0)) fail('tolerance', `must be a positive number, not ${tolerance}`);
  if (options.maxIterations !== undefined && !(Number.isInteger(options.maxIterations) && options.maxIterations >= 0)) {
    fail('maxIterations', `must be a whole number of at least 0, not ${options.maxIterations}`);
  }
  if (options.solver !== undefined && !['auto', 'newton', 'lbfgs'].includes(options.solver)) fail('solver', `must be auto, newton or lbfgs, not ${String(options.solver)}`);
  return { l2, tolerance, maxIterations: options.maxIterations };
}

function fail(field: string, message: string): never {
  throw new ValidationError(`Invalid logistic regression option ${field}: ${message}`, [{ field, message }]);
}
