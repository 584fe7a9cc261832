import { BIN_SIDES } from '../gbdt/split-candidate.ts';
import type { ShapTree } from './shap-tree.ts';
import { gaussLegendre } from './gauss-legendre.ts';

/**
 * Every tree of a model as linear TreeSHAP (`tree-shap-kernel.ts`) reads it, in flat typed arrays
 * so that its loops are monomorphic: the splits of all trees one after another, each tree's in
 * node order (parents before children), and for every node the coefficients of its edge at the
 * tree's quadrature points ("lanes"). Only the row's route is left to compute per row; everything
 * that depends on the tree alone is here. README.md ("The algorithm") derives the coefficients.
 *
 * Node-indexed data is per tree: node n of tree t is lane block `n × lanes` of the row's scratch
 * and coefficient block `coefficientStart[t] + n × lanes[t]`.
 */
export interface ShapForest {
  /** The splits of tree t are `treeSplitStart[t]` to `treeSplitStart[t + 1]` (exclusive). */
  treeSplitStart: Int32Array;
  /**
   * Quadrature points ("lanes") of each tree: ⌈D / 2⌉ for D the most distinct features on one of
   * its paths, rounded up to an even number (at least 2) so that the WebAssembly kernel takes them
   * two at a time; more points than needed integrate just as exactly.
   */
  lanes: Int32Array;
  coefficientStart: Int32Array;

  /** Per split, in tree order and within a tree in node order. */
  feature: Int32Array;
  threshold: Float64Array;
  missingGoesLeft: Uint8Array;
  unseenGoesLeft: Uint8Array;
  /** Categorical splits: BIN_SIDES by code; null for numeric splits. */
  categorySides: (Uint8Array | null)[];
  /** The split's node and its two children, as node indices within the tree. */
  node: Int32Array;
  left: Int32Array;
  right: Int32Array;
  /**
   * The child, on this split's path, of the nearest split above it on the same feature (a node
   * index within the tree), or -1 when this is the path's first split on the feature.
   */
  previous: Int32Array;

  /** Per node and lane: the factor the edge into the node multiplies the path's product by, row hot or cold. */
  hotFactor: Float64Array;
  coldFactor: Float64Array;
  /** Per node and lane: quadrature weight × (what the edge adds to its feature's g, row hot or cold). */
  hotDelta: Float64Array;
  coldDelta: Float64Array;
  /** Per node of all trees (tree t's are `nodeStart[t]` to `nodeStart[t + 1]`): the edge's factor when the row already left the feature's path above. */
  settledFactor: Float64Array;
  nodeStart: Int32Array;

  /** Sizes of a row's scratch: lanes × nodes and nodes of the largest tree, splits of the tree with most. */
  scratchLanes: number;
  scratchNodes: number;
  scratchSplits: number;
}

/** How a split sends a row: the forest's arrays by split, a compiled tree's by node. */
export type SplitRouting = Pick<ShapForest, 'threshold' | 'missingGoesLeft' | 'unseenGoesLeft' | 'categorySides'>;

/**
 * The row's way at a split, exactly as prediction routes it (`childOf` in ../gbdt/compiled-tree.ts;
 * routing.test.ts holds the two together): NaN or ±Infinity is missing; a code that is not a listed
 * whole number goes the unseen way.
 */
export function goesLeft(routing: SplitRouting, split: number, value: number): boolean {
  if (!Number.isFinite(value)) return routing.missingGoesLeft[split] === 1;
  const sides = routing.categorySides[split];
  if (!sides) return value <= routing.threshold[split]!;
  const side = sides[value] ?? BIN_SIDES.unseen;
  return side === BIN_SIDES.left || (side === BIN_SIDES.unseen && routing.unseenGoesLeft[split] === 1);
}

interface TreeTables {
  lanes: number;
  splits: number[];
  previous: number[];
  hotFactor: Float64Array;
  coldFactor: Float64Array;
  hotDelta: Float64Array;
  coldDelta: Float64Array;
  settledFactor: Float64Array;
}

