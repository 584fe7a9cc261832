import { z } from 'zod';
import { ValidationError } from '../../errors.ts';

/**
 * The trainer's hyperparameters, their defaults and their limits. The defaults follow
 * scikit-learn's HistGradientBoostingClassifier and LightGBM where those agree (31 leaves grown
 * best-first, 20 rows per leaf, learning rate 0.1, 255 bins), and LightGBM's for categorical splits.
 */
export const DEFAULT_GBDT_PARAMS = Object.freeze({
  rounds: 100,
  learningRate: 0.1,
  maxLeaves: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  minChildWeight: 1e-3,
  lambda: 0,
  minSplitGain: 0,
  rowSubsample: 1,
  colSubsample: 1,
  maxBins: 255,
  maxCategoryBins: 255,
  catSmooth: 10,
  catL2: 10,
  maxCatThreshold: 32,
  binSampleSize: 200_000,
  earlyStoppingRounds: 10,
  seed: 0,
} as const);

const fraction = z.number().gt(0).max(1);
const nonNegative = z.number().min(0).finite();

export const gbdtParamsSchema = z.strictObject({
  /** Boosting rounds, one tree each; fewer when early stopping ends training. */
  rounds: z.int().min(1).max(100_000).default(DEFAULT_GBDT_PARAMS.rounds),
  /** Shrinkage; already multiplied into every leaf value of the model. */
  learningRate: z.number().gt(0).max(1).default(DEFAULT_GBDT_PARAMS.learningRate),
  /** Leaves per tree; trees grow best-first (the leaf whose split gains most is split next). */
  maxLeaves: z.int().min(2).max(4096).default(DEFAULT_GBDT_PARAMS.maxLeaves),
  /** Depth limit (the root is depth 0), or null for none beyond maxLeaves. */
  maxDepth: z.int().min(1).max(64).nullable().default(DEFAULT_GBDT_PARAMS.maxDepth),
  /** Rows each leaf must keep. */
  minSamplesLeaf: z.int().min(1).default(DEFAULT_GBDT_PARAMS.minSamplesLeaf),
  /** Hessian sum each leaf must keep (XGBoost's min_child_weight). */
  minChildWeight: nonNegative.default(DEFAULT_GBDT_PARAMS.minChildWeight),
  /** L2 regularization of leaf values (XGBoost's lambda, LightGBM's lambda_l2). */
  lambda: nonNegative.default(DEFAULT_GBDT_PARAMS.lambda),
  /** A split must gain more than this (LightGBM's min_gain_to_split). */
  minSplitGain: nonNegative.default(DEFAULT_GBDT_PARAMS.minSplitGain),
  /** Share of rows each tree is grown on, drawn anew per round. */
  rowSubsample: fraction.default(DEFAULT_GBDT_PARAMS.rowSubsample),
  /** Share of features each tree may split on, drawn anew per round. */
  colSubsample: fraction.default(DEFAULT_GBDT_PARAMS.colSubsample),
  /** Bins per numeric feature, not counting the bin of missing values. */
  maxBins: z.int().min(2).max(255).default(DEFAULT_GBDT_PARAMS.maxBins),
  /** Bins per categorical feature, not counting missing; rarer codes beyond it share the last bin. */
  maxCategoryBins: z.int().min(2).max(255).default(DEFAULT_GBDT_PARAMS.maxCategoryBins),
  /** Added to the hessian when categories are ordered by gradient/hessian, so that rare ones rank near zero. */
  catSmooth: nonNegative.default(DEFAULT_GBDT_PARAMS.catSmooth),
  /** Extra L2 in the gain of categorical splits, which otherwise overfit more easily than thresholds. */
  catL2: nonNegative.default(DEFAULT_GBDT_PARAMS.catL2),
  /** Most categories on the smaller-ranked side of a categorical split. */
  maxCatThreshold: z.int().min(1).max(255).default(DEFAULT_GBDT_PARAMS.maxCatThreshold),
  /** Values per numeric feature that bin edges are computed from. */
  binSampleSize: z.int().min(1000).default(DEFAULT_GBDT_PARAMS.binSampleSize),
  /** With a validation set: stop after this many rounds without a lower validation log loss; null never stops. */
  earlyStoppingRounds: z.int().min(1).nullable().default(DEFAULT_GBDT_PARAMS.earlyStoppingRounds),
  /** Fixes subsampling and bin sampling: the same seed and data give the same model. */
  seed: z.int().min(0).max(Number.MAX_SAFE_INTEGER).default(DEFAULT_GBDT_PARAMS.seed),
});

export type GbdtParams = z.output<typeof gbdtParamsSchema>;
export type GbdtParamsInput = z.input<typeof gbdtParamsSchema>;

/** Fills in defaults and names every bad field, as `params.maxLeaves`, in the error's details. */
export function parseGbdtParams(value: unknown): GbdtParams {
  const result = gbdtParamsSchema.safeParse(value ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ field: ['params', ...issue.path.map(String)].join('.'), message: issue.message }));
  const first = details[0]!;
  throw new ValidationError(`Invalid training parameters: ${first.field}: ${first.message}`, details);
}
