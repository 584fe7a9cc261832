import type { TreeModel } from './tree-model.ts';

export interface FeatureImportance {
  feature: string;
  /** Sum of the gains of the feature's splits over all trees (LightGBM's "gain" importance). */
  gain: number;
  /** How many splits use the feature (LightGBM's "split" importance). */
  splits: number;
}

/** Per feature of the model, in the model's feature order (sort by `gain` for a ranking). */
export function featureImportance(model: TreeModel): FeatureImportance[] {
  const importance = model.features.map((feature) => ({ feature: feature.name, gain: 0, splits: 0 }));
  for (const tree of model.trees) {
    for (const node of tree.nodes) {
      if (node.kind === 'leaf') continue;
      const entry = importance[node.feature]!;
      entry.gain += node.gain;
      entry.splits += 1;
    }
  }
  return importance;
}
