/**
 * The linear model: L2-regularized logistic regression on a linear feature spec's matrix, fitted
 * by Newton's method or L-BFGS, stored as JSON, scored row by row or by matrix, and explained by
 * coefficient x value contributions.
 */
export { fitLogisticRegression } from './fit-logistic-regression.ts';
export { compileLogisticModel } from './logistic-predictor.ts';
export type { LinearContributions, LogisticPredictor } from './logistic-predictor.ts';
export { LOGISTIC_REGRESSION_DEFAULTS } from './logistic-regression-options.ts';
export type { LogisticRegressionOptions } from './logistic-regression-options.ts';
export {
  LOGISTIC_SOLVERS,
  LOGISTIC_STOP_REASONS,
  logisticRegressionModelSchema,
  parseLogisticRegressionModel,
} from './logistic-regression-model.ts';
export type { LogisticRegressionModel, LogisticSolver, LogisticStopReason, LogisticTrainingSummary } from './logistic-regression-model.ts';
export type { SolverProgress as LogisticFitProgress } from './solver-support.ts';
export { logit, sigmoid } from './logistic-functions.ts';
