import type { FeatureMatrix } from '../../features/index.ts';
import { compileTree, leafValueOfColumns } from './compiled-tree.ts';
import { labeledRows } from './labeled-rows.ts';
import { meanLogLoss } from './log-loss.ts';
import { assertMatchingFeatures } from './predict.ts';
import type { Tree } from './tree-model.ts';

/**
 * Follows the validation loss round by round for early stopping. Each new tree scores the
 * validation rows on their raw values, through the same compiled tree that prediction uses, so the
 * loss measured here is the loss the kept model will have.
 */
export interface ValidationMonitor {
  readonly rowCount: number;
  /** The round with the lowest validation loss so far (0 before the first). */
  readonly bestRound: number;
  /** The training scores as of `bestRound`, when asked to keep them. */
  readonly bestTrainScores: Float64Array;
  /** Adds round `round`'s tree and returns the validation loss after it. */
  addTree(tree: Tree, round: number, trainScores: Float64Array): number;
}

/**
 * `trainFeatures` are the training matrix's, which the validation matrix must match; with
 * `trainScoreCount` above 0 the training scores of the best round are copied as it changes.
 */
export function createValidationMonitor(
  trainFeatures: FeatureMatrix['features'],
  matrix: FeatureMatrix,
  subset: Int32Array | undefined,
  baseScore: number,
  trainScoreCount: number,
): ValidationMonitor {
  assertMatchingFeatures(
    trainFeatures.map((feature) => ({ name: feature.name, kind: feature.kind, categories: null })),
    matrix.features,
  );
  const { rows, labels } = labeledRows(matrix, 'validation', subset);
  const scores = new Float64Array(labels.length).fill(baseScore);
  const bestTrainScores = new Float64Array(trainScoreCount);
  let bestRound = 0;
  let bestLoss = Number.POSITIVE_INFINITY;
  return {
    rowCount: labels.length,
    get bestRound() {
      return bestRound;
    },
    bestTrainScores,
    addTree(tree, round, trainScores) {
      const compiled = compileTree(tree);
      for (let index = 0; index < scores.length; index++) scores[index]! += leafValueOfColumns(compiled, matrix.columns, rows[index]!);
      const loss = meanLogLoss(scores, labels);
      if (loss < bestLoss) {
        bestLoss = loss;
        bestRound = round;
        if (trainScoreCount > 0) bestTrainScores.set(trainScores);
      }
      return loss;
    },
  };
}
