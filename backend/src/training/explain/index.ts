/**
 * Explanations of the gradient-boosted trees model: exact path-dependent TreeSHAP values per
 * feature, in log-odds, whose sum plus the base value is the model's raw output; and the top
 * reasons of one record.
 */
export { topReasons } from './top-reasons.ts';
export type { Reason, TopReasons } from './top-reasons.ts';
export { createTreeShapExplainer, treeShap, treeShapMatrix } from './tree-shap.ts';
export type { TreeShapExplainer, TreeShapKernel, TreeShapMatrixResult, TreeShapOptions, TreeShapResult } from './tree-shap.ts';
