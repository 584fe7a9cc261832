import { TREE_MODEL_FORMAT, type TreeModel } from '../../gbdt/index.ts';

/** One tree, one numeric split `x <= threshold` (left -1, right +1); missing goes left. */
export function oneSplitModel(threshold: number): TreeModel {
  return {
    format: TREE_MODEL_FORMAT,
    formatVersion: 1,
    objective: 'binary-logistic',
    baseScore: 0,
    learningRate: 0.1,
    features: [{ name: 'x', kind: 'numeric', categories: null }],
    trees: [
      {
        nodes: [
          { kind: 'numeric', feature: 0, threshold, missingGoesLeft: true, left: 1, right: 2, gain: 1, cover: 2, samples: 2, value: 0 },
          { kind: 'leaf', value: -1, cover: 1, samples: 1 },
          { kind: 'leaf', value: 1, cover: 1, samples: 1 },
        ],
      },
    ],
  };
}
