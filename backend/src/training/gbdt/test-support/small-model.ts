import { TREE_MODEL_FORMAT, type TreeModel } from '../tree-model.ts';

/**
 * A hand-written model of one tree: base score 0.5; x <= 1 (or missing) gives -1; otherwise
 * segment code 0 gives +2 and code 1 gives +3, and unseen codes and missing segments go right (+3).
 */
export function smallModel(): TreeModel {
  return {
    format: TREE_MODEL_FORMAT,
    formatVersion: 1,
    objective: 'binary-logistic',
    baseScore: 0.5,
    learningRate: 0.1,
    features: [
      { name: 'x', kind: 'numeric', categories: null },
      { name: 'segment', kind: 'categorical', categories: ['a', 'b', 'c'] },
    ],
    trees: [
      {
        nodes: [
          { kind: 'numeric', feature: 0, threshold: 1, missingGoesLeft: true, left: 1, right: 2, gain: 5, cover: 10, samples: 40, value: 0 },
          { kind: 'leaf', value: -1, cover: 4, samples: 16 },
          { kind: 'categorical', feature: 1, leftCategories: [0], rightCategories: [1], unseenGoesLeft: false, missingGoesLeft: false, left: 3, right: 4, gain: 2, cover: 6, samples: 24, value: 1 },
          { kind: 'leaf', value: 2, cover: 3, samples: 12 },
          { kind: 'leaf', value: 3, cover: 3, samples: 12 },
        ],
      },
    ],
  };
}