export function buildShapForest(trees: readonly ShapTree[]): ShapForest {
  const tables = trees.map(treeTables);
  const splitCount = tables.reduce((sum, table) => sum + table.splits.length, 0);
  const coefficientCount = tables.reduce((sum, table) => sum + table.hotFactor.length, 0);
  const nodeCount = tables.reduce((sum, table) => sum + table.settledFactor.length, 0);
  const forest: ShapForest = {
    treeSplitStart: new Int32Array(trees.length + 1),
    lanes: new Int32Array(trees.length),
    coefficientStart: new Int32Array(trees.length),
    feature: new Int32Array(splitCount),
    threshold: new Float64Array(splitCount),
    missingGoesLeft: new Uint8Array(splitCount),
    unseenGoesLeft: new Uint8Array(splitCount),
    categorySides: new Array<Uint8Array | null>(splitCount).fill(null),
    node: new Int32Array(splitCount),
    left: new Int32Array(splitCount),
    right: new Int32Array(splitCount),
    previous: new Int32Array(splitCount),
    hotFactor: new Float64Array(coefficientCount),
    coldFactor: new Float64Array(coefficientCount),
    hotDelta: new Float64Array(coefficientCount),
    coldDelta: new Float64Array(coefficientCount),
    settledFactor: new Float64Array(nodeCount),
    nodeStart: new Int32Array(trees.length + 1),
    scratchLanes: 1,
    scratchNodes: 1,
    scratchSplits: 1,
  };
  let split = 0;
  let coefficient = 0;
  let node = 0;
  trees.forEach(({ compiled }, tree) => {
    const table = tables[tree]!;
    forest.treeSplitStart[tree] = split;
    forest.lanes[tree] = table.lanes;
    forest.coefficientStart[tree] = coefficient;
    forest.nodeStart[tree] = node;
    table.splits.forEach((at, index) => {
      forest.feature[split] = compiled.feature[at]!;
      forest.threshold[split] = compiled.threshold[at]!;
      forest.missingGoesLeft[split] = compiled.missingGoesLeft[at]!;
      forest.unseenGoesLeft[split] = compiled.unseenGoesLeft[at]!;
      forest.categorySides[split] = compiled.categorySides[at]!;
      forest.node[split] = at;
      forest.left[split] = compiled.left[at]!;
      forest.right[split] = compiled.right[at]!;
      forest.previous[split] = table.previous[index]!;
      split++;
    });
    forest.hotFactor.set(table.hotFactor, coefficient);
    forest.coldFactor.set(table.coldFactor, coefficient);
    forest.hotDelta.set(table.hotDelta, coefficient);
    forest.coldDelta.set(table.coldDelta, coefficient);
    forest.settledFactor.set(table.settledFactor, node);
    coefficient += table.hotFactor.length;
    node += table.settledFactor.length;
    forest.scratchLanes = Math.max(forest.scratchLanes, table.hotFactor.length);
    forest.scratchNodes = Math.max(forest.scratchNodes, table.settledFactor.length);
    forest.scratchSplits = Math.max(forest.scratchSplits, table.splits.length);
  });
  forest.treeSplitStart[trees.length] = split;
  forest.nodeStart[trees.length] = node;
  return forest;
}

function treeTables({ compiled, coverShare }: ShapTree): TreeTables {
  const count = compiled.feature.length;
  const parent = new Int32Array(count).fill(-1);
  // Per node: the zero fraction of its parent split's feature there (the product of the cover
  // shares of every split on that feature from the root), the previous split's child on that
  // feature, and how many distinct features the path to the node splits on.
  const zero = new Float64Array(count);
  const previousOf = new Int32Array(count).fill(-1);
  const distinct = new Int32Array(count);
  const splits: number[] = [];
  const previous: number[] = [];
  let mostDistinct = 0;
  // Children always come after their parent, so one forward pass sees every parent first.
  for (let node = 0; node < count; node++) {
    const feature = compiled.feature[node]!;
    if (feature < 0) {
      mostDistinct = Math.max(mostDistinct, distinct[node]!);
      continue;
    }
    let earlier = -1;
    for (let child = node; child > 0; child = parent[child]!) {
      if (compiled.feature[parent[child]!] === feature) {
        earlier = child;
        break;
      }
    }
    splits.push(node);
    previous.push(earlier);
    for (const child of [compiled.left[node]!, compiled.right[node]!]) {
      parent[child] = node;
      previousOf[child] = earlier;
      zero[child] = coverShare[child]! * (earlier >= 0 ? zero[earlier]! : 1);
      distinct[child] = distinct[node]! + (earlier >= 0 ? 0 : 1);
    }
  }

  const lanes = 2 * Math.max(1, Math.ceil(mostDistinct / 4));
  const { nodes, weights } = gaussLegendre(lanes);
  const hotFactor = new Float64Array(count * lanes);
  const coldFactor = new Float64Array(count * lanes);
  const hotDelta = new Float64Array(count * lanes);
  const coldDelta = new Float64Array(count * lanes);
  const settledFactor = new Float64Array(count);
  for (let node = 1; node < count; node++) {
    // A leaf's value is folded into the factors of the edge into it.
    const value = compiled.feature[node]! < 0 ? compiled.value[node]! : 1;
    settledFactor[node] = coverShare[node]! * value;
    const z = zero[node]!;
    const earlier = previousOf[node]!;
    const earlierZ = earlier >= 0 ? zero[earlier]! : 0;
    for (let lane = 0; lane < lanes; lane++) {
      const t = nodes[lane]!;
      // With a split on the feature above, the row was hot there (the edge is not settled): the
      // path's product already holds that split's factor and its feature's g, which this edge replaces.
      const before = earlier >= 0 ? earlierZ + t * (1 - earlierZ) : 1;
      const gBefore = earlier >= 0 ? (1 - earlierZ) / before : 0;
      const hot = z + t * (1 - z);
      const at = node * lanes + lane;
      hotFactor[at] = (hot / before) * value;
      coldFactor[at] = ((z * (1 - t)) / before) * value;
      hotDelta[at] = weights[lane]! * ((1 - z) / hot - gBefore);
      coldDelta[at] = weights[lane]! * (-1 / (1 - t) - gBefore);
    }
  }
  return { lanes, splits, previous, hotFactor, coldFactor, hotDelta, coldDelta, settledFactor };
}
