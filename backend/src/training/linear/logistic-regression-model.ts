import { z } from 'zod';
import { ValidationError } from '../../errors.ts';

/** How the optimum was found; `auto` picks one of the others (see choose-solver.ts). */
export const LOGISTIC_SOLVERS = Object.freeze({
  newton: 'newton',
  lbfgs: 'lbfgs',
} as const);
export type LogisticSolver = (typeof LOGISTIC_SOLVERS)[keyof typeof LOGISTIC_SOLVERS];

/** Why fitting stopped. Only `gradientTolerance` means converged. */
export const LOGISTIC_STOP_REASONS = Object.freeze({
  gradientTolerance: 'gradientTolerance',
  maxIterations: 'maxIterations',
  /** The line search could not lower the objective any more: the optimum is as close as doubles allow. */
  noProgress: 'noProgress',
} as const);
export type LogisticStopReason = (typeof LOGISTIC_STOP_REASONS)[keyof typeof LOGISTIC_STOP_REASONS];

/**
 * A fitted logistic regression as plain JSON: `raw = intercept + sum(coefficient x value)` over the
 * features of the matrix it was trained on, `probability = 1 / (1 + exp(-raw))`.
 *
 * Coefficients are a list of { feature, coefficient } in the matrix's column order rather than an
 * object keyed by name: JSON objects reorder integer-like keys ("2024") and a feature could be
 * called "__proto__", while a list keeps the order the ONNX export and explanations rely on.
 */
export const logisticRegressionModelSchema = z
  .object({
    modelType: z.literal('logisticRegression'),
    formatVersion: z.literal(1),
    intercept: z.number(),
    coefficients: z.array(z.object({ feature: z.string().min(1), coefficient: z.number() })),
    training: z.object({
      solver: z.enum(LOGISTIC_SOLVERS),
      /** The penalty (l2 / 2) x sum(coefficient^2) added to the mean log loss; the intercept is not penalized. */
      l2: z.number().positive(),
      iterations: z.number().int().nonnegative(),
      converged: z.boolean(),
      stopReason: z.enum(LOGISTIC_STOP_REASONS),
      /** Penalized mean log loss at the end. */
      objective: z.number().nonnegative(),
      /** Largest absolute component of the objective's gradient at the end. */
      gradientMaxAbs: z.number().nonnegative(),
      tolerance: z.number().positive(),
      rowCount: z.number().int().positive(),
      positiveCount: z.number().int().positive(),
      /** Sum of the sample weights (the row count when none were given). */
      weightSum: z.number().positive(),
    }),
  })
  .superRefine((model, context) => {
    const seen = new Set<string>();
    model.coefficients.forEach(({ feature }, index) => {
      if (seen.has(feature)) context.addIssue({ code: 'custom', path: ['coefficients', index, 'feature'], message: `Feature "${feature}" appears twice` });
      seen.add(feature);
    });
  });

export type LogisticRegressionModel = z.infer<typeof logisticRegressionModelSchema>;
export type LogisticTrainingSummary = LogisticRegressionModel['training'];

/** Reads a model back (a stored artifact, a file), naming every bad field. */
export function parseLogisticRegressionModel(value: unknown): LogisticRegressionModel {
  const result = logisticRegressionModelSchema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ field: ['model', ...issue.path.map(String)].join('.'), message: issue.message }));
  throw new ValidationError(`Invalid logistic regression model: ${details[0]!.field}: ${details[0]!.message}`, details);
}
