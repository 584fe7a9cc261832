import type { FeatureMatrix } from '../../features/index.ts';
import { OUTPUT_FEATURE_ROLES } from '../../features/index.ts';

const ONE_HOT_ROLES: ReadonlySet<string> = new Set([OUTPUT_FEATURE_ROLES.category, OUTPUT_FEATURE_ROLES.otherCategory, OUTPUT_FEATURE_ROLES.missingCategory]);

/**
 * The one-hot blocks of a matrix whose columns sum to exactly 1 on every training row: a
 * categorical feature's categories, "other" and "missing". Such a block is collinear with the
 * intercept: adding c to each of its coefficients and taking c from the intercept changes no
 * prediction. The L2 penalty picks the one solution where the block's coefficients sum to 0 (at
 * the optimum the intercept's gradient is 0, and the block's gradients sum to it plus l2 times
 * that sum).
 *
 * Returns the column indices of each block. The sum is checked on the data rather than trusted
 * from the roles, so a hand-made or partial block is left alone.
 */
export function completeOneHotBlocks(matrix: FeatureMatrix, normalizedWeights: Float64Array): number[][] {
  const byFeature = new Map<string, number[]>();
  matrix.features.forEach((feature, j) => {
    if (!ONE_HOT_ROLES.has(feature.role)) return;
    const block = byFeature.get(feature.feature) ?? [];
    block.push(j);
    byFeature.set(feature.feature, block);
  });
  return [...byFeature.values()].filter((block) => sumsToOne(matrix, block, normalizedWeights));
}

/**
 * Moves each block's mean coefficient into the intercept, which changes no prediction and lands
 * exactly on the penalized optimum along that direction. Newton's method finds it anyway; L-BFGS
 * barely moves along such a flat direction (its slope is l2 times the block's sum), and without
 * this step the split between intercept and categories, and so each category's contribution in
 * explanations, would depend on the solver.
 */
export function centerOneHotBlocks(parameters: Float64Array, blocks: readonly number[][]): void {
  for (const block of blocks) {
    let sum = 0;
    for (const j of block) sum += parameters[j + 1]!;
    const mean = sum / block.length;
    for (const j of block) parameters[j + 1] = parameters[j + 1]! - mean;
    parameters[0] = parameters[0]! + mean;
  }
}

function sumsToOne(matrix: FeatureMatrix, block: readonly number[], weights: Float64Array): boolean {
  for (let row = 0; row < matrix.rowCount; row += 1) {
    if (weights[row] === 0) continue;
    let sum = 0;
    for (const j of block) sum += matrix.columns[j]![row]!;
    if (sum !== 1) return false;
  }
  return true;
}
