import type { FeatureMatrix } from '../../features/index.ts';
import { InvalidDataError } from '../../datasets/invalid-data-error.ts';
import { assertMatchingFeatures } from '../gbdt/predict.ts';
import type { TreeModel } from '../gbdt/tree-model.ts';
import { buildShapForest } from './shap-forest.ts';
import { toShapTree } from './shap-tree.ts';
import { addForestShap, createShapScratch } from './tree-shap-kernel.ts';
import { createWasmTreeShap } from './tree-shap-wasm.ts';

/**
 * Exact SHAP values of the gradient-boosted trees model for rows of raw feature values, in the
 * model's raw output (log-odds): `base + Σ contributions` is `predictRow(model, values)`.
 */
export interface TreeShapResult {
  /** The model's expected raw output: baseScore plus each tree's cover-weighted mean leaf value. */
  base: number;
  /** One per feature of the model, in its feature order. */
  contributions: Float64Array;
}

export interface TreeShapMatrixResult {
  base: number;
  /** Row-major: row r's contributions are `contributions.subarray(r * featureCount, (r + 1) * featureCount)`. */
  contributions: Float64Array;
  featureCount: number;
}

/**
 * Everything TreeSHAP needs for one model, made once: the trees' splits and per-edge coefficients
 * (shap-forest.ts) and a row's scratch, sized by the largest tree. Explaining a row allocates
 * nothing but its result (and `explainRowInto` not even that). Not reentrant: one explainer per thread.
 */
export interface TreeShapExplainer {
  readonly base: number;
  readonly featureCount: number;
  /** Which kernel explains: WebAssembly where the runtime has it (with SIMD), else the same steps in JavaScript. */
  readonly kernel: TreeShapKernel;
  explainRow(values: Float64Array): TreeShapResult;
  /** Overwrites `out` (length featureCount) with the row's contributions and returns it. */
  explainRowInto(values: Float64Array, out: Float64Array): Float64Array;
  /** Every row of the matrix; `out` (rowCount × featureCount, row-major) is reused when given. */
  explainMatrix(matrix: FeatureMatrix, out?: Float64Array): TreeShapMatrixResult;
}

export type TreeShapKernel = 'webassembly' | 'javascript';

export interface TreeShapOptions {
  /** 'javascript' skips the WebAssembly kernel (for tests and benchmarks; both give the same bits). */
  kernel?: TreeShapKernel;
}

export function createTreeShapExplainer(model: TreeModel, options: TreeShapOptions = {}): TreeShapExplainer {
  const trees = model.trees.map(toShapTree);
  const featureCount = model.features.length;
  let base = model.baseScore;
  for (const tree of trees) base += tree.expectedValue;
  const forest = buildShapForest(trees);
  const wasm = options.kernel === 'javascript' ? null : createWasmTreeShap(forest, featureCount);
  if (options.kernel === 'webassembly' && !wasm) throw new Error('This runtime cannot run the WebAssembly TreeSHAP kernel');
  // The kernel has its own copy of the tables: the forest is kept only for the JavaScript kernel.
  const fallback = wasm ? null : { forest, scratch: createShapScratch(forest) };
  const rowValues = new Float64Array(featureCount);

  const explainRowInto = (values: Float64Array, out: Float64Array): Float64Array => {
    if (values.length !== featureCount) {
      throw new InvalidDataError(`A row for this model has ${featureCount} feature values, not ${values.length}`);
    }
    if (out.length !== featureCount) throw new RangeError(`The contributions buffer needs ${featureCount} entries, not ${out.length}`);
    if (fallback) {
      out.fill(0);
      addForestShap(fallback.forest, values, out, fallback.scratch);
    } else {
      wasm!.explainInto(values, out);
    }
    return out;
  };

  return {
    base,
    featureCount,
    kernel: wasm ? 'webassembly' : 'javascript',
    explainRow: (values) => ({ base, contributions: explainRowInto(values, new Float64Array(featureCount)) }),
    explainRowInto,
    explainMatrix(matrix, out) {
      assertMatchingFeatures(model.features, matrix.features);
      const size = matrix.rowCount * featureCount;
      if (out && out.length !== size) throw new RangeError(`The contributions buffer needs ${size} entries (rows × features), not ${out.length}`);
      const contributions = out ?? new Float64Array(size);
      const columns = matrix.columns;
      for (let row = 0; row < matrix.rowCount; row++) {
        for (let feature = 0; feature < featureCount; feature++) rowValues[feature] = columns[feature]![row]!;
        explainRowInto(rowValues, contributions.subarray(row * featureCount, (row + 1) * featureCount));
      }
      return { base, contributions, featureCount };
    },
  };
}

const explainers = new WeakMap<TreeModel, TreeShapExplainer>();

/** Models are treated as immutable (as predict.ts does): each gets one explainer, on first use. */
function explainerOf(model: TreeModel): TreeShapExplainer {
  let explainer = explainers.get(model);
  if (!explainer) {
    explainer = createTreeShapExplainer(model);
    explainers.set(model, explainer);
  }
  return explainer;
}

/** SHAP values of one row given as its feature values, in the model's feature order. */
export function treeShap(model: TreeModel, values: Float64Array): TreeShapResult {
  return explainerOf(model).explainRow(values);
}

/** SHAP values of every row of a matrix made by the model's feature spec. */
export function treeShapMatrix(model: TreeModel, matrix: FeatureMatrix, out?: Float64Array): TreeShapMatrixResult {
  return explainerOf(model).explainMatrix(matrix, out);
}
