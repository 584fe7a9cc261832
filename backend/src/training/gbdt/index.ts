/**
 * Histogram-based gradient-boosted trees for a binary outcome, on the feature matrix of
 * features/. Train with `trainGbdt`; the model is plain JSON (`TreeModel`, validated by
 * `parseTreeModel`) that the predict functions run on raw feature values.
 */
export { featureImportance } from './feature-importance.ts';
export type { FeatureImportance } from './feature-importance.ts';
export { DEFAULT_GBDT_PARAMS, gbdtParamsSchema, parseGbdtParams } from './gbdt-params.ts';
export type { GbdtParams, GbdtParamsInput } from './gbdt-params.ts';
export { logistic } from './log-loss.ts';
export { predictProbability, predictRaw, predictRow, predictRowProbability } from './predict.ts';
export { trainGbdt } from './train-gbdt.ts';
export type { GbdtRoundProgress, GbdtTrainingResult, TrainGbdtOptions } from './train-gbdt.ts';
export { parseTreeModel, TREE_MODEL_FORMAT, TREE_MODEL_FORMAT_VERSION, treeModelSchema } from './tree-model.ts';
export type { CategoricalSplitNode, LeafNode, NumericSplitNode, Tree, TreeModel, TreeModelFeature, TreeNode } from './tree-model.ts';
