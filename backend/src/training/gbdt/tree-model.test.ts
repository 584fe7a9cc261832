import assert from 'node:assert/strict';
import { ValidationError } from '../../errors.ts';
import { smallModel } from './test-support/small-model.ts';
import { parseTreeModel, type TreeModel } from './tree-model.ts';

function invalid(change: (model: TreeModel) => void, field: string): void {
  const model = smallModel();
  change(model);
  assert.throws(
    () => parseTreeModel(model),
    (error: unknown) => error instanceof ValidationError && error.details!.some((detail) => detail.field === field),
  );
}

describe('tree model schema', () => {
  it('should accept a well-formed model unchanged', () => {
    assert.deepEqual(parseTreeModel(smallModel()), smallModel());
  });

  it('should refuse children that point backwards or outside the tree, so walking down always ends', () => {
    invalid((model) => {
      (model.trees[0]!.nodes[2] as { left: number }).left = 0;
    }, 'model.trees.0.nodes.2.left');
    invalid((model) => {
      (model.trees[0]!.nodes[0] as { right: number }).right = 9;
    }, 'model.trees.0.nodes.0.right');
  });

  it('should refuse a split on a feature that does not exist or has the other kind', () => {
    invalid((model) => {
      (model.trees[0]!.nodes[0] as { feature: number }).feature = 5;
    }, 'model.trees.0.nodes.0.feature');
    invalid((model) => {
      (model.trees[0]!.nodes[2] as { feature: number }).feature = 0;
    }, 'model.trees.0.nodes.2.kind');
  });

  it('should refuse non-finite numbers, which JSON cannot carry', () => {
    invalid((model) => {
      (model.trees[0]!.nodes[0] as { threshold: number }).threshold = Number.POSITIVE_INFINITY;
    }, 'model.trees.0.nodes.0.threshold');
    invalid((model) => {
      model.baseScore = Number.NaN;
    }, 'model.baseScore');
  });

  it('should refuse another format or unknown fields', () => {
    invalid((model) => {
      (model as { format: string }).format = 'xgboost';
    }, 'model.format');
    invalid((model) => {
      Object.assign(model, { extra: 1 });
    }, 'model');
  });
});
