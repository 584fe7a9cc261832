import { z } from 'zod';
import { ValidationError } from '../../errors.ts';

/**
 * The gradient-boosted trees model as plain JSON: what is stored beside the ONNX file, what
 * explanations (TreeSHAP) and the ONNX export read, and what the TypeScript predictor runs.
 *
 * Every number is a raw feature value as the feature transform writes it (NaN for missing,
 * integer codes for categories), never a bin: the bins exist only while training. The raw score
 * of a row is `baseScore` plus the value of the leaf it reaches in each tree, in tree order; the
 * learning rate is already multiplied into the leaf values.
 */

export const TREE_MODEL_FORMAT = 'scorebridge-gbdt';
export const TREE_MODEL_FORMAT_VERSION = 1;

const finite = z.number().finite();
const nodeIndex = z.int().min(0);
const categoryCode = z.int().min(0);

/** What every node has: the training rows that reached it, for TreeSHAP and explanations. */
const nodeStatistics = {
  /** Hessian sum of the training rows that reached the node (its cover, as XGBoost calls it). */
  cover: z.number().min(0).finite(),
  /** Training rows (of the tree's row sample) that reached the node. */
  samples: z.int().min(0),
  /** What the node would output as a leaf: the Newton step of its rows, times the learning rate. */
  value: finite,
};

const splitFields = {
  ...nodeStatistics,
  /** Index into the model's `features`. */
  feature: z.int().min(0),
  /** Where missing values (NaN, and ±Infinity, which training treats as missing) go. */
  missingGoesLeft: z.boolean(),
  left: nodeIndex,
  right: nodeIndex,
  /** Loss reduction of the split, G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ), as LightGBM reports it. */
  gain: z.number().min(0).finite(),
};

export const leafNodeSchema = z.strictObject({ kind: z.literal('leaf'), ...nodeStatistics });

/** Rows with `value <= threshold` go left; the threshold is a bin edge in raw units. */
export const numericSplitNodeSchema = z.strictObject({ kind: z.literal('numeric'), ...splitFields, threshold: finite });

/**
 * Codes listed in `leftCategories` go left and those in `rightCategories` right; any other code
 * (one the node never saw in training, including a vocabulary's "other" when it had no rows there)
 * goes the way of `unseenGoesLeft`, the side that had more hessian.
 */
export const categoricalSplitNodeSchema = z.strictObject({
  kind: z.literal('categorical'),
  ...splitFields,
  leftCategories: z.array(categoryCode),
  rightCategories: z.array(categoryCode),
  unseenGoesLeft: z.boolean(),
});

export const treeNodeSchema = z.discriminatedUnion('kind', [leafNodeSchema, numericSplitNodeSchema, categoricalSplitNodeSchema]);

/** Node 0 is the root; children always come after their parent, so walking down always ends. */
export const treeSchema = z.strictObject({ nodes: z.array(treeNodeSchema).min(1) });

export const treeModelFeatureSchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(['numeric', 'categorical']),
  /** Labels of the codes of a categorical feature, when the matrix had them. */
  categories: z.array(z.string()).nullable(),
});

export const treeModelSchema = z
  .strictObject({
    format: z.literal(TREE_MODEL_FORMAT),
    formatVersion: z.literal(TREE_MODEL_FORMAT_VERSION),
    objective: z.literal('binary-logistic'),
    /** Log-odds of the training rows' positive rate: every row's score before the first tree. */
    baseScore: finite,
    /** Informational: it is already folded into the leaf values. */
    learningRate: z.number().gt(0).max(1),
    features: z.array(treeModelFeatureSchema).min(1),
    trees: z.array(treeSchema),
  })
  .superRefine((model, context) => {
    model.trees.forEach((tree, treeIndex) => {
      tree.nodes.forEach((node, nodeIndex) => {
        if (node.kind === 'leaf') return;
        const path = ['trees', treeIndex, 'nodes', nodeIndex];
        const feature = model.features[node.feature];
        if (!feature) {
          context.addIssue({ code: 'custom', path: [...path, 'feature'], message: `feature ${node.feature} does not exist` });
        } else if (feature.kind !== node.kind) {
          context.addIssue({ code: 'custom', path: [...path, 'kind'], message: `a ${node.kind} split on the ${feature.kind} feature "${feature.name}"` });
        }
        for (const side of ['left', 'right'] as const) {
          const child = node[side];
          if (child <= nodeIndex || child >= tree.nodes.length) {
            context.addIssue({ code: 'custom', path: [...path, side], message: `child ${child} must come after its parent and exist` });
          }
        }
      });
    });
  });

export type LeafNode = z.infer<typeof leafNodeSchema>;
export type NumericSplitNode = z.infer<typeof numericSplitNodeSchema>;
export type CategoricalSplitNode = z.infer<typeof categoricalSplitNodeSchema>;
export type TreeNode = z.infer<typeof treeNodeSchema>;
export type Tree = z.infer<typeof treeSchema>;
export type TreeModelFeature = z.infer<typeof treeModelFeatureSchema>;
export type TreeModel = z.infer<typeof treeModelSchema>;

/** Validates a model read back from storage, naming every bad field as `model.trees.3.nodes.7.left`. */
export function parseTreeModel(value: unknown): TreeModel {
  const result = treeModelSchema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ field: ['model', ...issue.path.map(String)].join('.'), message: issue.message }));
  const first = details[0]!;
  throw new ValidationError(`Invalid tree model: ${first.field}: ${first.message}`, details);
}
