import assert from 'node:assert/strict';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { predictRow } from '../gbdt/predict.ts';
import { smallModel } from '../gbdt/test-support/small-model.ts';
import { TREE_MODEL_FORMAT, type TreeModel } from '../gbdt/tree-model.ts';
import { treeShap } from './tree-shap.ts';

/** One split on x (x <= 1 or missing: -1 over cover 4; else 3 over cover 6); y is never split on. */
function oneSplitModel(): TreeModel {
  return {
    format: TREE_MODEL_FORMAT,
    formatVersion: 1,
    objective: 'binary-logistic',
    baseScore: 0.5,
    learningRate: 0.1,
    features: [
      { name: 'x', kind: 'numeric', categories: null },
      { name: 'y', kind: 'numeric', categories: null },
    ],
    trees: [
      {
        nodes: [
          { kind: 'numeric', feature: 0, threshold: 1, missingGoesLeft: true, left: 1, right: 2, gain: 1, cover: 10, samples: 10, value: 0 },
          { kind: 'leaf', value: -1, cover: 4, samples: 4 },
          { kind: 'leaf', value: 3, cover: 6, samples: 6 },
        ],
      },
    ],
  };
}

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);
}

describe('TreeSHAP on hand-computed trees', () => {
  it('should give the one split feature the leaf value minus the cover-weighted mean', () => {
    const model = oneSplitModel();
    // The mean leaf value is (4·-1 + 6·3) / 10 = 1.4.
    const left = treeShap(model, Float64Array.of(0, 5));
    close(left.base, 0.5 + 1.4);
    close(left.contributions[0]!, -1 - 1.4);
    assert.equal(left.contributions[1], 0);
    close(treeShap(model, Float64Array.of(7, 5)).contributions[0]!, 3 - 1.4);
  });

  it('should send a missing value the way the split sends it', () => {
    close(treeShap(oneSplitModel(), Float64Array.of(Number.NaN, 0)).contributions[0]!, -2.4);
    close(treeShap(oneSplitModel(), Float64Array.of(-Infinity, 0)).contributions[0]!, -2.4);
  });

  it('should split the credit of two nested splits as the Shapley formula does', () => {
    // smallModel: x <= 1 gives -1 (cover 4); else segment 0 gives 2 (cover 3) and 1 gives 3 (cover 3).
    // v({}) = 1.1, v({x}) = 2.5, v({segment}) = 0.4·-1 + 0.6·2 = 0.8, v({x, segment}) = 2 for x = 5,
    // segment 0: φx = ½(2.5 − 1.1) + ½(2 − 0.8) = 1.3 and φsegment = ½(0.8 − 1.1) + ½(2 − 2.5) = −0.4.
    const model = smallModel();
    const { base, contributions } = treeShap(model, Float64Array.of(5, 0));
    close(base, 0.5 + 1.1);
    close(contributions[0]!, 1.3);
    close(contributions[1]!, -0.4);
    close(base + contributions[0]! + contributions[1]!, predictRow(model, Float64Array.of(5, 0)));
  });

  it('should route unseen and fractional codes the unseen way', () => {
    const model = smallModel();
    // Unseen goes right (+3): v({segment}) = 0.4·-1 + 0.6·3 = 1.4, v({x, segment}) = 3.
    for (const code of [2, 9, 0.5, -1]) {
      const { contributions } = treeShap(model, Float64Array.of(5, code));
      close(contributions[1]!, 0.5 * (1.4 - 1.1) + 0.5 * (3 - 2.5));
    }
  });

  it('should give a model of single leaves and one of no trees only a base', () => {
    const leaves: TreeModel = { ...oneSplitModel(), trees: [{ nodes: [{ kind: 'leaf', value: 0.25, cover: 3, samples: 3 }] }] };
    const leafResult = treeShap(leaves, Float64Array.of(1, 2));
    assert.equal(leafResult.base, 0.75);
    assert.deepEqual(Array.from(leafResult.contributions), [0, 0]);
    const empty = treeShap({ ...oneSplitModel(), trees: [] }, Float64Array.of(1, 2));
    assert.equal(empty.base, 0.5);
    assert.deepEqual(Array.from(empty.contributions), [0, 0]);
  });

  it('should split evenly below a node whose children have no cover', () => {
    const model = oneSplitModel();
    const tree = model.trees[0]!.nodes;
    tree[1] = { ...tree[1]!, cover: 0 };
    tree[2] = { ...tree[2]!, cover: 0 };
    const { base, contributions } = treeShap(model, Float64Array.of(0, 0));
    close(base, 0.5 + 1);
    close(contributions[0]!, -2);
  });

  it('should refuse a row of the wrong length as prediction does', () => {
    assert.throws(() => treeShap(oneSplitModel(), Float64Array.of(1)), InvalidDataError);
  });
});
