import { goesLeft, type ShapForest } from './shap-forest.ts';

/** A row's working memory, sized by the forest; one per explainer (explaining is not reentrant). */
export interface ShapScratch {
  /** Per node of the current tree and lane: the path's product on the way down, the subtree's sum on the way up. */
  lanes: Float64Array;
  /** Per node of the current tree: 1 if the row goes this way at every split on the parent's feature down to here. */
  hot: Uint8Array;
  /** Per split of the current tree: SETTLED, or which child is hot. */
  state: Uint8Array;
}

const SETTLED = 0;
const LEFT_HOT = 1;
const RIGHT_HOT = 2;

export function createShapScratch(forest: ShapForest): ShapScratch {
  return { lanes: new Float64Array(forest.scratchLanes), hot: new Uint8Array(forest.scratchNodes), state: new Uint8Array(forest.scratchSplits) };
}

/**
 * Adds every tree's SHAP values for one row to `phi`: linear TreeSHAP, two passes over each tree's
 * splits (README.md, "The algorithm"). Down, in node order: route the row and carry each lane's
 * product of edge factors to the children (a leaf's holds its value too). Up, in reverse: sum each
 * node's subtree into its lanes and add the split's integral, Σ lane value × delta, to its feature.
 */
export function addForestShap(forest: ShapForest, values: Float64Array, phi: Float64Array, scratch: ShapScratch): void {
  const { treeSplitStart, feature, node, left, right, previous, hotFactor, coldFactor, hotDelta, coldDelta, settledFactor } = forest;
  const { lanes: p, hot, state } = scratch;
  const treeCount = forest.lanes.length;
  for (let tree = 0; tree < treeCount; tree++) {
    const first = treeSplitStart[tree]!;
    const end = treeSplitStart[tree + 1]!;
    if (first === end) continue; // a single leaf: its value is all in the base
    const m = forest.lanes[tree]!;
    const coefficients = forest.coefficientStart[tree]!;
    const nodes = forest.nodeStart[tree]!;
    for (let lane = 0; lane < m; lane++) p[lane] = 1;

    for (let split = first; split < end; split++) {
      const l = left[split]!;
      const r = right[split]!;
      const at = node[split]! * m;
      const atLeft = l * m;
      const atRight = r * m;
      const earlier = previous[split]!;
      if (earlier < 0 || hot[earlier] === 1) {
        const toLeft = goesLeft(forest, split, values[feature[split]!]!);
        hot[l] = toLeft ? 1 : 0;
        hot[r] = toLeft ? 0 : 1;
        state[split - first] = toLeft ? LEFT_HOT : RIGHT_HOT;
        const leftFactor = toLeft ? hotFactor : coldFactor;
        const rightFactor = toLeft ? coldFactor : hotFactor;
        const leftAt = coefficients + atLeft;
        const rightAt = coefficients + atRight;
        for (let lane = 0; lane < m; lane++) {
          const product = p[at + lane]!;
          p[atLeft + lane] = product * leftFactor[leftAt + lane]!;
          p[atRight + lane] = product * rightFactor[rightAt + lane]!;
        }
      } else {
        // The row left this feature's path at a split above: both ways are cold, and stay so.
        hot[l] = 0;
        hot[r] = 0;
        state[split - first] = SETTLED;
        const leftFactor = settledFactor[nodes + l]!;
        const rightFactor = settledFactor[nodes + r]!;
        for (let lane = 0; lane < m; lane++) {
          const product = p[at + lane]!;
          p[atLeft + lane] = product * leftFactor;
          p[atRight + lane] = product * rightFactor;
        }
      }
    }

    for (let split = end - 1; split >= first; split--) {
      const at = node[split]! * m;
      const atLeft = left[split]! * m;
      const atRight = right[split]! * m;
      const splitState = state[split - first]!;
      if (splitState === SETTLED) {
        for (let lane = 0; lane < m; lane++) p[at + lane] = p[atLeft + lane]! + p[atRight + lane]!;
        continue;
      }
      const leftDelta = splitState === LEFT_HOT ? hotDelta : coldDelta;
      const rightDelta = splitState === LEFT_HOT ? coldDelta : hotDelta;
      const leftAt = coefficients + atLeft;
      const rightAt = coefficients + atRight;
      // Even and odd lanes summed apart, as the WebAssembly kernel's two-lane additions do, so that
      // both give the same bits.
      let even = 0;
      let odd = 0;
      for (let lane = 0; lane < m; lane += 2) {
        const leftSum = p[atLeft + lane]!;
        const rightSum = p[atRight + lane]!;
        even += leftSum * leftDelta[leftAt + lane]! + rightSum * rightDelta[rightAt + lane]!;
        p[at + lane] = leftSum + rightSum;
        const leftNext = p[atLeft + lane + 1]!;
        const rightNext = p[atRight + lane + 1]!;
        odd += leftNext * leftDelta[leftAt + lane + 1]! + rightNext * rightDelta[rightAt + lane + 1]!;
        p[at + lane + 1] = leftNext + rightNext;
      }
      phi[feature[split]!]! += even + odd;
    }
  }
}
