import type { FeatureMatrix } from '../../features/index.ts';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { compileTree, leafValueOfColumns, leafValueOfRow, type CompiledTree } from './compiled-tree.ts';
import { logistic } from './log-loss.ts';
import type { TreeModel, TreeModelFeature } from './tree-model.ts';

/**
 * Prediction from the model on raw feature values: NaN (or ±Infinity) for missing, integer codes
 * for categories, exactly as the feature transform writes them and as training saw them. The
 * raw score is the base score plus one leaf value per tree, added in tree order, which is the
 * order training added them in, so the scores match the trainer's to the last bit.
 */

const compiledModels = new WeakMap<TreeModel, CompiledTree[]>();

/** Models are treated as immutable: each is compiled once, on first use. */
function compiledTrees(model: TreeModel): CompiledTree[] {
  let trees = compiledModels.get(model);
  if (!trees) {
    trees = model.trees.map(compileTree);
    compiledModels.set(model, trees);
  }
  return trees;
}

/** Log-odds of each row of the matrix. */
export function predictRaw(model: TreeModel, matrix: FeatureMatrix): Float64Array {
  assertMatchingFeatures(model.features, matrix.features);
  const scores = new Float64Array(matrix.rowCount).fill(model.baseScore);
  const columns = matrix.columns;
  for (const tree of compiledTrees(model)) {
    for (let row = 0; row < matrix.rowCount; row++) scores[row]! += leafValueOfColumns(tree, columns, row);
  }
  return scores;
}

/** Probability of the positive outcome for each row of the matrix (uncalibrated). */
export function predictProbability(model: TreeModel, matrix: FeatureMatrix): Float64Array {
  const scores = predictRaw(model, matrix);
  for (let row = 0; row < scores.length; row++) scores[row] = logistic(scores[row]!);
  return scores;
}

/** Log-odds of one row given as its feature values, in the model's feature order. */
export function predictRow(model: TreeModel, values: Float64Array): number {
  if (values.length !== model.features.length) {
    throw new InvalidDataError(`A row for this model has ${model.features.length} feature values, not ${values.length}`);
  }
  let score = model.baseScore;
  for (const tree of compiledTrees(model)) score += leafValueOfRow(tree, values);
  return score;
}

export function predictRowProbability(model: TreeModel, values: Float64Array): number {
  return logistic(predictRow(model, values));
}

/** A matrix made by another feature spec would be scored with its columns mixed up, silently; refuse it. */
export function assertMatchingFeatures(expected: readonly TreeModelFeature[], actual: FeatureMatrix['features']): void {
  if (actual.length !== expected.length) {
    throw new InvalidDataError(`The data has ${actual.length} features and the model ${expected.length}; transform it with the model's feature spec`);
  }
  expected.forEach((feature, index) => {
    const found = actual[index]!;
    if (found.name !== feature.name || found.kind !== feature.kind) {
      throw new InvalidDataError(
        `Feature ${index + 1} is "${found.name}" (${found.kind}) but the model expects "${feature.name}" (${feature.kind}); transform the data with the model's feature spec`,
      );
    }
  });
}
