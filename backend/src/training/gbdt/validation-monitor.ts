import type { FeatureMatrix } from '../../features/index.ts';
import { binRowsLike, type FeatureBinning } from './binned-matrix.ts';
import { labeledRows } from './labeled-rows.ts';
import { meanLogLoss } from './log-loss.ts';
import { assertMatchingFeatures } from './predict.ts';
import type { GrownNode } from './tree-grower.ts';

/**
 * Follows the validation loss round by round for early stopping. The validation rows are binned
 * once with the training rows' edges, and each new tree, still in bins, scores them from their
 * bins: a raw value's bin goes wherever the exported tree sends the raw value (bin-edges.ts,
 * tree-export.ts), so the loss measured here is the loss the kept model will have, and reading
 * bins costs a fraction of walking the exported tree on raw values.
 */
export interface ValidationMonitor {
  readonly rowCount: number;
  /** The round with the lowest validation loss so far (0 before the first). */
  readonly bestRound: number;
  /** The training scores as of `bestRound`, when asked to keep them. */
  readonly bestTrainScores: Float64Array;
  /** Adds round `round`'s tree and returns the validation loss after it. */
  addTree(nodes: readonly GrownNode[], round: number, trainScores: Float64Array): number;
}

/**
 * `trainFeatures` are the training matrix's, which the validation matrix must match, and
 * `binnings` their training bins; with `trainScoreCount` above 0 the training scores of the best
 * round are copied as it changes.
 */
export function createValidationMonitor(
  trainFeatures: FeatureMatrix['features'],
  binnings: readonly FeatureBinning[],
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
  const bins = binRowsLike(binnings, matrix, rows);
  const featureCount = binnings.length;
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
    addTree(nodes, round, trainScores) {
      for (let index = 0; index < scores.length; index++) {
        const rowStart = index * featureCount;
        let node = nodes[0]!;
        while (node.feature >= 0) node = nodes[node.goesLeft![bins[rowStart + node.feature]!] === 1 ? node.left : node.right]!;
        scores[index]! += node.value;
      }
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
