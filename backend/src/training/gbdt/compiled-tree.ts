import { BIN_SIDES } from './split-candidate.ts';
import type { Tree } from './tree-model.ts';

/**
 * A tree of the model in typed arrays, for prediction on raw values. Category lists become a
 * lookup by code (left, right, or neither), so routing a row costs one array read per node.
 */
export interface CompiledTree {
  /** -1 at leaves. */
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missingGoesLeft: Uint8Array;
  unseenGoesLeft: Uint8Array;
  /** Categorical splits: BIN_SIDES by code; null for numeric splits and leaves. */
  categorySides: (Uint8Array | null)[];
  value: Float64Array;
}

export function compileTree(tree: Tree): CompiledTree {
  const count = tree.nodes.length;
  const compiled: CompiledTree = {
    feature: new Int32Array(count).fill(-1),
    threshold: new Float64Array(count),
    left: new Int32Array(count),
    right: new Int32Array(count),
    missingGoesLeft: new Uint8Array(count),
    unseenGoesLeft: new Uint8Array(count),
    categorySides: new Array<Uint8Array | null>(count).fill(null),
    value: new Float64Array(count),
  };
  tree.nodes.forEach((node, index) => {
    compiled.value[index] = node.value;
    if (node.kind === 'leaf') return;
    compiled.feature[index] = node.feature;
    compiled.left[index] = node.left;
    compiled.right[index] = node.right;
    compiled.missingGoesLeft[index] = node.missingGoesLeft ? 1 : 0;
    if (node.kind === 'numeric') {
      compiled.threshold[index] = node.threshold;
      return;
    }
    compiled.unseenGoesLeft[index] = node.unseenGoesLeft ? 1 : 0;
    let largestCode = -1;
    for (const code of node.leftCategories) largestCode = Math.max(largestCode, code);
    for (const code of node.rightCategories) largestCode = Math.max(largestCode, code);
    const sides = new Uint8Array(largestCode + 1);
    for (const code of node.leftCategories) sides[code] = BIN_SIDES.left;
    for (const code of node.rightCategories) sides[code] = BIN_SIDES.right;
    compiled.categorySides[index] = sides;
  });
  return compiled;
}

/**
 * The child a raw value leads to. Missing means NaN or ±Infinity, as in training. A code that is
 * not a listed whole number (unseen, out of range, fractional) goes the unseen way.
 */
function childOf(tree: CompiledTree, node: number, value: number): number {
  if (!Number.isFinite(value)) return tree.missingGoesLeft[node] === 1 ? tree.left[node]! : tree.right[node]!;
  const sides = tree.categorySides[node];
  if (!sides) return value <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  const side = sides[value] ?? BIN_SIDES.unseen;
  const goesLeft = side === BIN_SIDES.left || (side === BIN_SIDES.unseen && tree.unseenGoesLeft[node] === 1);
  return goesLeft ? tree.left[node]! : tree.right[node]!;
}

/** The leaf value of row `row` of column-major data. */
export function leafValueOfColumns(tree: CompiledTree, columns: readonly Float64Array[], row: number): number {
  let node = 0;
  let feature = tree.feature[0]!;
  while (feature >= 0) {
    node = childOf(tree, node, columns[feature]![row]!);
    feature = tree.feature[node]!;
  }
  return tree.value[node]!;
}

/** The leaf value of one row given as its feature values. */
export function leafValueOfRow(tree: CompiledTree, values: Float64Array): number {
  let node = 0;
  let feature = tree.feature[0]!;
  while (feature >= 0) {
    node = childOf(tree, node, values[feature]!);
    feature = tree.feature[node]!;
  }
  return tree.value[node]!;
}
